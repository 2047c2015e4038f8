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
  var scrollTop = 0;
  // Polling replaces the stage every 2 s: keep the reader's scroll position unless the
  // laptop moved to another village or row, then bring that row to the top.
  document.addEventListener("htmx:beforeSwap", function () {
    var body = document.getElementById("stage-body");
    if (body) { scrollTop = body.scrollTop; }
  });
  function keepCurrentRowInView() {
    var stage = document.getElementById("stage");
    var body = document.getElementById("stage-body");
    if (!stage || !body) { return; }
    var where = stage.getAttribute("data-sheet") + ":" + stage.getAttribute("data-row");
    if (where === shown) { body.scrollTop = scrollTop; return; }
    shown = where;
    var row = stage.querySelector("tr.is-current");
    if (row && row.id !== "row-0") {
      row.scrollIntoView({ block: "start" });
    } else {
      body.scrollTop = 0;
    }
  }
  document.addEventListener("DOMContentLoaded", keepCurrentRowInView);
  document.addEventListener("htmx:afterSwap", keepCurrentRowInView);
})();
