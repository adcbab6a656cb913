// Copy-to-clipboard for the WhatsApp summary (no inline script: the CSP allows scripts from 'self' only).
(function () {
  "use strict";

  function fallbackCopy(textarea) {
    textarea.removeAttribute("readonly");
    textarea.select();
    var ok = false;
    try {
      ok = document.execCommand("copy");
    } catch (e) {
      ok = false;
    }
    textarea.setAttribute("readonly", "readonly");
    return ok;
  }

  function copy(button) {
    var target = document.getElementById(button.getAttribute("data-copy-target"));
    var status = document.getElementById(button.getAttribute("data-copy-status"));
    if (!target) {
      return;
    }
    function done(ok) {
      if (status) {
        status.textContent = ok ? "Teks tersalin. Tempel di grup WhatsApp." : "Salin manual: pilih teks lalu tekan Ctrl+C.";
      }
    }
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(target.value).then(function () { done(true); }, function () { done(fallbackCopy(target)); });
    } else {
      done(fallbackCopy(target));
    }
  }

  document.addEventListener("DOMContentLoaded", function () {
    var buttons = document.querySelectorAll("[data-copy-target]");
    Array.prototype.forEach.call(buttons, function (button) {
      button.hidden = false;
      button.addEventListener("click", function () { copy(button); });
    });
  });
})();
