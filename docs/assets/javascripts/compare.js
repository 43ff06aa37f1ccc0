/* Compare any two versions of the code, in the browser.
 *
 * The compare page carries every version's clauses as JSON (#compare-data)
 * and, without JavaScript, shows each version against the one before and
 * against the newest, each at its own address (#compare-1-0-1-1). This
 * script makes the form at the top work: a pair that the page already shows
 * is jumped to; any other pair is drawn into #compare-result, marked up as
 * the static ones are (<ins>/<del> with words for screen readers), at an
 * address of the same form, so every comparison can be linked to and none
 * is shown twice. "Wording only" is CSS (code.css); this script keeps it in
 * the address as ?view=wording. Changes to links alone are grouped into one
 * line, as on the static pairs. It runs only where #compare-data exists.
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

  function anchorOf(from, to) {
    return "compare-" + from.replace(/\./g, "-") + "-" + to.replace(/\./g, "-");
  }

  function element(tag, className, text) {
    var el = document.createElement(tag);
    if (className) { el.className = className; }
    if (text !== undefined) { el.textContent = text; }
    return el;
  }

  /* One comparison, built as the static ones are (render/templates/compare.md.j2). */
  function comparison(data, from, to) {
    var anchor = anchorOf(from.version, to.version);
    var section = element("section", "compare-pair");
    section.id = anchor;
    section.setAttribute("aria-labelledby", anchor + "-title");
    var heading = element("h2", "", "Version " + from.version + " → " + to.version);
    heading.id = anchor + "-title";
    heading.tabIndex = -1;
    section.append(heading);
    var summary = element("p", "compare-pair__summary");
    section.append(summary);

    var ids = Object.keys(Object.assign({}, from.clauses, to.clauses)).sort(function (x, y) {
      var a = idKey(x), b = idKey(y);
      return a[0] - b[0] || a[1] - b[1];
    });
    var count = 0, linksOnly = [], linkFieldsSeen = {};
    ids.forEach(function (id) {
      var a = from.clauses[id], b = to.clauses[id];
      if (a && b && same(a, b)) { return; }
      count++;
      var changed = data.fields.filter(function (f) {
        return (a ? a[f[0]] : "") !== (b ? b[f[0]] : "");
      });
      var onlyLinks = a && b && !(b.withdrawn && !a.withdrawn) && changed.every(function (f) {
        return data.link_fields.indexOf(f[0]) >= 0;
      });
      if (onlyLinks) {
        linksOnly.push([id, b.title]);
        changed.forEach(function (f) { linkFieldsSeen[f[0]] = f[1]; });
        return;
      }
      var box = element("div", "change");
      var title = element("p", "change-title");
      var kind = !a ? "Added" : !b ? "Removed" : (b.withdrawn && !a.withdrawn) ? "Withdrawn" : "Changed";
      title.append(element("strong", "", kind + ":"), " " + id + " " + (b || a).title);
      box.append(title);
      changed.forEach(function (field) {
        var isLink = data.link_fields.indexOf(field[0]) >= 0;
        var group = element("div", isLink ? "redline redline--links" : "redline");
        group.setAttribute("role", "group");
        group.setAttribute("aria-label", field[1] + ": changes");
        group.append(element("p", "redline-label", field[1]),
                     redline(a ? a[field[0]] : "", b ? b[field[0]] : ""));
        box.append(group);
      });
      section.append(box);
    });
    if (linksOnly.length) {
      var labels = data.link_fields.filter(function (f) { return linkFieldsSeen[f]; })
        .map(function (f, i) { return i ? linkFieldsSeen[f].toLowerCase() : linkFieldsSeen[f]; });
      var line = element("p", "links-line", labels.join(", ") + " changed, wording unchanged: " +
        linksOnly.map(function (c) { return c[0]; }).join(", ") + ".");
      var wrap = element("div", "change change--links");
      wrap.append(line);
      section.append(wrap);
    }
    summary.textContent = count === 0 ? "No clause differs between these versions."
      : count + (count === 1 ? " clause differs" : " clauses differ") + " between version " +
        from.version + " and version " + to.version + ".";
    if (linksOnly.length) {
      summary.textContent += " " + linksOnly.length + " of them in links or sources only.";
    }
    return section;
  }

  function start() {
    var source = document.getElementById("compare-data");
    var form = document.querySelector("form.compare-tool");
    var result = document.getElementById("compare-result");
    if (!source || !form || !result) { return; }
    var data = JSON.parse(source.textContent);
    var versions = {}, pairs = {};
    data.versions.forEach(function (v) { versions[v.version] = v; });
    data.versions.forEach(function (a) {
      data.versions.forEach(function (b) { pairs[anchorOf(a.version, b.version)] = [a, b]; });
    });
    var view = form.elements.view;

    /* Show the pair an address names: the static one, or one drawn here. */
    function showFromAddress(scroll) {
      var pair = pairs[decodeURIComponent(location.hash.slice(1))];
      if (!pair) { return; }
      form.elements.from.value = pair[0].version;
      form.elements.to.value = pair[1].version;
      var anchor = anchorOf(pair[0].version, pair[1].version);
      var existing = document.getElementById(anchor);
      if (!existing || !result.contains(existing)) { result.textContent = ""; }
      if (!existing) {
        existing = comparison(data, pair[0], pair[1]);
        result.append(existing);
      }
      if (scroll) { existing.scrollIntoView(); }
    }

    function address(anchor) {
      var params = new URLSearchParams(location.search);
      if (view.checked) { params.set("view", "wording"); } else { params.delete("view"); }
      var query = params.toString();
      return location.pathname + (query ? "?" + query : "") + (anchor ? "#" + anchor : location.hash);
    }

    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var anchor = anchorOf(form.elements.from.value, form.elements.to.value);
      history.pushState(null, "", address(anchor));
      showFromAddress(true);
      var heading = document.getElementById(anchor + "-title");
      if (heading) { heading.tabIndex = -1; heading.focus({preventScroll: true}); }
    });
    view.addEventListener("change", function () {
      history.replaceState(null, "", address(""));
    });
    window.addEventListener("hashchange", function () { showFromAddress(true); });
    window.addEventListener("popstate", function () { showFromAddress(true); });

    view.checked = new URLSearchParams(location.search).get("view") === "wording";
    showFromAddress(!!location.hash);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
