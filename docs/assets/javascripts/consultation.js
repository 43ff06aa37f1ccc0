/* Consultations: planned, open or closed on the reader's day, not the day the
   site was built.

   Each .consultation-when element carries the consultation's first and last
   days (data-consultation-opens, data-consultation-closes, YYYY-MM-DD; the
   last day counts in full, UK time). Without JavaScript it shows the dates,
   which are true on any day. With it, the wording for today's state is shown
   instead, and once it has closed its notice (.consultation-notice), its
   "Respond" button and its response form are hidden. The state is also written to
   data-consultation-state for styling and tests. */
(function () {
  "use strict";

  // Today's date in the UK, as YYYY-MM-DD, whatever the reader's time zone.
  function ukToday() {
    var parts = new Intl.DateTimeFormat("en-GB", {
      timeZone: "Europe/London", year: "numeric", month: "2-digit", day: "2-digit"
    }).formatToParts(new Date());
    var get = function (type) {
      for (var i = 0; i < parts.length; i++) {
        if (parts[i].type === type) { return parts[i].value; }
      }
      return "";
    };
    return get("year") + "-" + get("month") + "-" + get("day");
  }

  function stateOn(today, opens, closes) {
    if (today < opens) { return "planned"; }
    if (today <= closes) { return "open"; }
    return "closed";
  }

  var DATE = /^\d{4}-\d{2}-\d{2}$/;

  function start() {
    var today = ukToday();
    var items = document.querySelectorAll(".consultation-when");
    Array.prototype.forEach.call(items, function (item) {
      var opens = item.getAttribute("data-consultation-opens") || "";
      var closes = item.getAttribute("data-consultation-closes") || "";
      if (!DATE.test(opens) || !DATE.test(closes)) { return; }  // keep the dates
      var state = stateOn(today, opens, closes);
      Array.prototype.forEach.call(item.querySelectorAll("[data-when]"), function (part) {
        part.hidden = part.getAttribute("data-when") !== state;
      });
      item.setAttribute("data-consultation-state", state);
      // Once closed, no button to respond and no form to fill in.
      var section = item.closest("section.consultation");
      if (section) {
        Array.prototype.forEach.call(
          section.querySelectorAll(".consultation-actions, .consultation-forms"),
          function (part) { part.hidden = state === "closed"; });
      }
      var notice = item.closest(".consultation-notice");
      if (notice) {
        notice.setAttribute("data-consultation-state", state);
        notice.hidden = state === "closed";
      }
    });
  }

  if (typeof document$ !== "undefined" && document$.subscribe) {
    document$.subscribe(start);  // Material's instant navigation
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
}());
