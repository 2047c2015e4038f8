// The meeting page: ask before a delete button submits. Saving itself is plain htmx (hx-trigger
// on each small form; its states are rembuk.js's, as on every page with such cells).
(function () {
  "use strict";
  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("button[data-confirm]");
    if (button && !window.confirm(button.getAttribute("data-confirm"))) {
      event.preventDefault();
      event.stopImmediatePropagation();
    }
  }, true);
  // A link to a folded section (#carried-here) unfolds it.
  function unfoldTarget() {
    var target = location.hash && document.getElementById(location.hash.slice(1));
    if (target && target.tagName === "DETAILS") { target.open = true; }
  }
  document.addEventListener("DOMContentLoaded", unfoldTarget);
  window.addEventListener("hashchange", unfoldTarget);
  // Select the whole share link on focus, ready to copy.
  document.addEventListener("focusin", function (event) {
    if (event.target.classList && event.target.classList.contains("share-url")) {
      event.target.select();
    }
  });
})();
