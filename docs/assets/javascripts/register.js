/* "You said, we did": filter the consultation records by clause and by outcome.

   Each record (section.register-record) names its clauses in data-clauses
   (space-separated IDs) and its outcome in data-outcome; the two selects in
   .register-filters choose among them. Without JavaScript every record is
   shown and code.css hides the filters. It runs only where the filters exist. */
(function () {
  "use strict";

  function start() {
    var filters = document.querySelector(".register-filters");
    if (!filters) { return; }
    var clause = filters.querySelector('select[data-filter="clause"]');
    var outcome = filters.querySelector('select[data-filter="outcome"]');
    var count = filters.querySelector(".register-count");
    var empty = document.querySelector(".register-empty");
    var records = Array.prototype.slice.call(document.querySelectorAll(".register-record"));

    function update() {
      var shown = 0;
      records.forEach(function (record) {
        var clauses = (record.getAttribute("data-clauses") || "").split(/\s+/);
        var match = (!clause.value || clauses.indexOf(clause.value) >= 0) &&
          (!outcome.value || record.getAttribute("data-outcome") === outcome.value);
        record.hidden = !match;
        if (match) { shown++; }
      });
      count.textContent = "Showing " + shown + " of " + records.length +
        (records.length === 1 ? " record." : " records.");
      if (empty) { empty.hidden = shown > 0; }
    }

    clause.addEventListener("change", update);
    outcome.addEventListener("change", update);
    update();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
