"""The checklists as CSV files: one row per item, for a spreadsheet."""

from __future__ import annotations

import csv
from pathlib import Path

from code_of_practice.model.checklists import checklist
from code_of_practice.model.code import Code
from code_of_practice.model.urls import absolute_url
from code_of_practice.outputs.cells import neutralise
from code_of_practice.outputs.download_text import EVIDENCE, evidence_text


def csv_rows(code: Code, key: str, base_url: str, version: str,
             statement: str) -> list[list[str]]:
    """Rows of the downloadable CSV: the provenance statement (one cell), then
    the header, then the items. Each row carries the code's version, so a row
    copied into another sheet still says where it came from."""
    audiences = code.frameworks.audiences
    rows = [[statement],
            ["ID", "Principle", "Question", EVIDENCE, "Applies to", "Link", "Code version",
             "Answer", "Notes"]]
    chosen = checklist(code, key)
    for principle, clauses in chosen.sections(code):
        for clause in clauses:
            rows.append([
                clause.id,
                f"{principle.number}. {principle.title}",
                chosen.question(clause),
                evidence_text(clause.evidence),
                "; ".join(audiences[a]["name"] for a in clause.audiences),
                absolute_url(base_url, principle.page, clause.anchor),
                version,
                "",
                "",
            ])
    return [[neutralise(cell) for cell in row] for row in rows]


def write_csv(path: Path, rows: list[list[str]]) -> None:
    """UTF-8 with a byte order mark (so Excel reads the accents) and CRLF line
    ends. Every cell goes through cells.neutralise, whoever made the rows."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", encoding="utf-8-sig", newline="") as handle:
        csv.writer(handle, quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n").writerows(
            [neutralise("" if cell is None else cell) for cell in row] for row in rows)
