// Meeting mode (the projector): arrow keys and Page Up/Down press the navigation buttons, and
// what the room is discussing (the village's opening, or the current row) stays in view near the
// top after the page loads, after every step and after every poll.
//
// The stage is replaced by htmx (every poll, every step). The new stage is only final after
// htmx:afterSettle: during the swap htmx gives the new elements the old ones' attributes (the
// settle step), so reading which row is current in htmx:afterSwap reads the previous one.
(function () {
  "use strict";
  var KEYS = {
    ArrowRight: "next-village", PageDown: "next-village",
    ArrowLeft: "previous-village", PageUp: "previous-village",
    ArrowDown: "next-row", ArrowUp: "previous-row"
  };
  var GAP = 8;  // pixels between the sticky column headings and the current row

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

  function parts() {
    var stage = document.getElementById("stage");
    var body = document.getElementById("stage-body");
    if (!stage || !body) { return null; }
    return {
      stage: stage,
      body: body,
      where: stage.getAttribute("data-sheet") + ":" + stage.getAttribute("data-row"),
      current: stage.querySelector(".is-current")
    };
  }

  // Where the current item's top may sit: below the sticky column headings of the matrix.
  function topLine(p) {
    var top = p.body.getBoundingClientRect().top;
    var head = p.current && p.current.tagName === "TR" ?
      p.stage.querySelector(".matrix3 thead") : null;
    return top + (head ? head.getBoundingClientRect().height + GAP : 0);
  }

  function offsetOfCurrent(p) {
    return p.current ? p.current.getBoundingClientRect().top - topLine(p) : null;
  }

  function bringCurrentToTop(p) {
    if (!p.current || p.current.id === "stage-opening") {
      p.body.scrollTop = 0;
      return;
    }
    p.body.scrollTop += offsetOfCurrent(p);
  }

  // Before a swap: where the room was and where the current item sat on the screen, and
  // whether a reader had unfolded the village's monitoring results.
  var before = null;
  document.addEventListener("htmx:beforeSwap", function (event) {
    var p = parts();
    if (!p || !event.detail.target || event.detail.target.id !== "stage") { return; }
    var folded = document.getElementById("stage-opening");
    before = {
      where: p.where,
      scrollTop: p.body.scrollTop,
      offset: offsetOfCurrent(p),
      unfolded: !!(folded && folded.tagName === "DETAILS" && folded.open)
    };
  });

  // During the settle step only the scroll position is carried over (no jump to the top).
  document.addEventListener("htmx:afterSwap", function () {
    var p = parts();
    if (p && before) { p.body.scrollTop = before.scrollTop; }
  });

  document.addEventListener("htmx:afterSettle", function () {
    var p = parts();
    if (!p || !before) { return; }  // not the stage (the capture panel swaps too)
    if (before.where !== p.where) {
      // The laptop moved: the new row (or the village's opening) to the top.
      bringCurrentToTop(p);
    } else {
      // A poll: keep the current item exactly where it was, even when text above it grew.
      var folded = document.getElementById("stage-opening");
      if (before.unfolded && folded && folded.tagName === "DETAILS") { folded.open = true; }
      if (before.offset !== null && p.current) {
        p.body.scrollTop += offsetOfCurrent(p) - before.offset;
      }
    }
    before = null;
  });

  document.addEventListener("DOMContentLoaded", function () {
    var p = parts();
    if (p) { bringCurrentToTop(p); }
  });
})();
