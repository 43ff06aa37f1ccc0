"""Markdown for the generated checklist pages."""

from __future__ import annotations

from checklists import checklist
from code_model import Code
from links import md_link
from templating import render


def checklist_page(code: Code, key: str, edition: dict, intro: str = "",
                   downloads=()) -> str:
    """The whole checklist for one audience ("all" for the complete one)."""
    chosen = checklist(code, key)
    sections = chosen.sections(code)

    def link(clause):
        return md_link(chosen.page, code.principle(clause.principle).page, clause.anchor)

    return render(
        "checklist.md.j2",
        checklist=chosen,
        sections=sections,
        count=sum(len(clauses) for _, clauses in sections),
        edition=edition,
        intro=intro,
        downloads=downloads,
        link=link,
    )
