/* Checklist pages: keep the reader's answers in this browser, show progress,
   and offer print, CSV export and clear.

   Progressive enhancement: without JavaScript the page is already a complete
   form that prints. Nothing here sends anything anywhere: answers are kept
   in localStorage on this device only, and the CSV is made in the browser.
   Material loads this file on every page; it does nothing on pages without a
   `.checklist-progress` element.

   Other scripts add to a checklist (checklist-statement.js: the
   apply-or-explain statement; checklist-file.js: answers saved to and loaded
   from a file) through window.copChecklist.extend(fn): fn(api) is called once
   for each checklist on the page, with the functions below. */
(function () {
  "use strict";

  var FIELD_NAMES = ["organisation", "contract", "date", "completed-by"];
  // The parts of a checklist whose changes are saved: the items, the fields at
  // the top, and what the extensions add (the statement's details).
  var SAVED_PARTS = ".checklist-item, .checklist-fields, .checklist-statement-details";

  // Extensions register before or after the checklists are enhanced.
  var extensions = [], apis = [];
  window.copChecklist = {
    extend: function (fn) {
      extensions.push(fn);
      apis.forEach(function (api) { fn(api); });
    }
  };

  function openStorage() {
    try {
      var store = window.localStorage;
      var probe = "cop-checklist:probe";
      store.setItem(probe, "1");
      store.removeItem(probe);
      return store;
    } catch (err) {
      return null;  // blocked, disabled or full: the page still works without saving
    }
  }

  function text(node) {
    return (node ? node.textContent : "").replace(/\s+/g, " ").trim();
  }

  // A spreadsheet runs a cell that starts with = + - @ (or a tab or carriage
  // return before one) as a formula: such a cell gets a leading apostrophe,
  // which spreadsheets read as text. The same rule as outputs/cells.py.
  function csvCell(value) {
    var s = String(value == null ? "" : value);
    if (/^[=+\-@\t\r]/.test(s)) s = "'" + s;
    return /[",\r\n]/.test(s) || /^\s|\s$/.test(s) ? '"' + s.replace(/"/g, '""') + '"' : s;
  }

  function csvLine(cells) {
    return cells.map(csvCell).join(",") + "\r\n";
  }

  function button(label, onClick) {
    var b = document.createElement("button");
    b.type = "button";
    b.className = "md-button";
    b.textContent = label;
    b.addEventListener("click", onClick);
    return b;
  }

  function enhance(progress) {
    if (progress.getAttribute("data-enhanced")) return;
    progress.setAttribute("data-enhanced", "true");

    var scope = progress.closest("article") || document.body;
    var items = Array.prototype.slice.call(scope.querySelectorAll("fieldset.checklist-item"));
    var fields = FIELD_NAMES.map(function (name) {
      return scope.querySelector('.checklist-fields input[name="' + name + '"]');
    }).filter(Boolean);
    var checklistKey = progress.getAttribute("data-checklist") || "checklist";
    var version = progress.getAttribute("data-version") || "";
    // What this edition is, as the first row of the exported CSV (model/provenance.py).
    var provenance = progress.getAttribute("data-provenance") || "";
    var storageKey = "cop-checklist:" + checklistKey + ":" + version;
    var store = openStorage();

    function radios(item) {
      return Array.prototype.slice.call(item.querySelectorAll('input[type="radio"]'));
    }
    function notes(item) {
      return item.querySelector("textarea");
    }
    function chosen(item) {
      return radios(item).filter(function (r) { return r.checked; })[0] || null;
    }

    // What extensions keep in the saved state: {collect(state), apply(state), empty(state)}.
    var parts = [];

    // -- the state: read from the form, written to the form ---------------------
    function collect() {
      var state = { fields: {}, answers: {}, notes: {} };
      fields.forEach(function (f) { if (f.value) state.fields[f.name] = f.value; });
      items.forEach(function (item) {
        var id = item.getAttribute("data-clause");
        var r = chosen(item);
        var n = notes(item);
        if (r) state.answers[id] = r.value;
        if (n && n.value) state.notes[id] = n.value;
      });
      parts.forEach(function (part) { part.collect(state); });
      return state;
    }

    function apply(state) {
      state = state || {};
      var f = state.fields || {}, a = state.answers || {}, n = state.notes || {};
      fields.forEach(function (field) { field.value = f[field.name] || ""; });
      items.forEach(function (item) {
        var id = item.getAttribute("data-clause");
        radios(item).forEach(function (r) { r.checked = a[id] === r.value; });
        var box = notes(item);
        if (box) box.value = n[id] || "";
      });
      parts.forEach(function (part) { part.apply(state); });
    }

    function save() {
      if (!store) return;
      var state = collect();
      if (carried) state.carried = carried;
      var empty = !Object.keys(state.fields).length && !Object.keys(state.answers).length &&
        !Object.keys(state.notes).length &&
        parts.every(function (part) { return part.empty(state); });
      try {
        if (empty) store.removeItem(storageKey);
        else store.setItem(storageKey, JSON.stringify(state));
      } catch (err) { /* full or blocked: keep working without saving */ }
    }

    function read(key) {
      try {
        var value = JSON.parse(store.getItem(key) || "null");
        return value && typeof value === "object" ? value : null;
      } catch (err) { return null; }
    }

    // -- answers saved against an older version ---------------------------------
    // Each item carries data-since, the version its question dates from, and
    // the page lists every version (data-versions, oldest first). Answers
    // saved against an older version are carried over for the items whose
    // question has not changed since; the others are listed in a note.
    var versions = (progress.getAttribute("data-versions") || "").split(/\s+/).filter(Boolean);
    var carried = null;  // {from: version, items: [clause IDs new or changed since]}

    function olderSaved() {
      var here = versions.indexOf(version), best = null;
      if (here < 0) return null;
      var prefix = "cop-checklist:" + checklistKey + ":";
      for (var i = 0; i < store.length; i++) {
        var key = store.key(i);
        if (!key || key.indexOf(prefix) !== 0) continue;
        var at = versions.indexOf(key.slice(prefix.length));
        if (at >= 0 && at < here && (!best || at > best.at)) best = {at: at, key: key};
      }
      return best && {version: versions[best.at], state: read(best.key)};
    }

    function carryOver(older) {
      var old = older.state, from = versions.indexOf(older.version);
      // The statement's details (checklist-statement.js) carry over whole; the
      // plans for items that restate the law, like answers, only where unchanged.
      var state = {fields: old.fields || {}, statement: old.statement, answers: {}, notes: {},
        plans: {}};
      var changed = [];
      items.forEach(function (item) {
        var id = item.getAttribute("data-clause");
        var since = versions.indexOf(item.getAttribute("data-since") || "");
        if (since >= 0 && since <= from) {
          if ((old.answers || {})[id]) state.answers[id] = old.answers[id];
          if ((old.notes || {})[id]) state.notes[id] = old.notes[id];
          if ((old.plans || {})[id]) state.plans[id] = old.plans[id];
        } else {
          changed.push(id);
        }
      });
      carried = {from: older.version, items: changed};
      return state;
    }

    function showCarried() {
      carriedNote.textContent = "";
      carriedNote.hidden = !carried;
      items.forEach(function (item) { item.classList.remove("checklist-item--changed"); });
      if (!carried) return;
      var intro = document.createElement("p");
      intro.textContent = "Your answers to version " + carried.from + " of this checklist " +
        "have been carried over to version " + version + " for every question that has " +
        "not changed since. " + (carried.items.length
          ? "Answer again " + (carried.items.length === 1 ? "the item" : "the " + carried.items.length + " items") +
            " that " + (carried.items.length === 1 ? "is" : "are") + " new or changed since you answered:"
          : "No question is new or changed since you answered.");
      carriedNote.appendChild(intro);
      if (carried.items.length) {
        var list = document.createElement("ul");
        carried.items.forEach(function (id) {
          var li = document.createElement("li");
          var a = document.createElement("a");
          a.href = "#item-" + id;
          var item = scope.querySelector('fieldset.checklist-item[data-clause="' + id + '"]');
          a.textContent = id + (item ? ": " + questionOf(item) : "");
          if (item) item.classList.add("checklist-item--changed");
          li.appendChild(a);
          list.appendChild(li);
        });
        carriedNote.appendChild(list);
      }
      var done = button("Hide this note", function () {
        carried = null;
        save();
        showCarried();
      });
      carriedNote.appendChild(done);
    }

    function restore() {
      if (!store) return;
      var saved = read(storageKey);
      if (!saved) {
        var older = olderSaved();
        if (older && older.state) {
          saved = carryOver(older);
          apply(saved);
          save();
          return;
        }
      }
      carried = saved && saved.carried && Array.isArray(saved.carried.items) ? saved.carried : null;
      if (saved) apply(saved);
    }

    // -- progress ---------------------------------------------------------------
    var status = document.createElement("p");
    status.className = "checklist-progress__status";
    status.setAttribute("role", "status");
    status.setAttribute("aria-live", "polite");

    function update() {
      var answered = items.filter(chosen).length;
      status.textContent = answered + " of " + items.length + " answered";
    }

    // -- CSV export -------------------------------------------------------------
    // The heading's own words: without the permalink and without the
    // definitions glossary.js puts beside a term.
    function principleOf(item) {
      for (var node = item.previousElementSibling; node; node = node.previousElementSibling) {
        if (node.tagName === "H2") {
          var copy = node.cloneNode(true);
          Array.prototype.forEach.call(copy.querySelectorAll(".headerlink, .glossary-tip"),
            function (extra) { extra.parentNode.removeChild(extra); });
          return text(copy);
        }
      }
      return "";
    }

    function questionOf(item) {
      var legend = item.querySelector("legend");
      if (!legend) return "";
      var copy = legend.cloneNode(true);
      var id = copy.querySelector(".checklist-id");
      if (id) id.parentNode.removeChild(id);
      return text(copy);
    }

    function answerLabel(radio) {
      if (!radio) return "";
      var label = radio.closest("label");
      return label ? text(label) : radio.value;
    }

    function fieldLabel(field) {
      var label = field.closest("label");
      if (!label) return field.name;
      var copy = label.cloneNode(true);
      Array.prototype.forEach.call(copy.querySelectorAll("input"), function (i) { i.remove(); });
      return text(copy);
    }

    function exportCsv() {
      var title = text(scope.querySelector(".checklist-form-title")) || document.title;
      var csv = provenance ? csvLine([provenance]) : "";
      csv += csvLine(["Checklist", title]);
      csv += csvLine(["Version", version]);
      fields.forEach(function (f) { csv += csvLine([fieldLabel(f), f.value]); });
      csv += "\r\n";
      csv += csvLine(["ID", "Principle", "Question", "Answer", "Notes"]);
      items.forEach(function (item) {
        var n = notes(item);
        csv += csvLine([item.getAttribute("data-clause"), principleOf(item), questionOf(item),
          answerLabel(chosen(item)), n ? n.value : ""]);
      });
      var blob = new Blob(["\ufeff" + csv], { type: "text/csv;charset=utf-8" });
      var url = URL.createObjectURL(blob);
      var link = document.createElement("a");
      link.href = url;
      link.download = "checklist-" + checklistKey + "-v" + version + "-answers.csv";
      link.hidden = true;
      document.body.appendChild(link);
      link.click();
      document.body.removeChild(link);
      setTimeout(function () { URL.revokeObjectURL(url); }, 10000);
    }

    // -- clear ------------------------------------------------------------------
    function clearAnswers() {
      if (!window.confirm("Clear all your answers on this checklist? This cannot be undone.")) return;
      if (store) {
        try { store.removeItem(storageKey); } catch (err) { /* nothing saved */ }
      }
      carried = null;
      apply({});
      showCarried();
      update();
    }

    // -- put it together --------------------------------------------------------
    var note = document.createElement("p");
    note.className = "checklist-progress__note";
    note.textContent = store
      ? "Your answers are kept in this browser on this device only. Nothing is sent anywhere."
      : "This browser cannot keep your answers, so print or export them before you leave the page.";

    var actions = document.createElement("p");
    actions.className = "checklist-progress__actions";
    actions.appendChild(button("Print with my answers", function () { window.print(); }));
    actions.appendChild(document.createTextNode(" "));
    actions.appendChild(button("Export my answers as CSV", exportCsv));
    actions.appendChild(document.createTextNode(" "));
    actions.appendChild(button("Clear answers", clearAnswers));

    var carriedNote = document.createElement("div");
    carriedNote.className = "checklist-carried admonition note";
    carriedNote.setAttribute("role", "note");
    carriedNote.hidden = true;

    progress.textContent = "";
    progress.appendChild(status);
    progress.appendChild(note);
    progress.appendChild(actions);
    progress.appendChild(carriedNote);

    // "Questions to ask your prime": the questions alone, to read on a phone or print.
    if (checklistKey === "ask-prime") {
      var article = scope;
      var listOnly = button("Show the questions only", function () {
        var on = !article.classList.contains("checklist--questions-only");
        article.classList.toggle("checklist--questions-only", on);
        listOnly.textContent = on ? "Show the answer form" : "Show the questions only";
        listOnly.setAttribute("aria-pressed", on ? "true" : "false");
      });
      listOnly.setAttribute("aria-pressed", "false");
      listOnly.classList.add("checklist-questions-toggle");
      actions.insertBefore(document.createTextNode(" "), actions.firstChild);
      actions.insertBefore(listOnly, actions.firstChild);
    }

    var api = {
      progress: progress, scope: scope, items: items, fields: fields, key: checklistKey,
      version: version, versions: versions, provenance: provenance, actions: actions,
      store: store, text: text, button: button, questionOf: questionOf,
      principleOf: principleOf, chosen: chosen, notes: notes, collect: collect,
      apply: apply, update: update,
      save: function () { save(); },
      addPart: function (part) { parts.push(part); },
      // Replace every answer with a loaded state (checklist-file.js).
      load: function (state) { carried = null; apply(state); save(); showCarried(); update(); },
      restore: function () { restore(); showCarried(); update(); }
    };

    apis.push(api);
    extensions.forEach(function (fn) { fn(api); });
    restore();
    showCarried();
    update();
    progress.hidden = false;

    scope.addEventListener("change", function (event) {
      if (event.target.closest && event.target.closest(SAVED_PARTS)) {
        save();
        update();
      }
    });
    scope.addEventListener("input", function (event) {
      if (event.target.closest && event.target.closest(SAVED_PARTS)) {
        save();
      }
    });
    // The browser may refill the form itself when coming back to the page.
    window.addEventListener("pageshow", function (event) {
      if (event.persisted) { restore(); showCarried(); update(); }
    });
  }

  function init() {
    Array.prototype.forEach.call(
      document.querySelectorAll(".checklist-progress[data-checklist]"), enhance);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
