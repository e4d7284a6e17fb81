// Progress of "send all grant letters of a call": polls the job's JSON status and updates the
// <progress> element and the live text until the job has finished. No inline script (CSP).
(function () {
  "use strict";

  function start(root) {
    var url = root.getAttribute("data-status-url");
    var bar = root.querySelector("progress");
    var errors = root.querySelector("#letter-job-errors");
    var delay = 1000;

    function set(field, value) {
      var el = root.querySelector('[data-field="' + field + '"]');
      if (el) { el.textContent = value; }
    }

    function render(data) {
      bar.max = Math.max(data.total, 1);
      bar.value = data.done + data.failed;
      bar.textContent = data.percent + " %";
      set("status_display", data.status_display);
      set("done", data.done);
      set("total", data.total);
      set("failed", data.failed);
      if (errors && data.errors) {
        errors.textContent = "";
        data.errors.forEach(function (item) {
          var li = document.createElement("li");
          li.textContent = item.grant + ": " + item.error;
          errors.appendChild(li);
        });
      }
    }

    function poll() {
      fetch(url, { credentials: "same-origin", headers: { "Accept": "application/json" } })
        .then(function (response) {
          if (!response.ok) { throw new Error(response.status); }
          return response.json();
        })
        .then(function (data) {
          render(data);
          if (!data.finished) { window.setTimeout(poll, delay); }
        })
        .catch(function () {
          delay = Math.min(delay * 2, 15000);
          window.setTimeout(poll, delay);
        });
    }

    poll();
  }

  document.addEventListener("DOMContentLoaded", function () {
    var root = document.getElementById("letter-job");
    if (root) { start(root); }
  });
})();
