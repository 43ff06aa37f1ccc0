/* Answers that travel: save a checklist's answers to a JSON file, and load
   such a file again, on another machine, from a colleague, or into a newer
   version of the code.

   The file names the checklist, the version and the date, and for each
   answer a fingerprint of what was answered (the question and the clause's
   text, data-fingerprint). Loading applies the carry-over rules of
   checklist.js: an item whose fingerprint is the same keeps its answer; an
   item that changed is flagged "changed since you answered", with a link to
   its redline in the changelog, and its old answer shown beside it; a
   withdrawn clause is listed as gone, with where its content moved.

   A file is checked strictly before anything changes: its size, that it is
   JSON, every key and every value. A file that fails gives one clear message
   and the page stays as it was. Nothing from the file is ever inserted as
   HTML: only as text, or as the value of a form field. */
(function () {
  "use strict";

  var FORMAT = "code-of-practice-checklist-answers";
  var FORMAT_VERSION = 1;
  var MAX_BYTES = 1024 * 1024;
  var MAX_TEXT = 20000;
  var ID = /^[1-9][0-9]?\.[1-9][0-9]?$/;
  var VERSION = /^[0-9]{1,3}\.[0-9]{1,3}$/;
  var ANSWERS = {"yes": "Yes", "no": "No", "partly": "Partly", "n/a": "Not applicable"};
  var FIELDS = ["organisation", "contract", "date", "completed-by"];
  var DETAILS = ["period-from", "period-to", "approved-by", "approver-role", "approved-on",
    "board-approved-on"];
  var TOP = ["format", "format_version", "checklist", "version", "saved", "fields",
    "statement", "answers"];
  var ANSWER_KEYS = ["answer", "notes", "plan", "by", "question", "fingerprint"];

  function Refused(message) { this.message = message; }

  function isObject(v) { return v !== null && typeof v === "object" && !Array.isArray(v); }

  function onlyKeys(obj, allowed, where) {
    Object.keys(obj).forEach(function (k) {
      if (allowed.indexOf(k) < 0) {
        throw new Refused(where + " has an entry this page does not know (\u201c" +
          k.slice(0, 40) + "\u201d).");
      }
    });
  }

  function textValue(v, where) {
    if (typeof v !== "string") throw new Refused(where + " is not text.");
    if (v.length > MAX_TEXT) throw new Refused(where + " is longer than " + MAX_TEXT + " characters.");
    return v;
  }

  function textMap(obj, allowed, where) {
    if (obj === undefined) return {};
    if (!isObject(obj)) throw new Refused(where + " is not a list of named values.");
    onlyKeys(obj, allowed, where);
    var out = {};
    Object.keys(obj).forEach(function (k) { out[k] = textValue(obj[k], where + ", " + k); });
    return out;
  }

  // The file as plain data, checked; throws Refused with the reason.
  function check(raw, key) {
    var data;
    try { data = JSON.parse(raw); } catch (err) {
      throw new Refused("The file is not a saved answers file: it is not valid JSON.");
    }
    if (!isObject(data) || data.format !== FORMAT) {
      throw new Refused("The file is not a saved answers file from this site's checklists.");
    }
    onlyKeys(data, TOP, "The file");
    if (data.format_version !== FORMAT_VERSION) {
      throw new Refused("The file was saved in a format this page does not read (format " +
        String(data.format_version).slice(0, 10) + ").");
    }
    if (data.checklist !== key) {
      throw new Refused("The file holds answers to another checklist (\u201c" +
        String(data.checklist).slice(0, 40) + "\u201d). Open that checklist and load it there.");
    }
    if (typeof data.version !== "string" || !VERSION.test(data.version)) {
      throw new Refused("The file does not say which version of the code it answers.");
    }
    if (typeof data.saved !== "string" || !/^\d{4}-\d{2}-\d{2}/.test(data.saved) || data.saved.length > 40) {
      throw new Refused("The file does not say when it was saved.");
    }
    var out = {version: data.version, saved: data.saved.slice(0, 10),
      fields: textMap(data.fields, FIELDS, "The file's details"),
      statement: textMap(data.statement, DETAILS, "The file's statement details"), answers: {}};
    if (!isObject(data.answers)) throw new Refused("The file holds no answers.");
    Object.keys(data.answers).forEach(function (id) {
      if (!ID.test(id)) throw new Refused("The file names an item that is not a clause number (\u201c" + id.slice(0, 20) + "\u201d).");
      var a = data.answers[id];
      if (!isObject(a)) throw new Refused("The answer to " + id + " is not in the form this page saves.");
      onlyKeys(a, ANSWER_KEYS, "The answer to " + id);
      var entry = {};
      ANSWER_KEYS.forEach(function (k) {
        if (a[k] !== undefined) entry[k] = textValue(a[k], "The answer to " + id + ", " + k);
      });
      if (entry.answer !== undefined && entry.answer !== "" && !ANSWERS[entry.answer]) {
        throw new Refused("The answer to " + id + " is not one of Yes, No, Partly or Not applicable.");
      }
      out.answers[id] = entry;
    });
    return out;
  }

  function extend(api) {
    var withdrawn = {};
    (api.progress.getAttribute("data-withdrawn") || "").split(/\s+/).filter(Boolean).forEach(function (entry) {
      var parts = entry.split(">");
      withdrawn[parts[0]] = (parts[1] || "").split(",").filter(Boolean);
    });
    var byId = {};
    api.items.forEach(function (item) { byId[item.getAttribute("data-clause")] = item; });

    var message = document.createElement("div");
    message.className = "checklist-file__message";
    // Announced when it changes (a live region; the progress line is the role=status).
    message.setAttribute("aria-live", "polite");
    var report = document.createElement("div");
    report.className = "checklist-loaded admonition note";
    report.hidden = true;

    var picker = document.createElement("input");
    picker.type = "file";
    picker.accept = "application/json,.json";
    picker.className = "checklist-file__picker";
    picker.hidden = true;
    picker.setAttribute("aria-label", "Choose a saved answers file");

    api.actions.appendChild(document.createTextNode(" "));
    api.actions.appendChild(api.button("Save my answers to a file", saveFile));
    api.actions.appendChild(document.createTextNode(" "));
    api.actions.appendChild(api.button("Load answers from a file", function () { picker.click(); }));
    api.actions.appendChild(picker);
    api.progress.appendChild(message);
    api.progress.appendChild(report);

    function say(textValue, problem) {
      message.textContent = "";
      var p = document.createElement("p");
      p.className = problem ? "checklist-file__problem" : "";
      p.textContent = textValue;
      message.appendChild(p);
    }

    // -- save -------------------------------------------------------------------
    function saveFile() {
      var state = api.collect();
      var answers = {};
      api.items.forEach(function (item) {
        var id = item.getAttribute("data-clause");
        var entry = {};
        if (state.answers[id]) entry.answer = state.answers[id];
        if (state.notes[id]) entry.notes = state.notes[id];
        var plan = (state.plans || {})[id];
        if (plan && plan.plan) entry.plan = plan.plan;
        if (plan && plan.by) entry.by = plan.by;
        if (!Object.keys(entry).length) return;
        entry.question = api.questionOf(item);
        entry.fingerprint = item.getAttribute("data-fingerprint") || "";
        answers[id] = entry;
      });
      var data = {format: FORMAT, format_version: FORMAT_VERSION, checklist: api.key,
        version: api.version, saved: new Date().toISOString(), fields: state.fields,
        statement: state.statement || {}, answers: answers};
      var blob = new Blob([JSON.stringify(data, null, 2) + "\n"], {type: "application/json"});
      var url = URL.createObjectURL(blob);
      var link = document.createElement("a");
      link.href = url;
      link.download = "answers-" + api.key + "-v" + api.version + "-" + data.saved.slice(0, 10) + ".json";
      link.hidden = true;
      document.body.appendChild(link);
      link.click();
      document.body.removeChild(link);
      setTimeout(function () { URL.revokeObjectURL(url); }, 10000);
      say("Saved " + Object.keys(answers).length + " answers to a file. Keep it safe: " +
        "load it here, on another device, or into a newer version of the code.");
    }

    // -- load -------------------------------------------------------------------
    picker.addEventListener("change", function () {
      var file = picker.files && picker.files[0];
      picker.value = "";
      if (!file) return;
      if (file.size > MAX_BYTES) {
        say("Nothing was loaded: the file is larger than a saved answers file can be (1 MB). " +
          "Your answers on this page are unchanged.", true);
        return;
      }
      var reader = new FileReader();
      reader.onload = function () { loadText(String(reader.result)); };
      reader.onerror = function () {
        say("Nothing was loaded: the file could not be read. Your answers on this page are unchanged.", true);
      };
      reader.readAsText(file);
    });

    function loadText(raw) {
      var data;
      try { data = check(raw, api.key); } catch (err) {
        if (!(err instanceof Refused)) throw err;
        say("Nothing was loaded. " + err.message + " Your answers on this page are unchanged.", true);
        return;
      }
      var current = api.collect();
      if (Object.keys(current.answers).length || Object.keys(current.notes).length) {
        if (!window.confirm("Replace the answers on this page with the ones in the file?")) {
          say("Nothing was loaded. Your answers on this page are unchanged.");
          return;
        }
      }
      var state = {fields: data.fields, statement: data.statement, answers: {}, notes: {}, plans: {}};
      var kept = 0, changed = [], gone = [], elsewhere = [];
      Object.keys(data.answers).forEach(function (id) {
        var a = data.answers[id], item = byId[id];
        if (!item) {
          if (withdrawn[id]) gone.push({id: id, to: withdrawn[id], old: a});
          else elsewhere.push({id: id, old: a});
          return;
        }
        if (a.fingerprint && a.fingerprint === item.getAttribute("data-fingerprint")) {
          if (a.answer) state.answers[id] = a.answer;
          if (a.notes) state.notes[id] = a.notes;
          if (a.plan || a.by) state.plans[id] = {plan: a.plan || "", by: a.by || ""};
          kept += 1;
        } else {
          changed.push({id: id, old: a, item: item});
        }
      });
      api.load(state);
      showReport(data, kept, changed, gone, elsewhere);
      say("Loaded the answers saved on " + data.saved + " against version " + data.version + ".");
    }

    function li(list, parts) {
      var item = document.createElement("li");
      parts.forEach(function (part) { item.appendChild(part); });
      list.appendChild(item);
    }
    function t(s) { return document.createTextNode(s); }
    function link(href, label) {
      var a = document.createElement("a");
      a.href = href;
      a.textContent = label;
      return a;
    }
    function was(old) {
      var bits = [];
      if (old.answer) bits.push("you answered " + ANSWERS[old.answer]);
      if (old.notes) bits.push("your notes: \u201c" + old.notes + "\u201d");
      return bits.length ? " (" + bits.join("; ") + ")" : "";
    }

    function showReport(data, kept, changed, gone, elsewhere) {
      report.textContent = "";
      api.items.forEach(function (item) { item.classList.remove("checklist-item--changed"); });
      var intro = document.createElement("p");
      intro.textContent = "From your file (version " + data.version + ", saved " + data.saved + "): " +
        kept + (kept === 1 ? " answer" : " answers") + " kept for items that have not changed" +
        (data.version !== api.version ? ", now against version " + api.version : "") + ".";
      report.appendChild(intro);
      if (changed.length) {
        report.appendChild(document.createElement("p")).textContent =
          "Changed since you answered: read what changed, then answer again.";
        var list = document.createElement("ul");
        list.className = "checklist-loaded__changed";
        changed.forEach(function (c) {
          c.item.classList.add("checklist-item--changed");
          var parts = [link("#item-" + c.id, c.id + ": " + api.questionOf(c.item)),
            t(" \u2014 changed since you answered" + was(c.old) + ". ")];
          var redline = c.item.getAttribute("data-redline");
          if (redline) parts.push(link(redline, "See what changed in clause " + c.id));
          li(list, parts);
        });
        report.appendChild(list);
      }
      if (gone.length) {
        report.appendChild(document.createElement("p")).textContent =
          "Withdrawn since you answered:";
        var goneList = document.createElement("ul");
        goneList.className = "checklist-loaded__gone";
        gone.forEach(function (g) {
          var parts = [t(g.id + " is withdrawn" + was(g.old) + ". ")];
          if (g.to.length) {
            parts.push(t("Its content moved to "));
            g.to.forEach(function (to, i) {
              if (i) parts.push(t(", "));
              parts.push(byId[to] ? link("#item-" + to, to) : t(to));
            });
            parts.push(t("."));
          }
          li(goneList, parts);
        });
        report.appendChild(goneList);
      }
      if (elsewhere.length) {
        report.appendChild(document.createElement("p")).textContent =
          "Not in this checklist of version " + api.version + ": " +
          elsewhere.map(function (e) { return e.id; }).join(", ") + ".";
      }
      var hide = api.button("Hide this note", function () { report.hidden = true; });
      report.appendChild(hide);
      report.hidden = false;
    }

    api.loadText = loadText;
  }

  if (window.copChecklist) window.copChecklist.extend(extend);
})();
