// The agenda's week and day views: FullCalendar, in the organisation's time zone, fed by /agenda/evenements.
// Without JavaScript, or if FullCalendar cannot start, the server-rendered list of the period stays in place.
(() => {
  const element = document.getElementById("agenda-calendrier");
  if (!element || typeof FullCalendar === "undefined") return;
  const { eventsUrl, agentId, date, view, timezone } = element.dataset;
  const list = document.querySelector("[data-agenda-list]");
  const errorBox = document.querySelector("[data-agenda-error]");
  const picker = document.querySelector("[data-agenda-picker]");
  const newRdvLink = document.querySelector("[data-agenda-new-rdv]");
  const CALENDAR_VIEWS = { semaine: "timeGridWeek", jour: "timeGridDay" };
  const PAGE_VIEWS = { timeGridWeek: "semaine", timeGridDay: "jour", listWeek: "semaine" };

  // FullCalendar's French texts (@fullcalendar/core/locales/fr), passed as a locale object: the standard bundle ships
  // no locale, and this spares serving another file.
  const FRENCH = {
    code: "fr",
    week: { dow: 1, doy: 4 },
    buttonText: {
      prev: "Précédent",
      next: "Suivant",
      today: "Aujourd'hui",
      year: "Année",
      month: "Mois",
      week: "Semaine",
      day: "Jour",
      list: "Liste",
    },
    // Hints become the buttons' accessible names; French needs the gender of the unit.
    buttonHints: {
      prev: (_text, unit) => (unit === "day" ? "Jour précédent" : "Semaine précédente"),
      next: (_text, unit) => (unit === "day" ? "Jour suivant" : "Semaine suivante"),
      today: (_text, unit) => (unit === "day" ? "Aujourd'hui" : "Cette semaine"),
    },
    viewHint: (text) => `Vue ${text.toLowerCase()}`,
    navLinkHint: "Voir le $0",
    moreLinkHint: (count) => (count === 1 ? "Voir 1 autre évènement" : `Voir ${count} autres évènements`),
    weekText: "Sem.",
    weekTextLong: "Semaine",
    allDayText: "Toute la journée",
    moreLinkText: "en plus",
    noEventsText: "Aucun évènement à afficher",
  };

  // Events come with the organisation's offset and, for a named zone without a time-zone plugin, FullCalendar shows
  // them at that offset's wall-clock time, whatever the browser's zone. It would take "now" (today's column, the
  // red line) in UTC, though: give it the organisation's wall clock instead.
  const wallClock = new Intl.DateTimeFormat("en-CA", {
    timeZone: timezone,
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    second: "2-digit",
    hourCycle: "h23",
  });
  const nowInOrganisation = () => {
    const part = Object.fromEntries(wallClock.formatToParts(new Date()).map(({ type, value }) => [type, value]));
    return `${part.year}-${part.month}-${part.day}T${part.hour}:${part.minute}:${part.second}`;
  };

  const showError = (message) => {
    if (!errorBox) return;
    errorBox.textContent = message;
    errorBox.hidden = message === "";
  };

  const loadEvents = (info, success, failure) => {
    // Without an offset, start and end are wall-clock times in the organisation's zone, as the endpoint expects.
    const params = new URLSearchParams({ agentId, start: info.startStr, end: info.endStr });
    fetch(`${eventsUrl}?${params}`, { headers: { accept: "application/json" }, credentials: "same-origin" })
      .then(async (response) => {
        const body = await response.json().catch(() => null);
        if (!response.ok) throw new Error(body?.error?.message ?? "Le serveur n'a pas répondu correctement.");
        return body;
      })
      .then(
        (events) => {
          showError("");
          success(events);
        },
        (error) => {
          showError(`Impossible de charger l'agenda : ${error.message}`);
          failure(error);
        },
      );
  };

  // Keep the address, the agent picker and « Nouveau RDV » on the day and view on screen, so that a reload or a
  // change of agent stays there.
  const followNavigation = (calendar, info) => {
    const day = calendar.getDate().toISOString().slice(0, 10);
    const vue = PAGE_VIEWS[info.view.type] ?? "semaine";
    const url = new URL(window.location.href);
    url.searchParams.set("date", day);
    url.searchParams.set("vue", vue);
    window.history.replaceState(null, "", url);
    if (picker) {
      picker.elements.namedItem("date").value = day;
      picker.elements.namedItem("vue").value = vue;
    }
    if (newRdvLink) {
      const link = new URL(newRdvLink.href);
      link.searchParams.set("date", day);
      newRdvLink.href = link.toString();
    }
  };

  element.hidden = false;
  try {
    const calendar = new FullCalendar.Calendar(element, {
      locale: FRENCH,
      timeZone: timezone,
      now: nowInOrganisation,
      initialView: CALENDAR_VIEWS[view] ?? "timeGridWeek",
      initialDate: date,
      headerToolbar: { left: "prev,next today", center: "title", right: "timeGridWeek,timeGridDay,listWeek" },
      allDaySlot: false,
      nowIndicator: true,
      navLinks: true,
      contentHeight: 640,
      scrollTime: "08:00:00",
      slotLabelFormat: { hour: "2-digit", minute: "2-digit" },
      eventTimeFormat: { hour: "2-digit", minute: "2-digit" },
      events: loadEvents,
      datesSet: (info) => followNavigation(calendar, info),
    });
    calendar.render();
    if (list) list.hidden = true;
  } catch (error) {
    element.hidden = true;
    throw error;
  }
})();
