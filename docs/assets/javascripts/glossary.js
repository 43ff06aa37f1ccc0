/* Glossary definitions for keyboard and touch users, not only for a mouse.

   Every page ends with the glossary (docs/includes/glossary.md), which
   Python-Markdown's abbr extension turns into <abbr title="definition">
   around each term. A title shows only when a mouse hovers over it. This
   script makes each term a tab stop and, when the term is focused (Tab) or
   tapped, shows its definition in a box below it, linked to the term with
   aria-describedby so that screen readers announce it. Escape, a second tap
   or moving focus away hides it. Without JavaScript, the title stays as it
   is, and the glossary page lists every definition.

   Only the first occurrence of a term in each clause (or, outside clauses,
   in each page) is a tab stop: a principle page uses "prime" and "partner"
   dozens of times, and a keyboard user should not need 80 presses to pass
   them. The other occurrences still show their definition on tap or click. */
(function () {
  "use strict";

  var MARGIN = 8;  // px kept between a definition box and the edge of the window
  var count = 0;
  var seen = [];  // [{group, terms: {}}]: the terms already made a tab stop in each group

  function firstInGroup(abbr) {
    var group = abbr.closest(".clause, fieldset, article") || document.body;
    var term = (abbr.textContent || "").trim().toLowerCase();
    var entry = seen.filter(function (e) { return e.group === group; })[0];
    if (!entry) { entry = {group: group, terms: {}}; seen.push(entry); }
    if (entry.terms[term]) return false;
    entry.terms[term] = true;
    return true;
  }

  function place(tip) {
    // Keep the box inside the window: shift it left if it would overflow.
    tip.style.left = "0px";
    var box = tip.getBoundingClientRect();
    var room = document.documentElement.clientWidth - MARGIN;
    if (box.right > room) {
      tip.style.left = Math.min(0, room - box.right) + "px";
      box = tip.getBoundingClientRect();
      if (box.left < MARGIN) {
        tip.style.left = (parseFloat(tip.style.left) + MARGIN - box.left) + "px";
      }
    }
  }

  function show(abbr, tip) {
    tip.hidden = false;
    place(tip);
  }

  function hide(abbr, tip) {
    tip.hidden = true;
  }

  function enhance(abbr) {
    var definition = abbr.getAttribute("title");
    // Terms inside links and form labels keep their own behaviour.
    if (!definition || abbr.closest("a, button, label, summary, .glossary-term")) {
      return;
    }
    count += 1;
    var wrapper = document.createElement("span");
    wrapper.className = "glossary-term";
    var tip = document.createElement("span");
    tip.className = "glossary-tip";
    tip.id = "glossary-tip-" + count;
    tip.setAttribute("role", "tooltip");
    tip.textContent = definition;
    tip.hidden = true;
    abbr.parentNode.insertBefore(wrapper, abbr);
    wrapper.appendChild(abbr);
    wrapper.appendChild(tip);
    abbr.tabIndex = firstInGroup(abbr) ? 0 : -1;
    abbr.setAttribute("aria-describedby", tip.id);

    abbr.addEventListener("focus", function () { show(abbr, tip); });
    abbr.addEventListener("blur", function () { hide(abbr, tip); });
    // A tap focuses the term, which shows the definition; a second tap on the
    // focused term hides it (or shows it again). Whether the term had the focus
    // is read when the tap starts, because the browser focuses it before the click.
    var hadFocus = false;
    abbr.addEventListener("pointerdown", function () {
      hadFocus = document.activeElement === abbr;
    });
    abbr.addEventListener("click", function () {
      if (!hadFocus) {
        if (document.activeElement !== abbr) {
          abbr.focus();
        }
        show(abbr, tip);
      } else if (tip.hidden) {
        show(abbr, tip);
      } else {
        hide(abbr, tip);
      }
      hadFocus = true;
    });
    abbr.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && !tip.hidden) {
        hide(abbr, tip);
        event.stopPropagation();
      }
    });
  }

  function enhanceAll() {
    var terms = document.querySelectorAll(".md-typeset abbr[title]");
    Array.prototype.forEach.call(terms, enhance);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", enhanceAll);
  } else {
    enhanceAll();
  }
})();
