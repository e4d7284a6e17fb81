// A job's page (core/views_jobs.py) while the job is queued or running: fetch the page again
// every few seconds and put its fresh status panel in place of the old one, until the job is
// done or failed. The panel is an aria-live region, so a screen reader hears the change. The
// page works without this script: its «Oppdater» link reloads it.
(function () {
  "use strict";
  var panel = document.querySelector("[data-job-refresh]");
  if (!panel || !window.fetch || !window.DOMParser) {
    return;
  }
  var seconds = parseInt(panel.getAttribute("data-job-refresh"), 10) || 3;
  function poll() {
    fetch(window.location.href, { credentials: "same-origin", headers: { "X-Requested-With": "fetch" } })
      .then(function (response) {
        return response.ok ? response.text() : Promise.reject(response.status);
      })
      .then(function (html) {
        var fresh = new DOMParser().parseFromString(html, "text/html").getElementById(panel.id);
        if (!fresh) {
          return;
        }
        panel.innerHTML = fresh.innerHTML;
        if (fresh.hasAttribute("data-job-refresh")) {
          window.setTimeout(poll, seconds * 1000);
        } else {
          panel.removeAttribute("data-job-refresh");
        }
      })
      .catch(function () {
        window.setTimeout(poll, seconds * 4000);
      });
  }
  window.setTimeout(poll, seconds * 1000);
})();
