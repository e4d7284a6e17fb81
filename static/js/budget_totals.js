// Live totals in the budget form: costs (the cost lines not marked for deletion), financing
// (own contribution + other funding + amount applied for + allowance) and the difference.
// The server checks the same rule on submission; this only shows it while typing.
(function () {
  var FINANCING = ["own_contribution", "other_funding", "amount_applied", "participant_allowance"];

  function parse(value) {
    var cleaned = (value || "").replace(/[\s\u00a0]/g, "").replace(/kr/i, "").replace(",", ".");
    var number = parseFloat(cleaned);
    return isNaN(number) ? 0 : Math.round(number * 100);
  }

  function format(ore) {
    var negative = ore < 0;
    ore = Math.abs(ore);
    var kroner = Math.floor(ore / 100).toString().replace(/\B(?=(\d{3})+(?!\d))/g, "\u00a0");
    var rest = ore % 100;
    var fraction = rest === 0 ? "" : "," + (rest < 10 ? "0" : "") + rest;
    return (negative ? "\u2212" : "") + kroner + fraction + "\u00a0kr";
  }

  function update(fieldset) {
    var prefix = fieldset.dataset.budgetYear;
    var costs = 0;
    fieldset.querySelectorAll("input[name^='" + prefix + "-linjer-'][name$='-amount']").forEach(function (input) {
      var deleteBox = fieldset.querySelector("input[name='" + input.name.replace(/-amount$/, "-DELETE") + "']");
      if (!deleteBox || !deleteBox.checked) {
        costs += parse(input.value);
      }
    });
    var financing = 0;
    FINANCING.forEach(function (name) {
      var input = fieldset.querySelector("input[name='" + prefix + "-" + name + "']");
      if (input) {
        financing += parse(input.value);
      }
    });
    fieldset.querySelector("[data-total='costs']").textContent = format(costs);
    fieldset.querySelector("[data-total='financing']").textContent = format(financing);
    fieldset.querySelector("[data-total='difference']").textContent = format(financing - costs);
    var note = fieldset.querySelector("[data-total-note]");
    if (note) {
      note.hidden = true;
    }
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("fieldset[data-budget-year]").forEach(function (fieldset) {
      fieldset.addEventListener("input", function () {
        update(fieldset);
      });
      fieldset.addEventListener("change", function () {
        update(fieldset);
      });
    });
  });
})();
