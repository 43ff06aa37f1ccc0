"""Prose checks: spelling, UK English, and jargon that the glossary must define."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from code_of_practice.model.glossary import load_glossary

PROSE = ["docs", "data", "README.md", "CONTRIBUTING.md", ".github/ISSUE_TEMPLATE",
         ".github/PULL_REQUEST_TEMPLATE.md", "macros/templates"]
# Words codespell would question that are right here, one per line.
WORD_LIST = ".codespell-words"

# American spellings that have a different British form. Matched as word starts.
US_SPELLINGS = {
    r"organiz": "organis", r"recogniz": "recognis", r"prioritiz": "prioritis",
    r"analyz": "analys", r"summariz": "summaris", r"standardiz": "standardis",
    r"behavior": "behaviour", r"favor": "favour", r"labor\b": "labour",
    r"color": "colour", r"center\b": "centre", r"license\b": "licence (noun)",
    r"program\b": "programme", r"programs\b": "programmes", r"fulfill\b": "fulfil",
    r"enroll\b": "enrol", r"catalog\b": "catalogue", r"defense": "defence",
    r"judgment": "judgement", r"cancele?d\b": "cancelled", r"modeling": "modelling",
}
# Capitalised abbreviations that are not sector jargon, and why they need no entry.
PLAIN_ABBREVIATIONS = {
    "ID", "IDs",  # explained on the code's overview page
    "UK", "PDF", "CSV", "JSON", "URL", "HTML", "ISO", "IP",  # everyday or technical terms
    "WCAG", "AA", "GOV", "EHRC", "EASS",  # expanded where used, on the accessibility page
    "UA",  # in "PDF/UA", expanded where used, on the accessibility page
    "QA",  # part of a Merlin principle's own name ("QA & Compliance")
    "CONTRIBUTING",  # a file name
}


def prose_files(root: Path) -> list[Path]:
    files = []
    for item in PROSE:
        path = root / item
        files += sorted(path.rglob("*")) if path.is_dir() else [path]
    return [f for f in files if f.is_file() and f.suffix in (".md", ".yml", ".j2", "")]


def test_spelling_with_the_project_word_list(root):
    result = subprocess.run(
        [sys.executable, "-m", "codespell_lib", "--ignore-words", str(root / WORD_LIST),
         *[str(p) for p in prose_files(root)]],
        capture_output=True, text=True, cwd=root)
    assert result.returncode == 0, f"codespell found misspellings:\n{result.stdout}"


@pytest.mark.parametrize("bad", ["We recognize the organization's behavior.",
                                 "Speling mistaek"])
def test_the_prose_checks_can_fail(root, tmp_path, bad):
    sample = tmp_path / "sample.md"
    sample.write_text(bad, encoding="utf-8")
    spelling = subprocess.run([sys.executable, "-m", "codespell_lib", str(sample)],
                              capture_output=True, text=True)
    assert spelling.returncode != 0 or us_spellings(bad)


def us_spellings(text: str) -> list[str]:
    found = []
    for pattern, british in US_SPELLINGS.items():
        for match in re.finditer(r"\b" + pattern, text, re.I):
            found.append(f"{match.group(0)!r} (write {british})")
    return found


def test_uk_english(root):
    problems = []
    for path in prose_files(root):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            # Addresses and HTML's own attribute values are not ours to spell.
            line = re.sub(r'https?://\S+|autocomplete="[^"]*"', "", line)
            for found in us_spellings(line):
                problems.append(f"{path.relative_to(root)}:{number}: {found}")
    assert not problems, "American spellings:\n" + "\n".join(problems)


def test_every_abbreviation_used_is_in_the_glossary(root):
    glossary = load_glossary(root / "docs/includes/glossary.md")
    problems = []
    for path in sorted((root / "docs").rglob("*.md")):
        if "includes" in path.parts:
            continue
        text = re.sub(r"`[^`]*`|\{\{.*?\}\}|\]\([^)]*\)", "", path.read_text(encoding="utf-8"))
        for word in sorted(set(re.findall(r"\b[A-Z]{2,}s?\b", text))):
            if word not in glossary and word not in PLAIN_ABBREVIATIONS:
                problems.append(f"{path.relative_to(root)}: {word}")
    assert not problems, ("Abbreviations with no glossary entry (add one to "
                          "docs/includes/glossary.md):\n" + "\n".join(problems))


def test_glossary_covers_the_terms_a_newcomer_trips_on(root):
    glossary = load_glossary(root / "docs/includes/glossary.md")
    for term in ("prime contractor", "supply chain", "VCS", "commissioner", "payment by results",
                 "bid candy", "creaming and parking", "full cost recovery", "social value",
                 "Compact", "Merlin Standard"):
        assert term in glossary, f"the glossary lacks {term!r}"
