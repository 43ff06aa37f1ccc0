/* The apply-or-explain statement, made from a checklist's answers.

   For each item: "We apply this" where the answer is Yes; "We explain", with
   the notes as the explanation, where it is No, Partly or Not applicable. An
   item whose clause restates a legal duty (data-law) cannot be explained: it
   is applied, or "not yet met" with a plan and a date. The statement names
   the organisation, the version of the code, the period, and who approved it
   and when. It comes out as a printable A4 page (print.css) and as an
   OpenDocument text (.odt) that Word and LibreOffice open, written here: a
   small uncompressed zip of four XML files, ODF 1.2 (checklist-odt.js). Nothing is
   sent anywhere: the statement's details are kept with the answers, in this
   browser only. Every piece of the reader's text goes in as text (textContent
   or escaped XML), never as markup. */
(function () {
  "use strict";

  function lower(s) { return s ? s.charAt(0).toLowerCase() + s.slice(1) : ""; }

  // The statement's details, kept in the saved state as state.statement.
  var DETAILS = [
    {name: "period-from", label: "Reporting period from", type: "date"},
    {name: "period-to", label: "Reporting period to", type: "date"},
    {name: "approved-by", label: "Approved by (name)", type: "text"},
    {name: "approver-role", label: "Their role", type: "text"},
    {name: "approved-on", label: "Date approved", type: "date"},
    {name: "board-approved-on", label: "Date the board approved it", type: "date"}
  ];
  var LAW_NOTE = "The law requires this: it cannot be explained away. Answer Yes, or say " +
    "how and by when you will meet it.";

  function el(tag, className, textValue) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (textValue != null) node.textContent = textValue;
    return node;
  }

  function labelled(labelText, control) {
    var label = el("label", "checklist-statement-field");
    label.appendChild(document.createTextNode(labelText + " "));
    label.appendChild(control);
    return label;
  }

  function input(name, type) {
    var i = document.createElement("input");
    i.type = type;
    i.name = name;
    return i;
  }

  // A date as people read it: 2027-03-31 -> 31 March 2027 (other text as given).
  var MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
    "September", "October", "November", "December"];
  function readable(value) {
    var m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value || "");
    if (!m || +m[2] < 1 || +m[2] > 12) return value || "";
    return (+m[3]) + " " + MONTHS[+m[2] - 1] + " " + m[1];
  }

  function extend(api) {
    // A statement is about the reader's own practice: not on the questions to
    // ask a prime contractor, nor on the complete checklist of a whole chain.
    if (api.key === "ask-prime" || api.key === "all") return;
    var details = {};

    // -- a plan and a date under each item that restates the law ---------------
    var plans = {};
    api.items.forEach(function (item) {
      var law = item.getAttribute("data-law");
      if (!law) return;
      var id = item.getAttribute("data-clause");
      var box = el("div", "checklist-law");
      box.appendChild(el("p", "checklist-law__note", LAW_NOTE));
      box.appendChild(el("p", "checklist-law__source", "The provision: " + law));
      var plan = document.createElement("textarea");
      plan.name = "plan-" + id;
      plan.rows = 2;
      var by = input("plan-by-" + id, "date");
      box.appendChild(labelled("If not yet met: our plan", plan));
      box.appendChild(labelled("Met by (date)", by));
      item.appendChild(box);
      plans[id] = {plan: plan, by: by};
    });

    // -- the panel: details and buttons ----------------------------------------
    var panel = el("section", "checklist-statement");
    panel.setAttribute("aria-labelledby", "statement-heading-" + api.key);
    var heading = el("h2", "checklist-statement__heading", "Your apply-or-explain statement");
    heading.id = "statement-heading-" + api.key;
    panel.appendChild(heading);
    panel.appendChild(el("p", null,
      "Turn your answers into your organisation's public statement. Each item you " +
      "answered Yes becomes \u201cWe apply this\u201d. Each item you answered No, Partly or " +
      "Not applicable becomes \u201cWe explain\u201d, with your notes as the explanation. " +
      "An item that restates a legal duty cannot be explained: it is applied, or not yet " +
      "met with a plan and a date. The statement is made on this device; nothing is sent " +
      "anywhere."));
    var box = el("fieldset", "checklist-statement-details");
    box.appendChild(el("legend", null, "About the statement"));
    DETAILS.forEach(function (d) {
      details[d.name] = input(d.name, d.type);
      box.appendChild(labelled(d.label, details[d.name]));
    });
    panel.appendChild(box);
    var buttons = el("p", "checklist-progress__actions");
    var warnings = el("div", "checklist-statement__warnings");
    warnings.setAttribute("role", "status");
    var preview = el("div", "checklist-statement__preview");
    preview.hidden = true;
    buttons.appendChild(api.button("Preview the statement", function () {
      var data = statement();
      showWarnings(data);
      preview.textContent = "";
      preview.appendChild(sheet(data));
      preview.hidden = false;
    }));
    buttons.appendChild(api.button("Print the statement", printStatement));
    buttons.appendChild(api.button("Download the statement (.odt, for Word or LibreOffice)",
      function () {
        var data = statement();
        showWarnings(data);
        window.copOdt.download(window.copOdt.statementDocument(data), fileName(data));
      }));
    panel.appendChild(buttons);
    panel.appendChild(warnings);
    panel.appendChild(preview);
    api.progress.parentNode.insertBefore(panel, api.progress.nextSibling);

    api.addPart({
      collect: function (state) {
        var s = {}, p = {};
        DETAILS.forEach(function (d) { if (details[d.name].value) s[d.name] = details[d.name].value; });
        Object.keys(plans).forEach(function (id) {
          if (plans[id].plan.value || plans[id].by.value) {
            p[id] = {plan: plans[id].plan.value, by: plans[id].by.value};
          }
        });
        if (Object.keys(s).length) state.statement = s;
        if (Object.keys(p).length) state.plans = p;
      },
      apply: function (state) {
        var s = state.statement || {}, p = state.plans || {};
        DETAILS.forEach(function (d) { details[d.name].value = s[d.name] || ""; });
        Object.keys(plans).forEach(function (id) {
          plans[id].plan.value = (p[id] && p[id].plan) || "";
          plans[id].by.value = (p[id] && p[id].by) || "";
        });
      },
      empty: function (state) { return !state.statement && !state.plans; }
    });

    // -- the statement as data: what the print and the document both show -------
    function field(name) {
      var f = api.fields.filter(function (x) { return x.name === name; })[0];
      return f ? f.value.trim() : "";
    }

    function statement() {
      var s = {};
      DETAILS.forEach(function (d) { s[d.name] = details[d.name].value.trim(); });
      var data = {
        organisation: field("organisation"), contract: field("contract"),
        checklist: api.progress.getAttribute("data-title") || "",
        version: api.version, status: api.progress.getAttribute("data-status") || "",
        state: api.progress.getAttribute("data-state") || "",
        provenance: api.provenance,
        periodFrom: readable(s["period-from"]), periodTo: readable(s["period-to"]),
        approvedBy: s["approved-by"], role: s["approver-role"],
        approvedOn: readable(s["approved-on"]), boardOn: readable(s["board-approved-on"]),
        sections: [], warnings: [], counts: {apply: 0, explain: 0, notMet: 0, none: 0}
      };
      var section = null;
      api.items.forEach(function (item) {
        var principle = api.principleOf(item);
        if (!section || section.title !== principle) {
          section = {title: principle, rows: []};
          data.sections.push(section);
        }
        var id = item.getAttribute("data-clause");
        var answer = api.chosen(item);
        var value = answer ? answer.value : "";
        var noteBox = api.notes(item);
        var note = noteBox ? noteBox.value.trim() : "";
        var row = {id: id, question: api.questionOf(item), law: item.getAttribute("data-law") || ""};
        if (value === "yes") {
          row.kind = "apply"; row.verdict = "We apply this."; row.detail = note;
          data.counts.apply += 1;
        } else if (!value) {
          row.kind = "none"; row.verdict = "Not answered."; row.detail = "";
          data.counts.none += 1;
        } else if (row.law) {
          var plan = plans[id] ? plans[id].plan.value.trim() : "";
          var by = plans[id] ? readable(plans[id].by.value.trim()) : "";
          row.kind = "not-met"; row.verdict = "Not yet met.";
          row.detail = (plan ? "Our plan: " + plan : "No plan given.") +
            (by ? " To be met by " + by + "." : " No date given.");
          data.counts.notMet += 1;
          if (!plan || !by) data.warnings.push(id + " restates the law: give a plan and a date.");
        } else {
          row.kind = "explain";
          row.verdict = value === "n/a" ? "We explain: this does not apply to us." : "We explain.";
          row.detail = note;
          data.counts.explain += 1;
          if (!note) data.warnings.push(id + ": write your explanation in its notes.");
        }
        section.rows.push(row);
      });
      if (data.counts.none) {
        data.warnings.unshift(data.counts.none + (data.counts.none === 1 ? " item is" : " items are") +
          " not answered yet.");
      }
      if (!data.organisation) data.warnings.unshift("Give your organisation's name at the top of the checklist.");
      return data;
    }

    function showWarnings(data) {
      warnings.textContent = "";
      if (!data.warnings.length) {
        warnings.appendChild(el("p", null, "The statement is complete."));
        return;
      }
      warnings.appendChild(el("p", null, "Before you publish it:"));
      var list = el("ul");
      data.warnings.forEach(function (w) { list.appendChild(el("li", null, w)); });
      warnings.appendChild(list);
    }

    function fileName(data) {
      var org = (data.organisation || "organisation").toLowerCase().replace(/[^a-z0-9]+/g, "-")
        .replace(/^-+|-+$/g, "").slice(0, 40) || "organisation";
      return "statement-" + org + "-" + api.key + "-v" + api.version + ".odt";
    }

    // -- the statement as a page: the preview, and the sheet that prints -------
    function line(parent, labelText, value) {
      var p = el("p", "statement-sheet__line");
      p.appendChild(el("strong", null, labelText + ": "));
      p.appendChild(document.createTextNode(value || "\u2014"));
      parent.appendChild(p);
    }

    function sheet(data) {
      var root = el("div", "statement-sheet");
      root.appendChild(el("h2", "statement-sheet__title", "Apply-or-explain statement" +
        (data.organisation ? ": " + data.organisation : "")));
      line(root, "Organisation", data.organisation);
      if (data.contract) line(root, "Contract", data.contract);
      line(root, "Reported against", data.checklist + ", version " + data.version + " (" +
        lower(data.state || data.status) + ") of the Code of Practice for Voluntary\u2013Private Sector " +
        "Co-operation in Public Services");
      line(root, "Period", data.periodFrom || data.periodTo
        ? (data.periodFrom || "\u2026") + " to " + (data.periodTo || "\u2026") : "");
      line(root, "Approved by", [data.approvedBy, data.role].filter(Boolean).join(", ") +
        (data.approvedOn ? " on " + data.approvedOn : ""));
      line(root, "Board approval", data.boardOn);
      root.appendChild(el("p", "statement-sheet__summary", "We apply " + data.counts.apply +
        ", explain " + data.counts.explain + " and have not yet met " + data.counts.notMet +
        " of the " + (data.counts.apply + data.counts.explain + data.counts.notMet + data.counts.none) +
        " items" + (data.counts.none ? " (" + data.counts.none + " not answered)" : "") + "."));
      data.sections.forEach(function (section) {
        root.appendChild(el("h3", "statement-sheet__principle", section.title));
        section.rows.forEach(function (row) {
          var div = el("div", "statement-sheet__item statement-sheet__item--" + row.kind);
          var q = el("p", "statement-sheet__question");
          q.appendChild(el("strong", null, row.id + " "));
          q.appendChild(document.createTextNode(row.question));
          div.appendChild(q);
          var v = el("p", "statement-sheet__verdict");
          v.appendChild(el("strong", null, row.verdict));
          if (row.detail) v.appendChild(document.createTextNode(" " + row.detail));
          div.appendChild(v);
          root.appendChild(div);
        });
      });
      var sign = el("div", "statement-sheet__signoff");
      sign.appendChild(el("h3", null, "Sign-off"));
      [["Name", data.approvedBy], ["Role", data.role], ["Date", data.approvedOn],
        ["Signature", ""], ["Board approval date", data.boardOn]].forEach(function (pair) {
        var p = el("p", "statement-sheet__sign");
        p.appendChild(el("span", "statement-sheet__sign-label", pair[0] + ":"));
        p.appendChild(el("span", "statement-sheet__sign-value", pair[1] || ""));
        sign.appendChild(p);
      });
      root.appendChild(sign);
      if (data.provenance) root.appendChild(el("p", "statement-sheet__provenance", data.provenance));
      return root;
    }

    // Print the statement alone: a sheet at the end of the body, and a class
    // on <html> that print.css reads to print only that sheet.
    function printStatement() {
      var data = statement();
      showWarnings(data);
      var old = document.querySelector("body > .statement-print");
      if (old) old.parentNode.removeChild(old);
      var holder = el("div", "statement-print md-typeset");
      holder.appendChild(sheet(data));
      document.body.appendChild(holder);
      document.documentElement.classList.add("statement-printing");
      window.addEventListener("afterprint", function done() {
        window.removeEventListener("afterprint", done);
        document.documentElement.classList.remove("statement-printing");
        if (holder.parentNode) holder.parentNode.removeChild(holder);
      });
      window.print();
    }

    api.statement = statement;
  }

  if (window.copChecklist) window.copChecklist.extend(extend);
})();
