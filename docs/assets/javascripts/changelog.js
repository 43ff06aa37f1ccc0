/* The changelog folds each older version under its heading (details.changelog-version).
   A link to a version or a change inside a folded one opens it, on arrival and on
   each change of the address's #fragment; printing opens them all, so a printed
   changelog is complete. Without JavaScript a reader opens them by hand. */
(function () {
  "use strict";

  function openTarget() {
    var id = decodeURIComponent((window.location.hash || "").slice(1));
    if (!id) { return; }
    var target = document.getElementById(id);
    if (!target) { return; }
    var folded = target.closest("details.changelog-version");
    if (folded && !folded.open) {
      folded.open = true;
      target.scrollIntoView();
    }
  }

  function start() {
    if (!document.querySelector("details.changelog-version")) { return; }
    openTarget();
  }

  window.addEventListener("hashchange", openTarget);
  window.addEventListener("beforeprint", function () {
    Array.prototype.forEach.call(document.querySelectorAll("details.changelog-version"),
      function (item) { item.open = true; });
  });
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
}());
