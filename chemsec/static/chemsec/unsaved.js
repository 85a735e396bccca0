/* Forms that keep work: a form marked data-unsaved-warning counts as unsaved once something
   in it is typed or changed (or when the page came back with its errors, the typed values
   still in it), and leaving the page then asks first (the browser's own question). Saving
   clears the mark. Script comfort only: the form posts the same without it. */
(function () {
  "use strict";

  function tracked(target) {
    return target && target.closest ? target.closest("form[data-unsaved-warning]") : null;
  }

  function mark(event) {
    var form = tracked(event.target);
    if (form) { form.dataset.dirty = "true"; }
  }

  document.addEventListener("input", mark);
  document.addEventListener("change", mark);
  document.addEventListener("submit", function (event) {
    var form = tracked(event.target);
    if (form) { form.dataset.dirty = "false"; }
  });

  window.addEventListener("beforeunload", function (event) {
    if (document.querySelector("form[data-unsaved-warning][data-dirty='true']")) {
      event.preventDefault();
      event.returnValue = "";
    }
  });
})();
