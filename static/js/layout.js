// Layout helpers on every signed-in page, small and dependency-free:
// 1. the main menu collapses behind a "Menu" button on small screens. Without JavaScript the menu simply stays
//    open (the CSS hides it only once this script has marked the page), so nothing becomes unreachable;
// 2. a table wider than its box scrolls sideways: the box becomes a focusable, named region so that keyboard
//    users can scroll it too (WCAG 2.1.1; axe-core "scrollable-region-focusable").
(function () {
  "use strict";

  function wireMenu() {
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
  }

  function tableName(box) {
    var caption = box.querySelector("caption");
    var section = box.closest("section");
    var heading = section && section.querySelector("h2, h3");
    var name = (caption && caption.textContent) || (heading && heading.textContent) || "Tabel";
    return name.trim() + " (dapat digeser ke samping)";
  }

  function markScrollableTables() {
    document.querySelectorAll(".table-wrap").forEach(function (box) {
      var scrolls = box.scrollWidth > box.clientWidth + 1;
      if (scrolls && !box.hasAttribute("tabindex")) {
        box.setAttribute("tabindex", "0");
        box.setAttribute("role", "region");
        box.setAttribute("aria-label", tableName(box));
      } else if (!scrolls && box.getAttribute("role") === "region") {
        box.removeAttribute("tabindex");
        box.removeAttribute("role");
        box.removeAttribute("aria-label");
      }
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    wireMenu();
    markScrollableTables();
    window.addEventListener("resize", markScrollableTables);
  });
})();
