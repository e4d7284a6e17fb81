// Disable a submit button after the first click so a double click sends one request;
// the server also refuses a second submission.
document.addEventListener("submit", function (event) {
  var form = event.target;
  var button = form.querySelector("button.js-once");
  if (!button) {
    return;
  }
  if (form.dataset.sent === "1") {
    event.preventDefault();
    return;
  }
  form.dataset.sent = "1";
  button.setAttribute("aria-disabled", "true");
  button.classList.add("disabled");
});
