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
  const CALENDAR_VIEWS = { semaine: "timeGridWeek", jour: "timeGridDay", liste: "listWeek" };
  const PAGE_VIEWS = { timeGridWeek: "semaine", timeGridDay: "jour", listWeek: "liste" };
  // On a phone a week of seven columns is unreadable: unless the address names a view, start on the list.
  const phone = window.matchMedia("(max-width: 575.98px)").matches;
  const viewNamed = new URL(window.location.href).searchParams.has("vue");
  const initialView = !viewNamed && phone ? "listWeek" : (CALENDAR_VIEWS[view] ?? "timeGridWeek");

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

  // Plages d'ouverture are drawn behind the RDVs in the time grids; a list view skips background events, so there
  // they become list items (the feed is fetched again when the view switches between the two kinds).
  let calendar;
  const isList = (type) => type.startsWith("list");
  const forCurrentView = (event) =>
    event.display === "background" && calendar && isList(calendar.view.type)
      ? { ...event, display: "list-item" }
      : event;

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
          success(events.map(forCurrentView));
        },
        (error) => {
          showError(`Impossible de charger l'agenda : ${error.message}`);
          failure(error);
        },
      );
  };

  // FullCalendar draws its chevrons as <span role="img"> without a name: the button's own label is the name, the
  // icon is decoration.
  const labelToolbarButtons = () => {
    for (const button of element.querySelectorAll(".fc-button")) {
      // Only icon buttons: a button with visible text keeps it as its name (WCAG 2.5.3).
      if (!button.textContent.trim() && button.title) button.setAttribute("aria-label", button.title);
      for (const icon of button.querySelectorAll(".fc-icon")) {
        icon.removeAttribute("role");
        icon.setAttribute("aria-hidden", "true");
      }
    }
  };

  // The time grid shows the working day (07:00–20:00) at full height, with no scrolling box inside the page (which a
  // keyboard could not scroll, WCAG 2.1.1), and stretches to any event that starts earlier or ends later.
  const DAY_HOURS = { first: 7, last: 20 };
  const hourOf = (iso) => Number(iso.slice(11, 13)) + Number(iso.slice(14, 16)) / 60;
  const fitHours = (events) => {
    if (!calendar || isList(calendar.view.type)) return;
    let first = DAY_HOURS.first;
    let last = DAY_HOURS.last;
    for (const event of events) {
      if (!event.startStr || !event.endStr) continue;
      first = Math.min(first, Math.floor(hourOf(event.startStr)));
      const end = hourOf(event.endStr);
      last = Math.max(
        last,
        end === 0 && event.endStr.slice(0, 10) !== event.startStr.slice(0, 10) ? 24 : Math.ceil(end),
      );
    }
    const min = `${String(first).padStart(2, "0")}:00:00`;
    const max = `${String(last).padStart(2, "0")}:00:00`;
    if (calendar.getOption("slotMinTime") !== min) calendar.setOption("slotMinTime", min);
    if (calendar.getOption("slotMaxTime") !== max) calendar.setOption("slotMaxTime", max);
  };

  // Keep the address, the agent picker and « Nouveau RDV » on the day and view on screen, so that a reload or a
  // change of agent stays there.
  let lastViewWasList = null;
  const followNavigation = (info) => {
    labelToolbarButtons();
    const list = isList(info.view.type);
    if (lastViewWasList !== null && lastViewWasList !== list) calendar.refetchEvents();
    lastViewWasList = list;
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

  // A click on an empty time of the week or day grid opens the RDV form for this agent at that day and time (the
  // keyboard way is « Nouveau RDV », or the team's day). Dates are the organisation's wall clock coerced to UTC, as
  // for the day kept in the address.
  const bookAt = (info) => {
    if (!newRdvLink || !info.view.type.startsWith("timeGrid")) return;
    const iso = info.date.toISOString();
    const link = new URL(newRdvLink.href);
    link.searchParams.set("date", iso.slice(0, 10));
    link.searchParams.set("time", iso.slice(11, 16));
    window.location.assign(link.toString());
  };

  element.hidden = false;
  try {
    calendar = new FullCalendar.Calendar(element, {
      locale: FRENCH,
      timeZone: timezone,
      now: nowInOrganisation,
      initialView,
      initialDate: date,
      headerToolbar: phone
        ? { left: "title", right: "prev,next" }
        : { left: "prev,next today", center: "title", right: "timeGridWeek,timeGridDay,listWeek" },
      footerToolbar: phone ? { left: "today", right: "timeGridWeek,timeGridDay,listWeek" } : false,
      // A week on a phone: « L 3 », « M 4 »… instead of headers running into each other.
      dayHeaderFormat: phone
        ? { weekday: "narrow", day: "numeric" }
        : { weekday: "short", day: "numeric", month: "numeric" },
      // A 20-minute RDV stays tall enough for one line of text.
      eventMinHeight: 24,
      eventShortHeight: 44,
      slotEventOverlap: false,
      allDaySlot: false,
      nowIndicator: true,
      navLinks: true,
      contentHeight: "auto",
      slotLabelFormat: { hour: "2-digit", minute: "2-digit" },
      eventTimeFormat: { hour: "2-digit", minute: "2-digit" },
      events: loadEvents,
      datesSet: followNavigation,
      dateClick: bookAt,
      eventsSet: fitHours,
      slotMinTime: "07:00:00",
      slotMaxTime: "20:00:00",
    });
    calendar.render();
    if (list) list.hidden = true;
  } catch (error) {
    element.hidden = true;
    throw error;
  }
})();
