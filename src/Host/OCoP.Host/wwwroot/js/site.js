// Comfort only: every page works without this script (issue 19). Small, self-hosted, no inline code (the CSP forbids it).
(function () {
  "use strict";

  // The error summary's links put the caret in the refused field, not just scroll to it.
  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest(".error-summary a[href^='#']");
    if (!link) return;
    var field = document.getElementById(link.getAttribute("href").slice(1));
    if (!field) return;
    event.preventDefault();
    field.focus();
    field.scrollIntoView({ block: "center" });
  });

  // A summary swapped in by htmx takes focus like one rendered with the page (autofocus only works on load).
  document.addEventListener("htmx:afterSwap", function (event) {
    var summary = event.target.querySelector && event.target.querySelector(".error-summary");
    if (summary) summary.focus();
  });
})();
