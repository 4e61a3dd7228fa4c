// « Imprimer »: the browser's print dialog (the button exists only where JavaScript runs).
for (const button of document.querySelectorAll("[data-print]")) {
  button.hidden = false;
  button.addEventListener("click", () => window.print());
}
