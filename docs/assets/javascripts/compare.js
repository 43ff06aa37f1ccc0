/* Compare any two versions of the code, in the browser.
 *
 * The compare page carries every version's clauses as JSON (#compare-data)
 * and, without JavaScript, shows each version against the one before and
 * against the newest. This script shows a form to pick any other pair and
 * draws the clause-level redline of every field, marked up as the static one is: <ins>/<del>
 * with words for screen readers. It runs only where #compare-data exists.
 */
(function () {
  "use strict";

  function words(text) {
    return String(text || "").split(/\s+/).filter(Boolean);
  }

  /* Word-level diff by longest common subsequence; short unchanged runs
     between two changes are folded into the change, as in macros/redline.py. */
  function diff(oldText, newText) {
    var a = words(oldText), b = words(newText), n = a.length, m = b.length, i, j;
    var lcs = [];
    for (i = 0; i <= n; i++) { lcs.push(new Array(m + 1).fill(0)); }
    for (i = n - 1; i >= 0; i--) {
      for (j = m - 1; j >= 0; j--) {
        lcs[i][j] = a[i] === b[j] ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
      }
    }
    var segments = [];
    function push(kind, oldWord, newWord) {
      var last = segments[segments.length - 1];
      if (!last || last.kind !== kind) { last = {kind: kind, old: [], new: []}; segments.push(last); }
      if (oldWord !== null) { last.old.push(oldWord); }
      if (newWord !== null) { last.new.push(newWord); }
    }
    i = 0; j = 0;
    while (i < n || j < m) {
      if (i < n && j < m && a[i] === b[j]) { push("same", a[i], b[j]); i++; j++; }
      else if (j < m && (i === n || lcs[i][j + 1] >= lcs[i + 1][j])) { push("change", null, b[j]); j++; }
      else { push("change", a[i], null); i++; }
    }
    var merged = [];
    segments.forEach(function (seg, k) {
      if (seg.kind === "same" && k > 0 && k < segments.length - 1 && seg.old.length <= 2) {
        seg = {kind: "change", old: seg.old.slice(), new: seg.new.slice()};
      }
      var last = merged[merged.length - 1];
      if (last && last.kind === "change" && seg.kind === "change") {
        last.old = last.old.concat(seg.old); last.new = last.new.concat(seg.new);
      } else { merged.push({kind: seg.kind, old: seg.old.slice(), new: seg.new.slice()}); }
    });
    return merged;
  }

  function mark(tag, label, text) {
    var el = document.createElement(tag);
    el.className = "redline-" + tag;
    var before = document.createElement("span");
    before.className = "visually-hidden";
    before.textContent = "[" + label + ": ";
    var after = document.createElement("span");
    after.className = "visually-hidden";
    after.textContent = "]";
    el.append(before, text, after);
    return el;
  }

  function redline(oldText, newText) {
    var p = document.createElement("p");
    p.className = "redline-text";
    diff(oldText, newText).forEach(function (seg) {
      if (p.childNodes.length) { p.append(" "); }
      if (seg.kind === "same") { p.append(seg.old.join(" ")); return; }
      if (seg.old.length) { p.append(mark("del", "deleted", seg.old.join(" "))); }
      if (seg.old.length && seg.new.length) { p.append(" "); }
      if (seg.new.length) { p.append(mark("ins", "added", seg.new.join(" "))); }
    });
    return p;
  }

  function same(x, y) { return JSON.stringify(x) === JSON.stringify(y); }

  function idKey(id) { return id.split(".").map(Number); }

  function compare(fields, from, to, result) {
    result.textContent = "";
    var ids = Object.keys(Object.assign({}, from.clauses, to.clauses)).sort(function (x, y) {
      var a = idKey(x), b = idKey(y);
      return a[0] - b[0] || a[1] - b[1];
    });
    var count = 0;
    ids.forEach(function (id) {
      var a = from.clauses[id], b = to.clauses[id];
      if (a && b && same(a, b)) { return; }
      count++;
      var box = document.createElement("div");
      box.className = "change";
      var title = document.createElement("p");
      title.className = "change-title";
      var kind = !a ? "Added" : !b ? "Removed" : (b.withdrawn && !a.withdrawn) ? "Withdrawn" : "Changed";
      var strong = document.createElement("strong");
      strong.textContent = kind + ":";
      title.append(strong, " " + id + " " + (b || a).title);
      box.append(title);
      fields.forEach(function (field) {
        var oldValue = a ? a[field[0]] : "", newValue = b ? b[field[0]] : "";
        if (oldValue === newValue) { return; }
        var group = document.createElement("div");
        group.className = "redline";
        group.setAttribute("role", "group");
        group.setAttribute("aria-label", field[1] + ": changes");
        var label = document.createElement("p");
        label.className = "redline-label";
        label.textContent = field[1];
        group.append(label, redline(oldValue, newValue));
        box.append(group);
      });
      result.append(box);
    });
    var summary = document.createElement("p");
    summary.className = "compare-tool__summary";
    summary.textContent = count === 0 ? "No clause differs between these versions."
      : count + (count === 1 ? " clause differs" : " clauses differ") + " between version " +
        from.version + " and version " + to.version + ".";
    result.prepend(summary);
  }

  function start() {
    var source = document.getElementById("compare-data");
    var form = document.querySelector(".compare-tool");
    if (!source || !form) { return; }
    var versions = {};
    var data = JSON.parse(source.textContent);
    data.versions.forEach(function (v) { versions[v.version] = v; });
    var result = form.querySelector(".compare-tool__result");
    function update() {
      compare(data.fields, versions[form.elements.from.value], versions[form.elements.to.value],
              result);
    }
    form.addEventListener("change", update);
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    form.hidden = false;
    update();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
