// Progressive enhancement only: every form works without this file.
(function () {
  "use strict";
  function autosubmit(root) {
    root.querySelectorAll("form[data-autosubmit] select").forEach(function (select) {
      select.addEventListener("change", function () { select.form.requestSubmit(); });
      var button = select.form.querySelector("button[type=submit]");
      if (button) { button.classList.add("visually-hidden"); }
    });
  }
  document.addEventListener("DOMContentLoaded", function () { autosubmit(document); });
})();
