// RDV form enhancements; the form works without them.
const form = document.querySelector("[data-rdv-form]");
if (form) {
  // The duration field shows the chosen motif's duration, which an empty field means.
  const motif = form.querySelector("#champ-motifId");
  const duration = form.querySelector("#champ-durationInMin");
  const showMotifDuration = () => {
    const option = motif?.selectedOptions[0];
    if (duration) duration.placeholder = option?.dataset.duration ? `${option.dataset.duration} (durée du motif)` : "";
  };
  motif?.addEventListener("change", showMotifDuration);
  showMotifDuration();

  // Enter in the usager search field searches instead of saving the RDV.
  const search = form.querySelector("[data-user-search]");
  const searchButton = form.querySelector("[data-search-button]");
  search?.addEventListener("keydown", (event) => {
    if (event.key === "Enter") {
      event.preventDefault();
      form.requestSubmit(searchButton);
    }
  });
}
