// A sentence permalink (#s-...) whose sentence is no longer in the current
// text: say so, and link to the revision where it was. The fragment never
// reaches the server, so this is the one place that can notice.
(() => {
  "use strict";
  function check() {
    const anchor = decodeURIComponent(window.location.hash.slice(1));
    const notice = document.getElementById("missing-sentence");
    const text = document.querySelector("[data-sentence-lookup]");
    if (!notice || !text) return;
    const missing = /^s-[a-z0-9-]+$/.test(anchor) && !document.getElementById(anchor);
    notice.hidden = !missing;
    if (missing) {
      notice.querySelector("a").href = text.dataset.sentenceLookup.replace(/s-anchor\/$/, `${anchor}/`);
    }
  }
  window.addEventListener("hashchange", check);
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", check);
  else check();
})();
