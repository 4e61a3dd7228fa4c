// Recurrence fields of the plage and absence forms: show only the fields that the chosen frequency uses. Without
// JavaScript every field stays visible and the server ignores those that do not apply.
document.querySelectorAll("[data-recurrence]").forEach((fieldset) => {
  const every = fieldset.querySelector("[data-recurrence-every]");
  if (!every) return;
  const update = () => {
    fieldset.querySelectorAll("[data-recurrence-show]").forEach((group) => {
      group.hidden = !group.dataset.recurrenceShow.split(" ").includes(every.value);
    });
  };
  every.addEventListener("change", update);
  update();
});
