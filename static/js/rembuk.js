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
  // An action that sends the person back to a part of a page ("#agenda", "#rows") opens it there,
  // scrolled past the messages at its top: the person never read what happened. When the part
  // lies below the first screen, the messages float at the bottom of the screen until closed.
  document.addEventListener("DOMContentLoaded", function () {
    var messages = document.querySelector("body > .messages-live > ul.messages");
    var target = messages && window.location.hash ?
      document.getElementById(window.location.hash.slice(1)) : null;
    if (!target) { return; }
    if (target.getBoundingClientRect().top + window.scrollY < window.innerHeight / 2) { return; }
    float(messages);
  });
  // A list of messages floated at the bottom of the screen, with its own "Tutup" (which takes
  // the live region around the list away with it).
  function float(messages) {
    var item = document.createElement("li");
    var close = document.createElement("button");
    item.className = "messages-close";
    close.type = "button";
    close.className = "small secondary";
    close.textContent = document.body.getAttribute("data-messages-close");
    close.addEventListener("click", function () { messages.parentNode.remove(); });
    item.appendChild(close);
    messages.appendChild(item);
    messages.classList.add("floating");
  }
  // A table wider than its frame (.table-wrap) scrolls in it: the frame then takes the
  // keyboard's focus, named after its table, so arrow keys scroll it (WCAG 2.1.1).
  function scrollers() {
    document.querySelectorAll(".table-wrap").forEach(function (frame) {
      var scrolls = frame.scrollWidth > frame.clientWidth + 1;
      if (scrolls === frame.hasAttribute("tabindex")) { return; }
      if (!scrolls) {
        ["tabindex", "role", "aria-label"].forEach(function (a) { frame.removeAttribute(a); });
        return;
      }
      // Its caption, else the last heading above it.
      var name = frame.querySelector("caption") || Array.prototype.filter.call(
        document.querySelectorAll("h1, h2, h3"), function (heading) {
          return heading.compareDocumentPosition(frame) & Node.DOCUMENT_POSITION_FOLLOWING;
        }).pop();
      frame.setAttribute("tabindex", "0");
      frame.setAttribute("role", "group");
      frame.setAttribute("aria-label", name ? name.textContent.trim() : document.title);
    });
  }
  // Once a frame at most: a resize fires many times, and a page's swaps come several at once;
  // each check reads every frame's layout.
  var scrollersQueued = false;
  function scrollersSoon() {
    if (scrollersQueued) { return; }
    scrollersQueued = true;
    window.requestAnimationFrame(function () { scrollersQueued = false; scrollers(); });
  }
  document.addEventListener("DOMContentLoaded", scrollers);
  document.addEventListener("htmx:load", scrollersSoon);  // a swap may change a frame's table
  window.addEventListener("resize", scrollersSoon);
  // A file field speaks the page's language: the browser's own "Choose File · No file
  // chosen" follows the browser's install (English on many laptops of an Indonesian page).
  // The field's input stays in the form, visually hidden and still reached by Tab; a label
  // dressed as a button opens it and a line says which file was chosen. Without JavaScript
  // the browser's own control shows.
  document.addEventListener("DOMContentLoaded", function () {
    var choose = document.body.getAttribute("data-file-choose");
    var none = document.body.getAttribute("data-file-none");
    if (!choose) { return; }
    document.querySelectorAll("input[type=file][id]").forEach(function (input) {
      var picker = document.createElement("span");
      var button = document.createElement("label");
      var chosen = document.createElement("span");
      picker.className = "file-pick";
      button.className = "button secondary";
      button.htmlFor = input.id;
      button.textContent = choose;
      chosen.className = "file-name";
      chosen.setAttribute("aria-live", "polite");
      chosen.textContent = none;
      input.classList.add("visually-hidden");
      input.parentNode.insertBefore(picker, input);
      picker.appendChild(input);
      picker.appendChild(button);
      picker.appendChild(chosen);
      input.addEventListener("change", function () {
        var names = Array.prototype.map.call(input.files, function (file) { return file.name; });
        chosen.textContent = names.length ? names.join(", ") : none;
      });
    });
  });
  // The main menu's "Lainnya" opens without JavaScript (a <details>); with it, it closes as a
  // menu does: on a click elsewhere, or on Escape (back to its button).
  document.addEventListener("click", function (event) {
    var open = document.querySelector("details.menu-more[open]");
    if (open && !open.contains(event.target)) { open.open = false; }
  });
  document.addEventListener("keydown", function (event) {
    var open = document.querySelector("details.menu-more[open]");
    if (event.key !== "Escape" || !open) { return; }
    open.open = false;
    open.querySelector("summary").focus();
  });
  // A form the browser sends (htmx's have prevented this submit) is sent once. On a slow
  // connection nothing seems to happen after a click, and a second click sent it again: the
  // meeting just made refused as "already scheduled", a note written twice. Until the page is
  // left, the form ignores another submit (before anything asks about it) and shows that it is
  // on its way; one whose answer is a file (data-answers-file: the page stays) takes a click
  // again after a few seconds, and any after a minute (a load the person stopped).
  var SENT_FILE_MS = 3000;
  var SENT_MAX_MS = 60000;
  function sending(form) { return form.getAttribute && form.getAttribute("aria-busy") === "true"; }
  function sendable(form) { form.removeAttribute("aria-busy"); }
  function allSendable() {
    Array.prototype.forEach.call(document.querySelectorAll("form[aria-busy=true]"), sendable);
  }
  document.addEventListener("submit", function (event) {
    if (sending(event.target)) {
      event.preventDefault();
      event.stopImmediatePropagation();
    }
  }, true);
  document.addEventListener("submit", function (event) {
    var form = event.target;
    // (by its attributes: a field named "method" or "action" would stand in for the property)
    if (event.defaultPrevented || (form.getAttribute("method") || "").toLowerCase() !== "post") {
      return;
    }
    form.setAttribute("aria-busy", "true");
    setTimeout(function () { sendable(form); },
      form.hasAttribute("data-answers-file") ? SENT_FILE_MS : SENT_MAX_MS);
    keepSent(form);
  });
  // Back to a page kept by the browser: its forms can be sent again.
  window.addEventListener("pageshow", function (event) {
    if (event.persisted) { allSendable(); }
  });

  // A form sent after the session ended (or opened before someone logged in again here) does
  // not arrive: the server answers with the login page, or the expired-form page, marked
  // .form-not-sent (rembuk.core.middleware). So what a form sent is kept in this tab, for the
  // person the page was shown to, until the next page: any page but a marked one means it
  // arrived (saved, or answered with its own errors) and the copy goes; after a marked one the
  // copy waits for its writer — not the next person on this laptop — to open the form's page
  // again, where the fields are filled back and the page says so. Passwords, files and the
  // CSRF token are not kept, nor a form with nothing to fill in.
  var SENT_COPY = "rembuk-form-sent:";
  function here() { return window.location.pathname + window.location.search; }
  function actionOf(form) {
    var u = new URL(form.getAttribute("action") || "", window.location.href);
    return u.pathname + u.search;
  }
  // The fields a copy holds: what a person fills in, and the hidden ones that go with it;
  // not the tokens, which belong to the page the form is put back in (ADR 0032).
  var NOT_KEPT = ["file", "password", "submit", "button", "reset"];
  var PAGE_TOKENS = ["csrfmiddlewaretoken", "sent_once"];
  function keptField(field) {
    return field.name && PAGE_TOKENS.indexOf(field.name) < 0 && NOT_KEPT.indexOf(field.type) < 0;
  }
  function keepSent(form) {
    var person = document.body.getAttribute("data-person");
    var held = Array.prototype.filter.call(form.elements, keptField);
    // A button's form (a step, an export) has nothing to give back.
    var typed = held.some(function (field) { return field.type !== "hidden"; });
    if (!person || !typed) { return; }
    var names = held.map(function (field) { return field.name; });
    var fields = [];
    new FormData(form).forEach(function (value, name) {
      if (names.indexOf(name) >= 0) { fields.push([name, value]); }
    });
    try {
      window.sessionStorage.setItem(SENT_COPY + person, JSON.stringify({
        person: person, page: here(), action: actionOf(form), fields: fields, pending: true
      }));
    } catch (full) { /* a tab without storage sends the form all the same */ }
  }
  function putBackSent(form, fields) {
    var values = {};
    fields.forEach(function (pair) { (values[pair[0]] = values[pair[0]] || []).push(pair[1]); });
    Array.prototype.forEach.call(form.elements, function (field) {
      var kept = values[field.name];
      if (!kept || !keptField(field)) { return; }
      if (field.type === "checkbox" || field.type === "radio") {
        field.checked = kept.indexOf(field.value) >= 0;
      } else if (field.type === "select-multiple") {
        Array.prototype.forEach.call(field.options, function (option) {
          option.selected = kept.indexOf(option.value) >= 0;
        });
      } else if (kept.length) {
        field.value = kept.shift();  // (its counter is drawn after, from this value)
      }
    });
  }
  function tellPutBack(form) {
    var notice = document.createElement("p");
    notice.className = "notice warning form-restored";
    notice.setAttribute("role", "status");
    var texts = document.body.dataset;
    notice.textContent = texts.formRestored +
      (form.querySelector("input[type=file]") ? " " + texts.formRestoredFile : "");
    form.insertAdjacentElement("beforebegin", notice);
    notice.scrollIntoView({block: "center"});
  }
  function sayKept() {
    var kept = document.querySelector(".form-kept");
    var byHand = document.querySelector(".form-copy-by-hand");
    if (kept) { kept.hidden = false; }
    if (kept && byHand) { byHand.hidden = true; }
  }
  document.addEventListener("DOMContentLoaded", function () {
    var notSent = document.querySelector(".form-not-sent");
    var person = document.body.getAttribute("data-person");
    var store = window.sessionStorage;
    var keys = [];
    try {
      for (var i = 0; i < store.length; i += 1) {
        if (store.key(i).indexOf(SENT_COPY) === 0) { keys.push(store.key(i)); }
      }
    } catch (none) { return; }
    keys.forEach(function (key) {
      var copy = null;
      try { copy = JSON.parse(store.getItem(key)); } catch (broken) {}
      if (!copy || (copy.pending && !notSent)) {  // it arrived (or cannot be read)
        store.removeItem(key);
        return;
      }
      if (copy.pending) {  // it did not arrive: kept for its writer and its page
        copy.pending = false;
        store.setItem(key, JSON.stringify(copy));
        if (copy.person === person) { sayKept(); }  // the expired-form page, to its writer
        return;
      }
      if (copy.person !== person || copy.page !== here()) { return; }
      store.removeItem(key);
      var form = Array.prototype.filter.call(
        document.querySelectorAll("form[method=post]"),
        function (candidate) { return actionOf(candidate) === copy.action; })[0];
      if (form) {
        putBackSent(form, copy.fields);
        tellPutBack(form);
      }
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
    var form = event.target.closest && event.target.closest("form");
    if (form && overLimit(form)) {
      event.preventDefault();  // too long: not sent, the field says why (see below)
      return;
    }
    event.target.classList && event.target.classList.add("is-saving");
  });

  // Text never vanishes. A browser's maxlength cuts a paste without a word, so it is taken
  // off: the field shows a counter instead, a message as the limit nears, and past the limit
  // the form is not sent until the text is shortened. The server refuses too-long text as well.
  var NEAR = 0.9;
  function say(template, values) {
    return template.replace(/\{(\w+)\}/g, function (all, name) { return values[name]; });
  }
  function number(n) {
    return n.toLocaleString(document.documentElement.lang || "id");
  }
  function showCount(field) {
    var limit = parseInt(field.getAttribute("data-limit"), 10);
    var counter = field.nextElementSibling;
    if (!counter || !counter.classList.contains("char-count")) { return; }
    var length = field.value.length;
    var texts = document.body.dataset;
    var near = length >= limit * NEAR;
    counter.hidden = field.tagName !== "TEXTAREA" && !near;
    counter.classList.toggle("near", near && length <= limit);
    counter.classList.toggle("over", length > limit);
    field.classList.toggle("is-too-long", length > limit);
    var text = number(length) + " / " + number(limit);
    if (length > limit) {
      text += " — " + say(texts.limitOver || "", {length: number(length), limit: number(limit)});
    } else if (near) {
      text += " — " + say(texts.limitNear || "", {left: number(limit - length)});
    }
    counter.textContent = text;
  }
  function watchLimits(root) {
    var fields = root.querySelectorAll ?
      root.querySelectorAll("textarea[maxlength], input[type=text][maxlength]") : [];
    Array.prototype.forEach.call(fields, function (field) {
      field.setAttribute("data-limit", field.getAttribute("maxlength"));
      field.removeAttribute("maxlength");
      var counter = document.createElement("span");
      counter.className = "char-count";
      counter.setAttribute("aria-live", "polite");
      field.insertAdjacentElement("afterend", counter);
      showCount(field);
    });
  }
  function overLimit(form) {
    var fields = form.querySelectorAll("[data-limit]");
    for (var i = 0; i < fields.length; i += 1) {
      if (fields[i].value.length > parseInt(fields[i].getAttribute("data-limit"), 10)) {
        return fields[i];
      }
    }
    return null;
  }
  document.addEventListener("DOMContentLoaded", function () { watchLimits(document); });
  document.addEventListener("htmx:load", function (event) { watchLimits(event.detail.elt); });
  document.addEventListener("input", function (event) {
    if (event.target.hasAttribute && event.target.hasAttribute("data-limit")) {
      showCount(event.target);
    }
  });
  document.addEventListener("submit", function (event) {
    var tooLong = overLimit(event.target);
    if (tooLong) {
      event.preventDefault();
      event.stopImmediatePropagation();
      tooLong.focus();
    }
  }, true);
  document.addEventListener("htmx:afterRequest", function (event) {
    event.target.classList && event.target.classList.remove("is-saving");
  });

  // Cells that save themselves as the person types (a form with hx-post and a .save-state,
  // rembuk.core.autosave). Typing marks the cell "not saved yet" until the server answers. A
  // save that never arrived — no connection, the server away, the session ended — says why in
  // the cell and is sent again by itself: every few seconds, when the connection returns and
  // when the person comes back to the page. Until it arrives, the cell's fields (its version
  // and the values it was typed over too, so that a conflict is still found) are also kept in
  // this browser, for this person — from the first keystroke, as a page may be left before
  // the typing paused: a page opened again — after logging in again, after the phone closed
  // the browser — puts the text back and sends it. Leaving the page with such a
  // cell asks first, unless the person goes to log in again.
  var RETRY_MS = 8000;
  var leavingToLogIn = false;
  function autosaving(element) {
    var form = element && element.closest && element.closest("form[hx-post]");
    return form && form.querySelector(".save-state") ? form : null;
  }
  function unsent() { return document.querySelectorAll("form.is-unsent"); }
  function cookieToken() {
    var cookie = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
    return cookie ? decodeURIComponent(cookie[1]) : "";
  }
  // Every change a page sends by script names the person the page was shown to: the server
  // refuses it if someone else has logged in on this browser since (a shared kecamatan laptop)
  // rather than save it in their name (rembuk.core.middleware.SamePersonMiddleware). It goes
  // with the CSRF token of the cookie: logging in again gives a new one, which the page's
  // forms and its hx-headers do not know (Django's way for requests made by script).
  // (meeting-mode.js sends its reports with fetch, and takes the same headers from here.)
  function changeHeaders() {
    var headers = {};
    var person = document.body.getAttribute("data-person");
    if (person) { headers["Rembuk-Person"] = person; }
    var token = cookieToken();
    if (token) { headers["X-CSRFToken"] = token; }
    return headers;
  }
  window.Rembuk = { changeHeaders: changeHeaders };
  document.addEventListener("htmx:configRequest", function (event) {
    var detail = event.detail;
    var headers = changeHeaders();
    Object.keys(headers).forEach(function (name) { detail.headers[name] = headers[name]; });
    var token = headers["X-CSRFToken"];
    if (token && detail.formData && detail.formData.has("csrfmiddlewaretoken")) {
      detail.formData.set("csrfmiddlewaretoken", token);  // Django reads the field first
    }
  });
  // Why a send did not arrive, from its answer: "offline" (none, the server busy or
  // restarting, or a CSRF token refused: sent again by itself), "signed-out" (no session),
  // "other-person" (someone else logged in here since the page was opened) or "refused" (the
  // person may no longer change it: their role or region changed, or it was removed).
  function whyNotSent(xhr) {
    var status = xhr ? xhr.status : 0;
    if (status === 401) {
      return xhr.getResponseHeader("Rembuk-Signed-In") === "other" ? "other-person" : "signed-out";
    }
    if (status === 404 || (status === 403 && xhr.getResponseHeader("Rembuk-Refused") !== "csrf")) {
      return "refused";
    }
    return "offline";
  }
  function storageKey(form) {
    // The person, the cell's address and what names its record there: cells of one sheet
    // share an address and differ by their goal and id. Not the key of a new entry, drawn
    // afresh for every page, nor the version and earlier values, which change with a save.
    var person = document.body.getAttribute("data-person");
    if (!person) { return null; }
    var parts = ["rembuk-unsent", person, form.getAttribute("hx-post")];
    form.querySelectorAll("input[type=hidden]").forEach(function (field) {
      if (field.name && !/^(csrfmiddlewaretoken|base_version|key|was_.*)$/.test(field.name)) {
        parts.push(field.name + "=" + field.value);
      }
    });
    return parts.join("|");
  }
  function keep(form) {
    // Kept under the name the cell had when its save failed: a new entry's first save gives
    // it an id, and the copy must still be found to be forgotten.
    var key = form.getAttribute("data-kept-as") || storageKey(form);
    if (!key) { return; }
    form.setAttribute("data-kept-as", key);
    var fields = [];
    Array.prototype.forEach.call(form.elements, function (field) {
      if (field.name && field.name !== "csrfmiddlewaretoken" && field.type !== "file") {
        fields.push([field.name, field.value]);
      }
    });
    try { window.localStorage.setItem(key, JSON.stringify(fields)); } catch (full) { /* kept on the page only */ }
  }
  function forget(form) {
    var key = form.getAttribute("data-kept-as");
    form.removeAttribute("data-kept-as");
    try { if (key) { window.localStorage.removeItem(key); } } catch (denied) { /* nothing kept */ }
  }
  function putBack(form) {
    var key = storageKey(form);
    var kept = null;
    try { kept = key && JSON.parse(window.localStorage.getItem(key) || "null"); } catch (bad) { kept = null; }
    if (!kept) { return; }
    form.setAttribute("data-kept-as", key);
    kept.forEach(function (pair) {
      var field = form.querySelector("[name='" + CSS.escape(pair[0]) + "']");
      if (field) { field.value = pair[1]; }
    });
    form.classList.add("is-dirty", "is-unsent");
  }
  function sendAgain() {
    Array.prototype.forEach.call(unsent(), function (form) {
      if (!form.classList.contains("htmx-request")) { htmx.trigger(form, "change"); }
    });
  }
  function sayUnsent(form, why) {
    // The words are the page's (body data-unsent-*), written once, not in every cell.
    var texts = document.body.dataset;
    var state = form.querySelector(".save-state");
    var line = state.querySelector(".status-unsent");
    if (line && line.getAttribute("data-kind") === why) { return; }
    line = line || document.createElement("span");
    line.className = "status-unsent";
    line.setAttribute("data-kind", why);
    line.setAttribute("role", "alert");
    line.textContent = {
      "offline": texts.unsentOffline,
      "signed-out": texts.unsentSignedOut + " ",
      "other-person": texts.unsentOtherPerson,
      "refused": texts.unsentRefused
    }[why];
    if (why === "signed-out") {
      var login = document.createElement("a");
      login.href = texts.loginUrl + "?next=" +
        encodeURIComponent(window.location.pathname + window.location.search);
      login.textContent = texts.loginAgain;
      login.addEventListener("click", function () { leavingToLogIn = true; });
      line.appendChild(login);
    }
    state.appendChild(line);
  }
  document.addEventListener("input", function (event) {
    var form = autosaving(event.target);
    if (!form) { return; }
    form.classList.add("is-dirty");
    // Kept from the first keystroke, not only once a send failed: a page left before the
    // typing paused (a link, a phone's Back) never sent it.
    if (!form.classList.contains("is-refused")) { keep(form); }
  });
  document.addEventListener("htmx:afterRequest", function (event) {
    var form = autosaving(event.target);
    if (!form || event.target !== form) { return; }
    if (event.detail.successful) {
      form.classList.remove("is-dirty", "is-unsent", "is-refused");
      forget(form);
      return;
    }
    var why = whyNotSent(event.detail.xhr);
    if (why === "refused") {
      // Sending it again would not help: the text stays on the page (leaving it asks) for the
      // person to copy, and is not kept in the browser for a page they can no longer change.
      form.classList.remove("is-unsent");
      form.classList.add("is-refused");
      forget(form);
    } else {
      form.classList.remove("is-refused");
      form.classList.add("is-unsent");
      keep(form);
    }
    sayUnsent(form, why);
  });
  // Any other form or button sent by htmx (a plan's activity saved, a row moved, a lesson
  // dismissed) whose request did not arrive: it leaves the page as it was, which looked like a
  // button that does nothing. A notice at the bottom of the screen says why; what the person
  // filled in is still on the page. (A GET the person did not ask for by a click — a poll, a
  // search as one types — tries again by itself.)
  function tellNotSent(why, polled) {
    var texts = document.body.dataset;
    // One notice at the bottom of the screen: this one takes the place of an older one there
    // (the page's messages floated after an action, or this notice from a send before).
    document.querySelectorAll("body > .messages-live > ul.messages.floating").forEach(
      function (older) { older.parentNode.remove(); });
    // A list may not be a live region itself (ARIA in HTML): the list sits in one.
    var live = document.createElement("div");
    live.className = "messages-live";
    live.setAttribute("role", "alert");
    var notice = document.createElement("ul");
    notice.id = "not-sent";
    notice.className = "messages";
    notice.setAttribute("data-polled", polled ? "yes" : "no");
    var item = document.createElement("li");
    item.className = "error";
    item.textContent = (polled ? texts.sessionEnded : {
      "offline": texts.notSentOffline,
      "signed-out": texts.notSentSignedOut,
      "other-person": texts.notSentOtherPerson,
      "refused": texts.notSentRefused
    }[why]) + " ";
    if (why === "signed-out") {
      var login = document.createElement("a");
      login.href = texts.loginUrl;
      login.target = "_blank";
      login.rel = "noopener";
      login.textContent = texts.loginAgain;
      item.appendChild(login);
    }
    notice.appendChild(item);
    float(notice);
    live.appendChild(notice);
    document.body.appendChild(live);
  }
  document.addEventListener("htmx:afterRequest", function (event) {
    var detail = event.detail;
    var config = detail.requestConfig;
    if (detail.successful) {
      // The notice goes once a send arrives — for a poll's, once a poll does again (the
      // person logged in again in another tab).
      var notice = document.getElementById("not-sent");
      if (notice && config && (config.verb !== "get" ||
          notice.getAttribute("data-polled") === "yes")) { notice.parentNode.remove(); }
      return;
    }
    if (autosaving(event.target)) { return; }
    var status = detail.xhr ? detail.xhr.status : 0;
    var asked = config && config.triggeringEvent &&
      ["click", "submit"].indexOf(config.triggeringEvent.type) >= 0;
    // An ended session does not come back by itself: a poll says so too (the projector would
    // otherwise stop following without a word).
    if (!config || (config.verb === "get" && !asked && status !== 401)) { return; }
    // Other refusals (a form's errors) come with their own words, swapped into the page.
    if (status >= 400 && status < 500 && [401, 403, 404].indexOf(status) < 0) { return; }
    tellNotSent(whyNotSent(detail.xhr), config.verb === "get" && !asked);
  });
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("form[hx-post]").forEach(function (form) {
      if (autosaving(form)) { putBack(form); }
    });
    window.setTimeout(sendAgain, 0);  // once htmx has set up the page's forms
  });
  window.setInterval(function () { if (unsent().length) { sendAgain(); } }, RETRY_MS);
  window.addEventListener("online", sendAgain);
  window.addEventListener("focus", sendAgain);
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "visible") { sendAgain(); }
  });
  window.addEventListener("beforeunload", function (event) {
    if (document.querySelector("form.is-unsent, form.is-refused") && !leavingToLogIn) {
      event.preventDefault();
      event.returnValue = "";
      allSendable();  // the person may choose to stay: what they sent can be sent again
    }
  });
})();
