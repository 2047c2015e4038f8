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
    var messages = document.querySelector("body > ul.messages");
    var target = messages && window.location.hash ?
      document.getElementById(window.location.hash.slice(1)) : null;
    if (!target) { return; }
    if (target.getBoundingClientRect().top + window.scrollY < window.innerHeight / 2) { return; }
    var item = document.createElement("li");
    var close = document.createElement("button");
    item.className = "messages-close";
    close.type = "button";
    close.className = "small secondary";
    close.textContent = document.body.getAttribute("data-messages-close");
    close.addEventListener("click", function () { messages.remove(); });
    item.appendChild(close);
    messages.appendChild(item);
    messages.classList.add("floating");
  });
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
})();
