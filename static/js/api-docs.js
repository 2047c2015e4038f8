// The API docs page: each "Try it" form sends its request with this browser's session (or a
// token typed on the page) and shows the answer. The page reads fine without JavaScript.
(function () {
  "use strict";

  function csrfToken() {
    var match = document.cookie.match(/(?:^|; )csrftoken=([^;]*)/);
    if (match) {
      return decodeURIComponent(match[1]);
    }
    try {
      return JSON.parse(document.body.getAttribute("hx-headers") || "{}")["X-CSRFToken"] || "";
    } catch (error) {
      return "";
    }
  }

  function pretty(text) {
    try {
      return JSON.stringify(JSON.parse(text), null, 2);
    } catch (error) {
      return text;
    }
  }

  function show(form, statusLine, text) {
    var result = form.querySelector(".try-result");
    result.hidden = false;
    result.querySelector(".try-status").textContent = statusLine;
    result.querySelector(".try-body").textContent = text;
  }

  document.querySelectorAll(".api-docs .no-js").forEach(function (hint) {
    hint.hidden = true;
  });

  // A link to one operation (#op-plan_list) opens it.
  function openTarget() {
    var target = window.location.hash && document.getElementById(window.location.hash.slice(1));
    if (target && target.tagName === "DETAILS") {
      target.open = true;
      target.scrollIntoView();
    }
  }
  openTarget();
  window.addEventListener("hashchange", openTarget);

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.classList || !form.classList.contains("try-it")) {
      return;
    }
    event.preventDefault();
    var method = form.getAttribute("data-method");
    var path = form.getAttribute("data-path");
    var query = new URLSearchParams();
    var headers = {
      "Accept": "application/json",
      "Accept-Language": document.documentElement.lang || "id"
    };
    var body = null;
    form.querySelectorAll("[data-in]").forEach(function (field) {
      var value = field.value.trim();
      var where = field.getAttribute("data-in");
      if (where === "path") {
        path = path.replace("{" + field.name + "}", encodeURIComponent(value));
      } else if (where === "query" && value) {
        query.append(field.name, value);
      } else if (where === "header" && value) {
        headers[field.name] = value;
      } else if (where === "body" && value) {
        body = value;
        headers["Content-Type"] = "application/json";
      }
    });
    var token = document.getElementById("api-token");
    if (token && token.value.trim()) {
      headers["Authorization"] = "Bearer " + token.value.trim();
    } else if (method !== "GET") {
      headers["X-CSRFToken"] = csrfToken();
    }
    var url = path + (query.toString() ? "?" + query.toString() : "");
    var button = form.querySelector("button[type=submit]");
    button.disabled = true;
    fetch(url, { method: method, headers: headers, body: body, credentials: "same-origin" })
      .then(function (response) {
        return response.text().then(function (text) {
          var line = response.status + " " + response.statusText + " · " + method + " " + url;
          var etag = response.headers.get("ETag");
          show(form, etag ? line + " · ETag " + etag : line, pretty(text));
        });
      })
      .catch(function (error) {
        show(form, String(error), "");
      })
      .finally(function () {
        button.disabled = false;
      });
  });
})();
