// Verification queue: "select all" checkbox, a live count of the selection, and a confirmation
// before a bulk action. Everything works without JavaScript; this only makes it quicker.
(function () {
  "use strict";

  function boxes() {
    return Array.prototype.slice.call(document.querySelectorAll("input.wf-select"));
  }

  function updateCount() {
    var out = document.querySelector("[data-selected-count]");
    if (!out) return;
    var chosen = boxes().filter(function (b) { return b.checked; });
    var agreements = chosen.filter(function (b) { return b.getAttribute("form") === "bulk-agreement"; }).length;
    var activities = chosen.length - agreements;
    out.textContent = chosen.length
      ? chosen.length + " dipilih (" + agreements + " kerja sama, " + activities + " kegiatan)"
      : "Belum ada yang dipilih";
  }

  function wireSelectAll() {
    var all = document.querySelector("[data-select-all]");
    if (!all) return;
    all.hidden = false;
    all.addEventListener("change", function () {
      boxes().forEach(function (b) { b.checked = all.checked; });
      updateCount();
    });
  }

  function wireBulkForms() {
    document.querySelectorAll("form.wf-bulk-form").forEach(function (form) {
      form.addEventListener("submit", function (event) {
        var count = boxes().filter(function (b) { return b.checked && b.getAttribute("form") === form.id; }).length;
        if (!count) {
          event.preventDefault();
          window.alert("Belum ada data jenis ini yang dipilih.");
          return;
        }
        var question = (form.getAttribute("data-confirm") || "Lanjutkan?") + " (" + count + " data)";
        if (!window.confirm(question)) event.preventDefault();
      });
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    wireSelectAll();
    wireBulkForms();
    boxes().forEach(function (b) { b.addEventListener("change", updateCount); });
    updateCount();
  });
})();
