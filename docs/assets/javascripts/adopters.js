/* The register of adopters: filters by role, sector and version, and a count
   of the organisations shown. The table is complete without JavaScript; this
   only hides rows. Runs where .adopters-filters exists. */
(function () {
  "use strict";

  var FILTERS = [["role", "Role"], ["sector", "Sector"], ["version", "Version"]];

  function enhance(box) {
    var root = box.closest(".adopters");
    var rows = Array.prototype.slice.call(root.querySelectorAll("tr.adopter"));
    var shown = root.querySelector(".adopters-shown");
    var selects = {};
    FILTERS.forEach(function (pair) {
      var key = pair[0];
      var values = [];
      rows.forEach(function (row) {
        var v = row.getAttribute("data-" + key);
        if (values.indexOf(v) < 0) values.push(v);
      });
      values.sort();
      var label = document.createElement("label");
      label.className = "adopters-filter";
      label.appendChild(document.createTextNode(pair[1] + " "));
      var select = document.createElement("select");
      select.name = "adopters-" + key;
      var all = document.createElement("option");
      all.value = "";
      all.textContent = "All";
      select.appendChild(all);
      values.forEach(function (v) {
        var option = document.createElement("option");
        option.value = v;
        option.textContent = rows.filter(function (r) { return r.getAttribute("data-" + key) === v; })
          .map(function (r) { return r.children[key === "role" ? 2 : key === "sector" ? 1 : 3].textContent; })[0] || v;
        select.appendChild(option);
      });
      select.addEventListener("change", update);
      label.appendChild(select);
      box.appendChild(label);
      selects[key] = select;
    });

    function update() {
      var count = 0;
      rows.forEach(function (row) {
        var match = FILTERS.every(function (pair) {
          var want = selects[pair[0]].value;
          return !want || row.getAttribute("data-" + pair[0]) === want;
        });
        row.hidden = !match;
        if (match) count += 1;
      });
      shown.textContent = "Showing " + count + " of " + rows.length +
        (rows.length === 1 ? " organisation." : " organisations.");
    }

    box.hidden = false;
    update();
  }

  function init() {
    Array.prototype.forEach.call(document.querySelectorAll(".adopters-filters"), enhance);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
