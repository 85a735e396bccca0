// Progressive enhancement only: section tabs load without a page reload and keep
// aria-current on the section shown. Without this file the links work as plain links.
(function () {
  "use strict";
  document.addEventListener("htmx:afterRequest", function (event) {
    var link = event.detail.elt;
    if (!link || !link.closest || !link.closest(".fw-tabs")) { return; }
    link.closest(".fw-tabs").querySelectorAll("a").forEach(function (other) {
      other.removeAttribute("aria-current");
    });
    link.setAttribute("aria-current", "page");
  });
})();
