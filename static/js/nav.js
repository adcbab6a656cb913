// The main menu collapses behind a "Menu" button on small screens. Without JavaScript the menu simply stays
// open (the CSS hides it only when this script has marked the page), so nothing becomes unreachable.
(function () {
  "use strict";
  document.addEventListener("DOMContentLoaded", function () {
    var nav = document.querySelector("[data-nav]");
    if (!nav) return;
    var button = nav.querySelector(".nav-toggle");
    nav.classList.add("nav-js");
    button.hidden = false;
    button.addEventListener("click", function () {
      var open = button.getAttribute("aria-expanded") !== "true";
      button.setAttribute("aria-expanded", open ? "true" : "false");
      nav.classList.toggle("nav-open", open);
    });
    document.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && nav.classList.contains("nav-open")) {
        button.setAttribute("aria-expanded", "false");
        nav.classList.remove("nav-open");
        button.focus();
      }
    });
  });
})();
