// Meeting mode (the projector): arrow keys and Page Up/Down press the navigation buttons,
// and the row under discussion is kept in view when the stage is refreshed by polling.
(function () {
  "use strict";
  var KEYS = {
    ArrowRight: "next-village", PageDown: "next-village",
    ArrowLeft: "previous-village", PageUp: "previous-village",
    ArrowDown: "next-row", ArrowUp: "previous-row"
  };
  document.addEventListener("keydown", function (event) {
    if (event.altKey || event.ctrlKey || event.metaKey) { return; }
    var tag = (event.target.tagName || "").toLowerCase();
    if (tag === "input" || tag === "textarea" || tag === "select") { return; }
    var step = KEYS[event.key];
    if (!step) { return; }
    var button = document.querySelector('button[data-step="' + step + '"]');
    if (!button) { return; }  // a reader's window follows the laptop; it does not drive
    event.preventDefault();
    if (!button.disabled) { button.click(); }
  });
  var shown = "";
  function keepCurrentRowInView() {
    var stage = document.getElementById("stage");
    if (!stage) { return; }
    var where = stage.getAttribute("data-sheet") + ":" + stage.getAttribute("data-row");
    if (where === shown) { return; }
    shown = where;
    var row = stage.querySelector("tr.is-current");
    if (row) {
      row.scrollIntoView({ block: "center", behavior: "smooth" });
    } else {
      window.scrollTo(0, 0);
    }
  }
  document.addEventListener("DOMContentLoaded", keepCurrentRowInView);
  document.addEventListener("htmx:afterSettle", keepCurrentRowInView);
})();
