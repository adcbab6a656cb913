/* Hubal Jabar: record pages (partners, agreements, activities, evidence).
 * Progressive enhancement only: every page works without this file.
 * - select-all checkboxes for bulk submit on lists;
 * - a type-ahead partner picker over the shared directory (replaces the plain <select multiple>);
 * - the "daftarkan mitra baru" dialog, with the near-duplicate warning;
 * - feedback on the files chosen for upload;
 * - empty filter fields left out of list URLs.
 * All text from the server is inserted with textContent, never as HTML.
 */
(function () {
  "use strict";

  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (key) { node.setAttribute(key, attrs[key]); });
    if (text !== undefined && text !== null) { node.textContent = text; }
    return node;
  }

  function formatSize(bytes) {
    if (bytes >= 1024 * 1024) { return (bytes / (1024 * 1024)).toFixed(1).replace(".", ",") + " MB"; }
    return Math.max(1, Math.round(bytes / 1024)) + " KB";
  }

  /* Lists: select all + count of chosen rows */
  function initBulk() {
    var all = document.querySelector("[data-select-all]");
    var counter = document.querySelector("[data-bulk-count]");
    var boxes = Array.prototype.slice.call(document.querySelectorAll("[data-row-check]"));
    var form = document.querySelector("[data-bulk-form]");
    if (!boxes.length) {
      if (all) { all.disabled = true; }
      if (form) { form.hidden = true; }
      return;
    }
    function refresh() {
      var chosen = boxes.filter(function (b) { return b.checked; }).length;
      if (counter) { counter.textContent = chosen ? chosen + " data dipilih." : "Belum ada yang dipilih."; }
      if (all) {
        all.checked = chosen === boxes.length;
        all.indeterminate = chosen > 0 && chosen < boxes.length;
      }
      if (form) { form.querySelector("button[type=submit]").disabled = chosen === 0; }
    }
    if (all) {
      all.addEventListener("change", function () {
        boxes.forEach(function (b) { b.checked = all.checked; });
        refresh();
      });
    }
    boxes.forEach(function (b) { b.addEventListener("change", refresh); });
    refresh();
  }

  /* Filter forms: leave empty fields out of the URL */
  function initFilters() {
    document.querySelectorAll("form.records-filters").forEach(function (form) {
      form.addEventListener("submit", function () {
        form.querySelectorAll("input, select").forEach(function (field) {
          if (!field.name) { return; }
          if ((field.type === "checkbox" && !field.checked) || (field.type !== "checkbox" && field.value === "")) {
            field.disabled = true;
          }
        });
      });
    });
  }

  /* Files chosen for upload: name, size, and an early warning (the server decides) */
  var ALLOWED = /\.(pdf|jpe?g|png|docx|xlsx)$/i;

  function initFileFeedback() {
    document.querySelectorAll("input[type=file][data-file-feedback]").forEach(function (input) {
      var list = input.parentNode.querySelector("[data-file-list]");
      var maxBytes = parseInt(input.getAttribute("data-max-bytes") || "0", 10);
      input.addEventListener("change", function () {
        if (!list) { return; }
        list.textContent = "";
        Array.prototype.forEach.call(input.files, function (file) {
          var problem = "";
          if (maxBytes && file.size > maxBytes) { problem = "terlalu besar"; }
          else if (!ALLOWED.test(file.name)) { problem = "jenis berkas tampaknya tidak diizinkan"; }
          var item = el("li", { "class": problem ? "bad" : "ok" },
            file.name + " · " + formatSize(file.size) + (problem ? " · " + problem : ""));
          list.appendChild(item);
        });
        if (input.files.length > 1) {
          list.appendChild(el("li", { "class": "muted" }, input.files.length + " berkas akan diunggah bersama."));
        }
      });
    });
  }

  /* Partner picker */
  function PartnerPicker(container) {
    this.container = container;
    this.select = container.querySelector("select[data-partner-select]");
    this.searchUrl = container.getAttribute("data-search-url");
    this.active = -1;
    this.timer = null;
    this.build();
  }

  PartnerPicker.prototype.build = function () {
    var self = this;
    var id = this.select.id + "-search";
    var listId = this.select.id + "-results";
    this.box = el("div", { "class": "picker-box" });
    this.chips = el("div", { "class": "picker-chips", "aria-live": "polite" });
    this.input = el("input", {
      type: "search", id: id, role: "combobox", autocomplete: "off", "aria-autocomplete": "list",
      "aria-expanded": "false", "aria-controls": listId, placeholder: "Ketik nama atau singkatan lembaga…"
    });
    this.results = el("ul", { "class": "picker-results", id: listId, role: "listbox" });
    this.box.appendChild(this.chips);
    this.box.appendChild(this.input);
    this.box.appendChild(this.results);
    this.select.parentNode.insertBefore(this.box, this.select);
    var label = this.container.querySelector("label[for='" + this.select.id + "']");
    if (label) { label.setAttribute("for", id); }
    this.container.classList.add("enhanced");
    this.input.addEventListener("input", function () { self.schedule(); });
    this.input.addEventListener("keydown", function (event) { self.onKey(event); });
    this.input.addEventListener("blur", function () { setTimeout(function () { self.close(); }, 200); });
    this.renderChips();
  };

  PartnerPicker.prototype.renderChips = function () {
    var self = this;
    this.chips.textContent = "";
    Array.prototype.forEach.call(this.select.options, function (option) {
      if (!option.selected) { return; }
      var chip = el("span", { "class": "chip" }, option.textContent + " ");
      var remove = el("button", { type: "button", "aria-label": "Hapus " + option.textContent }, "×");
      remove.addEventListener("click", function () {
        option.selected = false;
        self.renderChips();
        self.input.focus();
      });
      chip.appendChild(remove);
      self.chips.appendChild(chip);
    });
    this.pendingInputs().forEach(function (input) {
      var text = input.getAttribute("data-label");
      var chip = el("span", { "class": "chip chip-new", title: "Didaftarkan ke direktori saat formulir ini disimpan" },
        text + " (baru) ");
      var remove = el("button", { type: "button", "aria-label": "Hapus " + text }, "×");
      remove.addEventListener("click", function () {
        input.parentNode.removeChild(input);
        self.renderChips();
        self.input.focus();
      });
      chip.appendChild(remove);
      self.chips.appendChild(chip);
    });
  };

  /* Partners from the quick-create dialog travel as signed tokens and are created with the record. */
  PartnerPicker.prototype.pendingInputs = function () {
    return Array.prototype.slice.call(this.container.querySelectorAll("input[name=new_partners]"));
  };

  PartnerPicker.prototype.addPending = function (partner) {
    var same = this.pendingInputs().some(function (input) { return input.getAttribute("data-label") === partner.label; });
    if (!same) {
      var input = el("input", { type: "hidden", name: "new_partners", value: partner.token, "data-label": partner.label });
      (this.container.querySelector("[data-pending-partners]") || this.container).appendChild(input);
    }
    this.input.value = "";
    this.close();
    this.renderChips();
    this.input.focus();
  };

  PartnerPicker.prototype.schedule = function () {
    var self = this;
    clearTimeout(this.timer);
    var query = this.input.value.trim();
    if (query.length < 2) { this.close(); return; }
    this.timer = setTimeout(function () { self.search(query); }, 200);
  };

  PartnerPicker.prototype.search = function (query) {
    var self = this;
    fetch(this.searchUrl + "?q=" + encodeURIComponent(query), {
      credentials: "same-origin", headers: { "Accept": "application/json" }
    }).then(function (response) { return response.ok ? response.json() : { results: [], similar: [] }; })
      .then(function (data) { if (self.input.value.trim() === query) { self.render(query, data); } })
      .catch(function () { self.close(); });
  };

  PartnerPicker.prototype.isChosen = function (id) {
    var option = this.select.querySelector("option[value='" + id + "']");
    return option && option.selected;
  };

  PartnerPicker.prototype.render = function (query, data) {
    var self = this;
    this.results.textContent = "";
    this.items = [];
    function add(partner) {
      if (self.isChosen(partner.id)) { return; }
      var item = el("li", { role: "option", id: self.select.id + "-opt-" + partner.id, "aria-selected": "false" });
      item.appendChild(el("span", {}, partner.label));
      item.appendChild(el("span", { "class": "muted" },
        " · " + partner.category_label + (partner.home_office ? " · " + partner.home_office : "")));
      item.addEventListener("mousedown", function (event) { event.preventDefault(); self.choose(partner); });
      self.results.appendChild(item);
      self.items.push({ node: item, partner: partner });
    }
    (data.results || []).forEach(add);
    if ((data.similar || []).length) {
      this.results.appendChild(el("li", { "class": "picker-heading", role: "presentation" }, "Nama yang mirip"));
      data.similar.forEach(add);
    }
    if (!(data.results || []).length && !(data.similar || []).length) {
      this.results.appendChild(el("li", { "class": "picker-heading", role: "presentation" },
        "Tidak ditemukan di direktori."));
    }
    var create = el("li", { role: "option", id: this.select.id + "-opt-new", "aria-selected": "false" },
      "+ Daftarkan “" + query + "” sebagai mitra baru");
    create.addEventListener("mousedown", function (event) { event.preventDefault(); openQuickDialog(self, query); });
    this.results.appendChild(create);
    this.items.push({ node: create, partner: null, query: query });
    this.active = -1;
    this.input.setAttribute("aria-expanded", "true");
  };

  PartnerPicker.prototype.close = function () {
    this.results.textContent = "";
    this.items = [];
    this.active = -1;
    this.input.setAttribute("aria-expanded", "false");
    this.input.removeAttribute("aria-activedescendant");
  };

  PartnerPicker.prototype.move = function (step) {
    if (!this.items || !this.items.length) { return; }
    if (this.active >= 0) { this.items[this.active].node.setAttribute("aria-selected", "false"); }
    this.active = (this.active + step + this.items.length) % this.items.length;
    var current = this.items[this.active].node;
    current.setAttribute("aria-selected", "true");
    current.scrollIntoView({ block: "nearest" });
    this.input.setAttribute("aria-activedescendant", current.id);
  };

  PartnerPicker.prototype.onKey = function (event) {
    if (event.key === "ArrowDown") { event.preventDefault(); this.move(1); }
    else if (event.key === "ArrowUp") { event.preventDefault(); this.move(-1); }
    else if (event.key === "Escape") { this.close(); }
    else if (event.key === "Enter") {
      event.preventDefault();  // never submit the record form from the search box
      var item = this.items && this.items[this.active >= 0 ? this.active : 0];
      if (!item) { return; }
      if (item.partner) { this.choose(item.partner); } else { openQuickDialog(this, item.query); }
    }
  };

  PartnerPicker.prototype.choose = function (partner) {
    if (partner.token) { this.addPending(partner); return; }
    var option = this.select.querySelector("option[value='" + partner.id + "']");
    if (!option) {
      option = el("option", { value: String(partner.id) }, partner.label);
      this.select.appendChild(option);
    }
    option.selected = true;
    this.input.value = "";
    this.close();
    this.renderChips();
    this.input.focus();
  };

  /* "Daftarkan mitra baru" dialog */
  var dialog = null;
  var dialogPicker = null;

  function feedbackBox() { return dialog.querySelector("[data-quick-feedback]"); }

  function showMessage(kind, text) {
    var box = feedbackBox();
    box.textContent = "";
    var alert = el("div", { "class": "alert alert-" + kind, role: kind === "error" ? "alert" : "status" }, text);
    box.appendChild(alert);
    return alert;
  }

  function offerPartners(alert, partners) {
    var list = el("ul");
    partners.forEach(function (partner) {
      var item = el("li", {}, partner.label + " · " + partner.category_label +
        (partner.home_office ? " · " + partner.home_office : "") + " ");
      var use = el("button", { type: "button", "class": "btn btn-small" }, "Gunakan yang ini");
      use.addEventListener("click", function () { useExisting(partner); });
      item.appendChild(use);
      list.appendChild(item);
    });
    alert.appendChild(list);
  }

  function useExisting(partner) {
    if (dialogPicker) { dialogPicker.choose(partner); }
    closeQuickDialog();
  }

  function openQuickDialog(picker, name) {
    if (!dialog) { return; }
    dialogPicker = picker;
    var form = dialog.querySelector("form");
    form.reset();
    form.querySelector("[data-quick-confirm]").value = "";
    feedbackBox().textContent = "";
    form.querySelector("[name=name]").value = name || "";
    if (typeof dialog.showModal === "function") { dialog.showModal(); } else { dialog.setAttribute("open", ""); }
    form.querySelector("[name=name]").focus();
  }

  function closeQuickDialog() {
    if (typeof dialog.close === "function") { dialog.close(); } else { dialog.removeAttribute("open"); }
    if (dialogPicker) { dialogPicker.input.focus(); }
  }

  function showErrors(errors) {
    var alert = showMessage("error", "Periksa isian berikut:");
    var list = el("ul");
    Object.keys(errors || {}).forEach(function (field) {
      errors[field].forEach(function (error) { list.appendChild(el("li", {}, error.message)); });
    });
    alert.appendChild(list);
  }

  function submitQuick(event) {
    event.preventDefault();
    var form = event.target;
    var button = form.querySelector("[data-quick-submit]");
    button.disabled = true;
    fetch(form.action, {
      method: "POST", body: new FormData(form), credentials: "same-origin",
      headers: { "Accept": "application/json", "X-Requested-With": "fetch" }
    }).then(function (response) {
      return response.json().then(function (data) { return { status: response.status, data: data }; });
    }).then(function (result) {
      var data = result.data;
      if (data.ok && data.partner) {
        useExisting(data.partner);
      } else if (data.existing) {
        offerPartners(showMessage("warning", data.message), [data.existing]);
      } else if (data.similar) {
        var alert = showMessage("warning", data.message);
        offerPartners(alert, data.similar);
        var confirm = el("button", { type: "button", "class": "btn btn-small" }, "Tetap daftarkan sebagai lembaga baru");
        confirm.addEventListener("click", function () {
          form.querySelector("[data-quick-confirm]").value = "1";
          form.requestSubmit ? form.requestSubmit() : form.dispatchEvent(new Event("submit", { cancelable: true }));
        });
        alert.appendChild(confirm);
      } else if (data.errors) {
        showErrors(data.errors);
      } else {
        showMessage("error", data.message || "Pendaftaran gagal. Coba lagi.");
      }
    }).catch(function () {
      showMessage("error", "Tidak dapat menghubungi server. Periksa koneksi lalu coba lagi.");
    }).then(function () { button.disabled = false; });
  }

  function initPickers() {
    dialog = document.getElementById("partner-quick-dialog");
    var pickers = [];
    document.querySelectorAll("[data-partner-picker]").forEach(function (container) {
      if (!container.querySelector("select[data-partner-select]")) { return; }
      var picker = new PartnerPicker(container);
      pickers.push(picker);
      var opener = container.querySelector("[data-quick-open]");
      if (opener && dialog) {
        opener.removeAttribute("target");
        opener.addEventListener("click", function (event) {
          event.preventDefault();
          openQuickDialog(picker, picker.input.value.trim());
        });
      }
    });
    if (dialog) {
      dialog.querySelector("form").addEventListener("submit", submitQuick);
      dialog.querySelector("[data-quick-close]").addEventListener("click", closeQuickDialog);
    }
    return pickers;
  }

  // Files kept across a failed submit: "Hapus" detaches one (its checkbox is unchecked and the row hidden).
  function initKeptFiles() {
    document.querySelectorAll("[data-kept-item]").forEach(function (item) {
      var box = item.querySelector("input[type=checkbox]");
      var remove = item.querySelector("[data-kept-remove]");
      if (!box || !remove) { return; }
      box.hidden = true;
      remove.hidden = false;
      remove.addEventListener("click", function () {
        box.checked = false;
        item.hidden = true;
      });
    });
  }

  // An activity citing an agreement that is not verified yet: say so under the agreement field.
  function initAgreementWarning() {
    var select = document.querySelector("select[data-agreement-select]");
    var warning = document.querySelector("[data-agreement-warning]");
    if (!select || !warning) { return; }
    var status = warning.querySelector("[data-agreement-status]");
    function refresh() {
      var option = select.options[select.selectedIndex];
      var state = option ? option.getAttribute("data-unverified") : null;
      warning.hidden = state === null;
      if (state !== null && status) { status.textContent = state.toLowerCase(); }
    }
    select.addEventListener("change", refresh);
    refresh();
  }

  document.addEventListener("DOMContentLoaded", function () {
    initKeptFiles();
    initAgreementWarning();
    initBulk();
    initFilters();
    initFileFeedback();
    initPickers();
  });
})();
