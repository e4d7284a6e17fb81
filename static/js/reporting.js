// Live sums in the accounts form. The server recomputes every sum on save; this only
// shows the figures while typing.
(function () {
  "use strict";

  function parseAmount(text) {
    var cleaned = String(text || "").replace(/[\s\u00a0]/g, "").replace(/kr$/i, "").replace(",", ".");
    if (cleaned === "") return 0;
    if (!/^\d+(\.\d{0,2})?$/.test(cleaned)) return null;
    return Math.round(parseFloat(cleaned) * 100);
  }

  function formatOre(ore) {
    var sign = ore < 0 ? "\u2212" : "";
    ore = Math.abs(ore);
    var whole = Math.floor(ore / 100).toString().replace(/\B(?=(\d{3})+(?!\d))/g, "\u00a0");
    var frac = ore % 100;
    return sign + whole + (frac ? "," + (frac < 10 ? "0" : "") + frac : "") + "\u00a0kr";
  }

  function recompute(table) {
    var sums = { expenses: 0, covered_by_grant: 0 };
    var valid = true;
    table.querySelectorAll("input[data-sum]").forEach(function (input) {
      var ore = parseAmount(input.value);
      if (ore === null) { valid = false; return; }
      sums[input.dataset.sum] += ore;
    });
    if (!valid) return;
    Object.keys(sums).forEach(function (key) {
      var cell = table.querySelector('[data-total="' + key + '"]');
      if (cell) cell.textContent = formatOre(sums[key]);
    });
    var grantEl = document.querySelector("[data-grant]");
    var unused = document.getElementById("unused-funds");
    if (grantEl && unused) {
      var grant = parseAmount(grantEl.dataset.grant);
      if (grant !== null) unused.textContent = formatOre(grant - sums.covered_by_grant);
    }
  }

  document.addEventListener("DOMContentLoaded", function () {
    var table = document.getElementById("accounts-table");
    if (!table) return;
    table.addEventListener("input", function () { recompute(table); });
  });
})();
