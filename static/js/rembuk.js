// Small behaviours on top of pages that already work without JavaScript.
(function () {
  "use strict";
  // Forms marked data-confirm ask before they submit (delete, adopt…).
  document.addEventListener("submit", function (event) {
    var form = event.target;
    var question = form.getAttribute && form.getAttribute("data-confirm");
    if (question && !window.confirm(question)) {
      event.preventDefault();
      event.stopImmediatePropagation();
    }
  }, true);
  // Show which element an htmx save is for: "menyimpan…" while in flight.
  document.addEventListener("htmx:beforeRequest", function (event) {
    event.target.classList && event.target.classList.add("is-saving");
  });
  document.addEventListener("htmx:afterRequest", function (event) {
    event.target.classList && event.target.classList.remove("is-saving");
  });
})();
