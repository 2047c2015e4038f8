// Small behaviours on top of pages that already work without JavaScript.
(function () {
  "use strict";
  // On a phone the main menu folds behind the Menu button (CSS shows the button there only).
  document.addEventListener("DOMContentLoaded", function () {
    var toggle = document.querySelector(".menu-toggle");
    var top = document.querySelector("header.top");
    if (!toggle || !top) { return; }
    toggle.hidden = false;
    top.classList.add("menu-folds");
    toggle.addEventListener("click", function () {
      var open = top.classList.toggle("menu-open");
      toggle.setAttribute("aria-expanded", open ? "true" : "false");
    });
  });
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
