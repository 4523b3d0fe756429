// Marks each figure's input invalid or valid once htmx has put the server's
// verdict beside it. No rule lives here: the server's check decides.
(function () {
  function mark() {
    document.querySelectorAll(".figure-field").forEach(function (box) {
      var input = box.querySelector("input");
      var invalid = box.querySelector(".field-error").textContent.trim() !== "";
      input.classList.toggle("is-invalid", invalid);
      if (invalid) {
        input.setAttribute("aria-invalid", "true");
      } else {
        input.removeAttribute("aria-invalid");
      }
    });
  }
  document.addEventListener("htmx:afterRequest", mark);
  document.addEventListener("htmx:afterSettle", mark);
})();
