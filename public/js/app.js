// Small progressive enhancements; every page works without them.
document.querySelectorAll("[data-autosubmit]").forEach((select) => {
  select.addEventListener("change", () => select.form?.requestSubmit());
});
