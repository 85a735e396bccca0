// Progressive enhancement only: section tabs load without a page reload and keep
// aria-current on the section shown; leaving a section (another tab, another page) with
// answers typed but not saved asks first. Without this file the links work as plain links.
(function () {
  "use strict";

  function dirtyForm() {
    var form = document.querySelector("form.fw-answers");
    return form && form.dataset.dirty === "true" ? form : null;
  }

  // Typing in the answers form marks it unsaved; saving it clears the mark.
  document.addEventListener("input", function (event) {
    var form = event.target.closest && event.target.closest("form.fw-answers");
    if (form) { form.dataset.dirty = "true"; }
  });
  document.addEventListener("change", function (event) {
    var form = event.target.closest && event.target.closest("form.fw-answers");
    if (form) { form.dataset.dirty = "true"; }
  });
  document.addEventListener("submit", function (event) {
    if (event.target.matches && event.target.matches("form.fw-answers")) {
      event.target.dataset.dirty = "false";
    }
  });

  // Another section's tab (loaded by htmx): ask before the unsaved answers are replaced.
  document.addEventListener("htmx:confirm", function (event) {
    var link = event.detail.elt;
    var form = dirtyForm();
    if (!form || !link.closest || !link.closest(".fw-tabs")) { return; }
    if (!window.confirm(form.dataset.unsavedWarning)) { event.preventDefault(); }
  });

  // Another page, a reload or closing the tab: the browser's own question.
  window.addEventListener("beforeunload", function (event) {
    if (dirtyForm()) {
      event.preventDefault();
      event.returnValue = "";
    }
  });

  document.addEventListener("htmx:afterRequest", function (event) {
    var link = event.detail.elt;
    if (!link || !link.closest || !link.closest(".fw-tabs")) { return; }
    link.closest(".fw-tabs").querySelectorAll("a").forEach(function (other) {
      other.removeAttribute("aria-current");
    });
    link.setAttribute("aria-current", "page");
  });
})();
