// Print buttons on the recovery-codes sheet (no inline script under our CSP).
document.querySelectorAll("[data-print]").forEach((button) => {
  button.addEventListener("click", () => window.print());
});
