"""The glossary: one source, docs/includes/glossary.md, in abbreviation syntax.

Each line `*[term]: definition` gives a hover definition wherever the term
appears (Python-Markdown's abbr extension, appended to every page) and an
entry on the glossary page, rendered from the same lines.
"""

from __future__ import annotations

import re
from pathlib import Path

from code_of_practice.model.yaml_lines import DataError

ENTRY = re.compile(r"^\*\[(?P<term>[^\]]+)\]:\s*(?P<definition>\S.*)$")


def load_glossary(path: Path, name: str = "docs/includes/glossary.md") -> dict[str, str]:
    terms: dict[str, str] = {}
    try:
        text = Path(path).read_text(encoding="utf-8")
    except FileNotFoundError:
        raise DataError(f"{name}: file not found. The glossary lives there, one "
                        "'*[term]: definition' line per term.") from None
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        match = ENTRY.match(line)
        if not match:
            raise DataError(f"{name}, line {number}: each line must be "
                            "'*[term]: definition'; this one is not.")
        term = match["term"].strip()
        if term in terms:
            raise DataError(f"{name}, line {number}: {term!r} is defined twice. "
                            "Keep one definition.")
        terms[term] = match["definition"].strip()
    return terms
