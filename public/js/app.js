// Small progressive enhancements; every page works without them.
document.querySelectorAll("[data-autosubmit]").forEach((select) => {
  select.addEventListener("change", () => select.form?.requestSubmit());
});

// After a round trip (a form sent back with errors, a usager search), start where the answer is rather than at the
// top of the page: the error summary, else the first faulty field, else what the page marks with data-autofocus.
(() => {
  const summary = document.querySelector("[data-error-summary]");
  const target =
    summary ?? document.querySelector("main [aria-invalid='true']") ?? document.querySelector("main [data-autofocus]");
  if (target) target.focus();
})();

// A link of the error summary focuses its field (a fragment link only scrolls) with the field's label in view; a
// group of checkboxes is reached through its first box.
document.querySelectorAll("[data-error-link]").forEach((link) => {
  link.addEventListener("click", (event) => {
    const target = document.getElementById(decodeURIComponent(link.hash.slice(1)));
    if (!target) return;
    const focusable = target.matches("input, select, textarea, button")
      ? target
      : (target.closest("fieldset") ?? target).querySelector("input, select, textarea");
    if (!focusable) return;
    event.preventDefault();
    const label = focusable.id ? document.querySelector(`label[for="${CSS.escape(focusable.id)}"]`) : null;
    (target.closest("fieldset")?.querySelector("legend") ?? label ?? focusable).scrollIntoView({ block: "start" });
    focusable.focus({ preventScroll: true });
  });
});
