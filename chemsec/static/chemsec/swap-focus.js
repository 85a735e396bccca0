/* After htmx replaces part of a page (screening results, say), focus moves to the new part's
   element marked data-focus-after-swap, usually its heading: a screen reader then reads the
   results, and a keyboard user goes on from them instead of from the button that asked.
   Script comfort only: without JavaScript the form posts and the page loads at the results. */
(function () {
  "use strict";
  document.addEventListener("htmx:afterSettle", function (event) {
    var root = event.detail && event.detail.elt;
    if (!root || !root.querySelector) { return; }
    var target = root.matches && root.matches("[data-focus-after-swap]")
      ? root : root.querySelector("[data-focus-after-swap]");
    if (target) { target.focus(); }
  });
})();
