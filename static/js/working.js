// Without htmx (or before it loads) a plain form post still shows that a
// large upload is being processed: reveal the indicator on submit.
document.addEventListener("submit", (event) => {
  const form = event.target;
  const indicator = form.querySelector(".working");
  if (indicator) indicator.classList.add("is-working");
});
