"""Markdown for the principle pages: header, clauses and references to clauses."""

from __future__ import annotations

from code_of_practice.model.checklists import checklists_for
from code_of_practice.model.code import Clause, Code
from code_of_practice.model.fields import framework_item_label
from code_of_practice.model.urls import framework_anchor
from code_of_practice.render.escape import md, table_cell
from code_of_practice.render.links import md_link
from code_of_practice.render.numbers import law_notice, marked_text, number_items, numbers_anchor
from code_of_practice.render.templating import render



def principle_header(code: Code, number: int, edition: dict | None = None) -> str:
    return render("principle_header.md.j2", principle=code.principle(number), edition=edition)


def clause_link(code: Code, clause_id: str, page: str, with_title: bool = True) -> str:
    """A Markdown link to a clause, e.g. '[3.2 Title](../code/3-x.md#clause-3.2)'."""
    clause = code.clause(clause_id)
    principle = code.principle(clause.principle)
    label = f"{clause.id} {md(clause.title)}" if with_title else clause.id
    return f"[{label}]({md_link(page, principle.page, clause.anchor)})"


def framework_link(code: Code, framework: str, item, page: str) -> str:
    """'[Compact outcome 3: Responsive …](../background/compact.md#compact-3)'."""
    label = md(framework_item_label(framework, item, code.frameworks.titles(framework)[item]))
    anchor = framework_anchor(framework, item)
    return f"[{label}]({md_link(page, code.frameworks.pages[framework], anchor)})"


def audience_names(code: Code, clause: Clause) -> str:
    names = [code.frameworks.audiences[a]["name"] for a in clause.audiences]
    return ", ".join([names[0]] + [n.lower() for n in names[1:]])


def clause_block(code: Code, clause: Clause, page: str, badges=(), history=(),
                 actions=()) -> str:
    supports = [framework_link(code, fw, item, page)
                for fw in ("compact", "merlin", "merlin_2018") for item in clause.links(fw)]
    checklists = [f"[{c.title}]({md_link(page, c.page, 'item-' + clause.id)})"
                  for c in checklists_for(code, clause)]
    return render(
        "clause.md.j2",
        clause=clause,
        text=marked_text(clause),
        numbers=number_items(clause, page),
        numbers_anchor=numbers_anchor(clause),
        law=law_notice(clause),
        audiences=audience_names(code, clause),
        supports=supports,
        related=[clause_link(code, r, page) for r in clause.related],
        moved_to=[clause_link(code, r, page) for r in
                  (clause.withdrawn.moved_to if clause.withdrawn else ())],
        checklists=checklists,
        badges=badges,
        history=history,
        actions=actions,
    )


def principles_table(code: Code, page: str) -> str:
    lines = ["| Principle | What it asks | Clauses |", "| --- | --- | --- |"]
    for p in code.principles:
        lines.append(f"| [{p.number}. {md(p.title)}]({md_link(page, p.page)}) | "
                     f"{table_cell(p.statement)} "
                     f"| {len(p.active_clauses)} |")
    total = len(code.active_clauses)
    lines.append(f"| **All principles** | | **{total}** |")
    return "\n".join(lines) + "\n"


def principles_list(code: Code, page: str) -> str:
    """A numbered list of the principles, each linking to its page."""
    return "\n".join(f"{p.number}. [{md(p.title)}]({md_link(page, p.page)})"
                      for p in code.principles) + "\n"
