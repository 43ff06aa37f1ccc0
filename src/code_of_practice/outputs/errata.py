"""The errata of the version the downloads are made from, as plain lines for
the documents (PDF and Word, the whole code and each checklist). A released
version is never rewritten: its downloads carry its errata instead. The JSON
exports carry them as data (outputs/exports.py)."""

from __future__ import annotations

from code_of_practice.model.errata import errata_of, page_title
from code_of_practice.model.project import Project

HEADING = "Errata: corrections to this version"
INTRO = ("These errors of fact were found in this version after it was released. "
         "Do not act on them. Each correction gives its public source.")


def errata_lines(project: Project) -> tuple[str, ...]:
    """One line per erratum of the released version these sources build; none
    for a working draft (its errors are corrected in the text itself)."""
    if not project.edition.get("released"):
        return ()
    lines = []
    for item in errata_of(list(project.errata), project.edition["version"]):
        where = ", ".join([*(f"clause {c}" for c in item.clauses),
                           *(f'the page "{page_title(project.root, p)}"' for p in item.where)])
        lines.append(f"{item.id} ({where}). It said: {item.error} Correction: "
                     f"{item.correction} Source: {item.source}")
    return tuple(lines)
