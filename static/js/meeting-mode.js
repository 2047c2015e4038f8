// Meeting mode (the projector): arrow keys and Page Up/Down press the navigation buttons, and
// what the room is discussing (the village's opening, or the current row) stays in view near the
// top after the page loads, after every step and after every poll.
//
// A row taller than the screen is read to its end before the room moves on (ADR 0016): ↓ (or
// the "↓ Baris" button) first scrolls through the current row a screen at a time, keeping a few
// lines of the previous screen, and only steps to the next row once the row's end is in view;
// ↑ scrolls back up to the row's top before stepping to the previous row, which then shows its
// end (the reverse of ↓). Once such a step ends, the screen that took it tells the server how
// far into the row it has read (a share of the row's height, one request per step, none per
// scroll event), and the room's other screens show the same part of the row at the top of
// their sheet. Every screen follows every change of that position, the screen that scrolled
// the row itself too, except for the echo of its own reports (see settled()). When the laptop
// shows a row again, every screen goes to the part of it the room reads, even one scrolled by
// wheel or touch (which tells nobody) with nothing else changed: the server counts the shows
// (data-shows), and a screen aligns itself whenever the count moves.
//
// "↑ Baris" and "↓ Baris" look as they act: on the first or last item, where the server has no
// row to step to (data-no-step), each is enabled while part of a tall item lies beyond the screen
// in its direction, and pressing it scrolls there.
//
// With the capture panel open, the row it notes a challenge for keeps its top in view: the panel
// takes its strip from the sheet's bottom as it opens and grows, and whoever types must see
// which row it is.
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
  var OVERLAP_LINES = 3;  // lines of the previous screen still shown after scrolling a screen
  var arriving = null;  // the row step this screen asked for, until its answer has settled
  var TELL_AFTER_MS = 400;  // quick presses in a row make one request, after the last
  var driving = null;  // the item ("sheet:row") this screen scrolls through itself
  var followed = 0;  // the server's position within the current item this screen last showed
  var told = null;  // the position this screen last sent ("sheet:row@fraction")
  var telling = null;  // the timer of the next one
  var reporting = false;  // a report of this screen waits to be sent or for its answer
  var answeredAt = -1;  // when the last one was answered (performance.now())
  var pollSentAt = 0;  // when the request whose answer is being swapped in was sent

  document.addEventListener("keydown", function (event) {
    if (event.altKey || event.ctrlKey || event.metaKey) { return; }
    var tag = (event.target.tagName || "").toLowerCase();
    if (tag === "input" || tag === "textarea" || tag === "select") { return; }
    var step = KEYS[event.key];
    if (!step) { return; }
    var button = document.querySelector('button[data-step="' + step + '"]');
    if (!button) { return; }  // a reader's window follows the laptop; it does not drive
    event.preventDefault();
    // The last row's ↓ button is disabled, yet its end must still be reachable.
    if (scrollWithinCurrent(step)) { tellTheRoom(); return; }
    if (button.disabled || button.hasAttribute("data-no-step")) { return; }
    // A poll may have just replaced the stage: htmx hands the new buttons their request only
    // when the swap settles (20 ms on), and a key pressed in between posted the form without
    // htmx, reloading the page at the row's top instead of where the step shows it.
    if (window.htmx && button.form) { window.htmx.process(button.form); }
    button.click();
  });

  // A click on "↓ Baris" / "↑ Baris" (or the key that pressed it) scrolls within a tall row
  // instead of stepping, while some of the row is still out of view in that direction.
  document.addEventListener("click", function (event) {
    var button = event.target.closest ?
      event.target.closest('button[data-step="next-row"], button[data-step="previous-row"]') : null;
    if (!button) { return; }
    var step = button.getAttribute("data-step");
    if (scrollWithinCurrent(step)) {
      event.preventDefault();  // no form submission, so no step on the server
      tellTheRoom();
      return;
    }
    if (button.hasAttribute("data-no-step")) {  // nothing left to scroll, no row to step to
      event.preventDefault();
      showWhatTheRowButtonsDo();
      return;
    }
    arriving = step;
  });

  // How far into the current item this screen has read: the share of the item's height above
  // the bottom of the sticky headings, 0 at its top. A share, not pixels: on a screen of another
  // size the row has as many lines (the type grows with the width) but not as many pixels. From
  // the headings themselves, not from the gap a row's top keeps below them: that gap is as many
  // pixels on every screen.
  function fractionOf(p) {
    if (!p.current) { return 0; }
    var box = p.current.getBoundingClientRect();
    if (box.height <= 0) { return 0; }
    return Math.min(1, Math.max(0, (readingLine(p) - box.top) / box.height));
  }

  // Show the part of the current item the presenter reads: that share of it at the top.
  function showFraction(p, fraction) {
    if (!p.current || !(fraction > 0)) { bringCurrentToTop(p); return; }
    var box = p.current.getBoundingClientRect();
    p.body.scrollTop += box.top + fraction * box.height - readingLine(p);
  }

  function readingLine(p) {
    return topLine(p) - (p.current && p.current.tagName === "TR" ? GAP : 0);
  }

  function serverFraction(p) {
    var value = parseFloat(p.stage.getAttribute("data-fraction"));
    return isNaN(value) ? 0 : value;
  }

  // Once this screen's step within the current item has ended, send where it is to the server
  // (through the navigation form's own URL and CSRF token), for the other screens to follow.
  function tellTheRoom() {
    var p = parts();
    if (!p) { return; }
    driving = p.where;
    reporting = true;
    window.clearTimeout(telling);
    telling = window.setTimeout(function () {
      var q = parts();
      var form = q && q.stage.querySelector(".stage-nav form");
      var token = form && form.querySelector("input[name=csrfmiddlewaretoken]");
      var fraction = q ? fractionOf(q).toFixed(4) : "";
      var what = q ? q.where + "@" + fraction : "";
      if (!form || !token || q.where !== driving || what === told) {
        answered();
        return;
      }
      told = what;
      var row = q.stage.getAttribute("data-row");
      // The person and the cookie's CSRF token, as every change a page sends (rembuk.js): after
      // logging in again the page's own token is refused, and the room would stop following.
      var headers = window.Rembuk ? window.Rembuk.changeHeaders() : {};
      var data = new FormData();
      if (!headers["X-CSRFToken"]) { data.append("csrfmiddlewaretoken", token.value); }
      data.append("sheet", q.stage.getAttribute("data-sheet"));
      data.append("row", row === "opening" ? "" : row);
      data.append("fraction", fraction);
      window.fetch(form.action, {
        method: "POST", body: data, headers: headers, credentials: "same-origin"
      }).then(answered, answered);
    }, TELL_AFTER_MS);
  }

  function answered() {
    reporting = false;
    answeredAt = window.performance.now();
  }

  // With the capture panel open, the current item's top stays in view (below the headings and
  // above the sheet's bottom, with two lines of it showing); the room follows.
  function keepCurrentTopInView() {
    var panel = document.getElementById("capture");
    var p = parts();
    if (!panel || !panel.open || !p || !p.current) { return; }
    var top = p.current.getBoundingClientRect().top;
    if (top < topLine(p) - 1 || top > bottomLine(p) - 2 * lineHeight(p)) {
      bringCurrentToTop(p);
      tellTheRoom();
    }
  }
  // "toggle" does not bubble: listen while it goes down to the panel.
  document.addEventListener("toggle", function (event) {
    if (event.target.id === "capture") { keepCurrentTopInView(); }
  }, true);
  document.addEventListener("input", function (event) {
    if (event.target.closest && event.target.closest("#capture")) { keepCurrentTopInView(); }
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

  // Where the current item's bottom may sit: the bottom of the scrolling sheet, or the top of
  // anything laid over it (the capture panel has its own strip below the stage, but a screen
  // that lays it over the sheet must still not hide a row's end under it).
  function bottomLine(p) {
    var frame = p.body.getBoundingClientRect();
    var bottom = Math.min(frame.bottom, window.innerHeight);
    var panel = document.getElementById("capture");
    if (panel) {
      var box = panel.getBoundingClientRect();
      var over = box.height > 0 && box.top < bottom && box.bottom > frame.top &&
        box.left < frame.right && box.right > frame.left;
      if (over) { bottom = Math.max(box.top, frame.top); }
    }
    return bottom;
  }

  function lineHeight(p) {
    var style = getComputedStyle(p.current || p.body);
    var line = parseFloat(style.lineHeight);
    return isNaN(line) ? parseFloat(style.fontSize) * 1.3 : line;
  }

  // Scroll one screen within the current item when part of it is still out of view in the
  // step's direction; true when it did (the step then waits for the next press).
  function scrollWithinCurrent(step) {
    var p = parts();
    var beyond = p ? hiddenBeyond(p, step) : 0;
    if (beyond <= 1) { return false; }
    var screen = Math.max(bottomLine(p) - topLine(p) - OVERLAP_LINES * lineHeight(p),
      lineHeight(p));
    // A screen that would leave less than half a line of the item beyond (its padding and
    // border, no text) goes to the item's end instead: the next press then steps, rather than
    // nudging the sheet a few pixels as if it did nothing.
    var toTheEnd = beyond - screen <= lineHeight(p) / 2;
    if (step === "next-row") {
      p.body.scrollTop += toTheEnd ? beyond + GAP : screen;
    } else {
      p.body.scrollTop -= toTheEnd ? beyond : screen;
    }
    showWhatTheRowButtonsDo();
    return true;
  }

  // How many pixels of the current item lie beyond the sheet in the step's direction and can be
  // scrolled into view (0: none, or not a row step). At the sheet's very top the first row sits
  // a gap above its line, and no scrolling brings that into view.
  function hiddenBeyond(p, step) {
    if (!p.current || (step !== "next-row" && step !== "previous-row")) { return 0; }
    var box = p.current.getBoundingClientRect();
    if (step === "next-row") {
      var room = p.body.scrollHeight - p.body.clientHeight - p.body.scrollTop;
      return Math.min(box.bottom - bottomLine(p), room);
    }
    return Math.min(topLine(p) - box.top, p.body.scrollTop);
  }

  // A row button with no row to step to is enabled exactly while pressing it scrolls.
  function showWhatTheRowButtonsDo() {
    var p = parts();
    if (!p) { return; }
    var buttons = p.stage.querySelectorAll(".stage-nav button[data-no-step]");
    for (var i = 0; i < buttons.length; i++) {
      buttons[i].disabled = hiddenBeyond(p, buttons[i].getAttribute("data-step")) <= 1;
    }
  }
  // "scroll" does not bubble: listen while it goes down to the sheet (wheel, touch, keys).
  document.addEventListener("scroll", function (event) {
    if (event.target.id === "stage-body") { showWhatTheRowButtonsDo(); }
  }, true);
  window.addEventListener("resize", showWhatTheRowButtonsDo);

  // After ↑ into the previous row: its end in view, as it was left when ↓ moved on from it.
  function bringCurrentEndIntoView(p) {
    bringCurrentToTop(p);
    if (!p.current) { return; }
    var below = p.current.getBoundingClientRect().bottom - bottomLine(p);
    if (below > 0) { p.body.scrollTop += below + GAP; }
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
  document.addEventListener("htmx:beforeRequest", function (event) {
    if (event.detail.target && event.detail.target.id === "stage") {
      pollSentAt = window.performance.now();
    }
  });
  document.addEventListener("htmx:beforeSwap", function (event) {
    var p = parts();
    if (!p || !event.detail.target || event.detail.target.id !== "stage") { return; }
    var folded = document.getElementById("stage-opening");
    before = {
      where: p.where,
      scrollTop: p.body.scrollTop,
      offset: offsetOfCurrent(p),
      sentAt: pollSentAt,
      shows: p.stage.getAttribute("data-shows"),
      unfolded: !!(folded && folded.tagName === "DETAILS" && folded.open),
      swappedTop: null  // the new sheet's scroll position once swapped in
    };
  });

  // During the settle step only the scroll position is carried over (no jump to the top).
  document.addEventListener("htmx:afterSwap", function () {
    var p = parts();
    if (p && before) {
      p.body.scrollTop = before.scrollTop;
      before.swappedTop = p.body.scrollTop;
    }
  });

  document.addEventListener("htmx:afterSettle", function (event) {
    var p = parts();
    if (p && before) {
      settled(p);
      showWhatTheRowButtonsDo();
    } else if (event.target.closest && event.target.closest("#capture")) {
      keepCurrentTopInView();  // the panel grew: its suggestions, a message after saving
    }
    before = null;
  });

  function settled(p) {
    var fraction = serverFraction(p);
    // What this screen scrolled between the swap and now (htmx's settle step, 20 ms after each
    // answer): a step of ↓ or ↑ within the row, the wheel, a touch. The settling keeps that
    // too, or it would take the screen back to where it was before the scroll.
    var scrolled = before.swappedTop === null ? 0 : p.body.scrollTop - before.swappedTop;
    if (before.where !== p.where) {
      told = null;  // the server starts every other row at its top: tell it again
      if (arriving && p.current && p.current.tagName === "TR") {
        // This screen's own step: the new row at the top; after ↑, the previous row's end,
        // which the room is then told about.
        driving = p.where;
        if (arriving === "previous-row") {
          bringCurrentEndIntoView(p);
          tellTheRoom();
        } else {
          bringCurrentToTop(p);
        }
      } else {
        // Moved from elsewhere: the new item at the part of it the presenter reads.
        showFraction(p, fraction);
      }
      arriving = null;
      followed = fraction;
      return;
    }
    // A poll: keep the current item exactly where it was, even when text above it grew, moved
    // by what this screen scrolled meanwhile...
    var folded = document.getElementById("stage-opening");
    if (before.unfolded && folded && folded.tagName === "DETAILS") { folded.open = true; }
    if (before.offset !== null && p.current) {
      p.body.scrollTop += offsetOfCurrent(p) + scrolled - before.offset;
    }
    // ...unless the laptop has shown it again: then every screen goes to the part of it the
    // room reads, whatever this one scrolled to meanwhile (a report of its own still waiting
    // would take the room away from the laptop's show, and is dropped).
    if (p.stage.getAttribute("data-shows") !== before.shows) {
      window.clearTimeout(telling);
      if (reporting) { answered(); }
      showFraction(p, fraction);
      followed = fraction;
      driving = null;
      told = p.where + "@" + fraction.toFixed(4);
      return;
    }
    // ...and unless the room's position in it has changed: another screen read further into it,
    // or the laptop showed the row again (its top). The screen that scrolled the row itself
    // follows too: it used to ignore the room in that row for as long as it stayed on screen,
    // so after the laptop showed the row again every screen showed its top but this one. What
    // it must not follow is the echo of its own reports: the position it sent last (where it
    // already is), or an older one while a report is on its way or in an answer to a poll sent
    // before the report was answered (the next poll tells).
    if (Math.abs(fraction - followed) <= 0.0005) { return; }
    var own = p.where === driving;
    if (own && told === p.where + "@" + fraction.toFixed(4)) {
      followed = fraction;
    } else if (!own || !(reporting || before.sentAt < answeredAt)) {
      showFraction(p, fraction);
      followed = fraction;
      driving = null;
      told = p.where + "@" + fraction.toFixed(4);  // the room is here: nothing to tell it
    }
  }

  document.addEventListener("DOMContentLoaded", function () {
    var p = parts();
    if (!p) { return; }
    followed = serverFraction(p);
    showFraction(p, followed);
    keepCurrentTopInView();
    showWhatTheRowButtonsDo();
  });
})();
