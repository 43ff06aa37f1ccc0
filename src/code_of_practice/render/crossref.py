"""Cross-reference tables: clauses against the Compact and the Merlin Standard."""

from __future__ import annotations

from code_of_practice.model.code import Code
from code_of_practice.model.urls import framework_anchor
from code_of_practice.render.escape import attr, link_title, md
from code_of_practice.render.links import md_link

SHORT = {"compact": "Outcome"}


def matrix(code: Code, framework: str, page: str) -> str:
    """Clauses down the side, framework items across; a tick links to the clause."""
    items = code.frameworks.titles(framework)
    head = ["Clause"] + [
        f"[{md(_short(framework, key, name))}](#{framework_anchor(framework, key)})"
        for key, name in items.items()
    ]
    lines = ["| " + " | ".join(head) + " |", "|" + " --- |" * len(head)]
    for clause in code.active_clauses:
        if not clause.links(framework):
            continue
        target = md_link(page, code.principle(clause.principle).page, clause.anchor)
        cells = [f"[{clause.id}]({target} \"{link_title(clause.title)}\")"]
        for key in items:
            cells.append(f"[✓<span class=\"visually-hidden\"> {clause.id} supports "
                         f"{attr(_short(framework, key, items[key]))}</span>]({target})"
                         if key in clause.links(framework) else "")
        lines.append("| " + " | ".join(cells) + " |")
    if len(lines) == 2:
        return "No clause of the code links to this framework yet.\n"
    return "<div class=\"crossref-matrix\" markdown>\n\n" + "\n".join(lines) + "\n\n</div>\n"


def by_item(code: Code, framework: str, page: str, heading_level: int = 4) -> str:
    """For each framework item, a heading (the anchor clauses link to) and its clauses."""
    out = []
    hashes = "#" * heading_level
    for key, name in code.frameworks.titles(framework).items():
        label = f"Outcome {key}: {name}" if framework == "compact" else name
        out.append(f"{hashes} {md(label)} {{ #{framework_anchor(framework, key)} }}\n")
        clauses = [c for c in code.active_clauses if key in c.links(framework)]
        if not clauses:
            out.append("No clause supports this yet.\n")
            continue
        for clause in clauses:
            target = md_link(page, code.principle(clause.principle).page, clause.anchor)
            out.append(f"- [{clause.id} {md(clause.title)}]({target})")
        out.append("")
    return "\n".join(out) + "\n"


def _short(framework: str, key, name: str) -> str:
    return f"{SHORT[framework]} {key}" if framework in SHORT else name
