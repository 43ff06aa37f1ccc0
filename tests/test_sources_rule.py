"""Every page that states a fact names its sources.

The rule, which a test can apply reliably:

- It covers every page under docs/ that describes the world outside this
  project: the home page, docs/code/, docs/background/ and the
  accessibility and privacy pages, and the glossary definitions (shown on the
  glossary page). The changes, checklists and contribute pages describe this
  project's own data and process, and their facts come from its own files.
- A page states a fact if its prose (outside its front matter, code blocks,
  macro calls and link addresses) has a year, a percentage, a reference to a
  law (an Act, Regulations, a regulation, a section, an SI number), a sum of
  money or a number of 10 or more (clause IDs such as 1.10 aside).
- Such a page must end with a "## Sources" section. Every item in it gives a
  title in italics or an https address (a source whose title the project
  never saw is described and linked instead), and at least one item gives
  both.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

COVERED = ("index.md", "accessibility.md", "privacy.md", "code/*.md", "background/*.md")
GLOSSARY_INCLUDE = "includes/glossary.md"
GLOSSARY_PAGE = "background/glossary.md"

FACT = re.compile(
    r"\b(?:1[89]|20)\d\d\b"  # a year
    r"|\d+(?:\.\d+)?\s?%|\bper cent\b"  # a percentage
    r"|\b[A-Z][a-z]+(?: [A-Z()][A-Za-z()]*)* (?:Act|Regulations)\b"  # a named law
    r"|\b(?:regulation|section|reg\.|s\.|ss\.) ?\d+|\bSI \d{4}/\d+"  # a provision
    r"|£ ?\d"  # money
    r"|(?<![\d.,])(?:\d{1,3}(?:,\d{3})+|\d{2,})(?![\d.,]\d)"  # 10 or more; not an ID
)
TITLE = re.compile(r"(?<![*\w])\*[^*\s][^*]*\*(?!\*)")
HTTPS = re.compile(r"<https://[^>\s]+>|\]\(https://[^)\s]+\)")


def prose(text: str) -> str:
    """The page's own prose: no front matter, code blocks, macro calls,
    HTML comments or link addresses."""
    if text.startswith("---\n"):
        text = text.split("\n---\n", 1)[1]
    text = re.sub(r"^```.*?^```", "", text, flags=re.S | re.M)
    text = re.sub(r"\{\{.*?\}\}|\{%.*?%\}|<!--.*?-->", "", text, flags=re.S)
    text = re.sub(r"\]\([^)]*\)|<https?://[^>]*>|`[^`]*`", "", text)
    return text


def split_sources(text: str) -> tuple[str, str | None]:
    """(the page before its Sources section, the section) – the section only
    if it is the page's last second-level heading."""
    parts = re.split(r"^## ", text, flags=re.M)
    if len(parts) > 1 and parts[-1].startswith("Sources\n"):
        return "## ".join(parts[:-1]), parts[-1]
    return text, None


def source_items(section: str) -> list[str]:
    items = re.split(r"^- ", section, flags=re.M)[1:]
    return [" ".join(item.split()) for item in items]


def facts(text: str) -> list[str]:
    return [m.group(0) for m in FACT.finditer(prose(text))]


def problems(name: str, text: str, extra_prose: str = "") -> list[str]:
    body, section = split_sources(text)
    found = facts(body) + facts(extra_prose)
    if not found:
        return []
    if section is None:
        return [f"docs/{name}: states facts ({', '.join(sorted(set(found))[:5])}) but does "
                "not end with a '## Sources' section"]
    items = source_items(section)
    out = [f"docs/{name}: a Sources item has neither a title in italics nor an https "
           f"address: {item[:60]}" for item in items
           if not TITLE.search(item) and not HTTPS.search(item)]
    if not any(TITLE.search(item) and HTTPS.search(item) for item in items):
        out.append(f"docs/{name}: no Sources item gives both a title and an https address")
    return out


def covered_pages(docs: Path) -> list[Path]:
    return sorted({p for pattern in COVERED for p in docs.glob(pattern)})


def test_every_page_that_states_a_fact_names_its_sources(root):
    docs = root / "docs"
    glossary = (docs / GLOSSARY_INCLUDE).read_text(encoding="utf-8")
    found = []
    pages = covered_pages(docs)
    assert docs / GLOSSARY_PAGE in pages
    for page in pages:
        name = str(page.relative_to(docs))
        extra = glossary if name == GLOSSARY_PAGE else ""
        found += problems(name, page.read_text(encoding="utf-8"), extra)
    assert found == []


@pytest.mark.parametrize("sentence, fact", [
    ("It began in June 2011.", "2011"),
    ("Most said so: 79% of them.", "79%"),
    ("The Procurement Act applies.", "Procurement Act"),
    ("Under the Public Contracts Regulations it is implied.", "Public Contracts Regulations"),
    ("See regulation 113.", "regulation 113"),
    ("It has 508 members.", "508"),
    ("About 1,100 sub-contractors.", "1,100"),
    ("A fee of £5 a month.", "£5"),
])
def test_the_rule_finds_each_kind_of_fact(sentence, fact):
    assert any(fact in found for found in facts(sentence))


@pytest.mark.parametrize("sentence", [
    "See clause 1.10 and 7.6.", "Read [the law](https://example.org/2015/102).",
    "{{ clause('5.10') }}", "Eight principles, three audiences.",
])
def test_the_rule_leaves_out_what_is_not_a_fact(sentence):
    assert facts(sentence) == []


def test_the_rule_fails_a_page_without_sources_or_links():
    page = "# A page\n\nIt came into force in 2015.\n"
    assert problems("x.md", page) == [
        "docs/x.md: states facts (2015) but does not end with a '## Sources' section"]
    with_plain = page + "\n## Sources\n\n- *The Act*. Somewhere.\n"
    assert problems("x.md", with_plain) == [
        "docs/x.md: no Sources item gives both a title and an https address"]
    untitled = page + "\n## Sources\n\n- *The Act*. <https://example.org/act>\n- A note.\n"
    assert problems("x.md", untitled) == [
        "docs/x.md: a Sources item has neither a title in italics nor an https address: "
        "A note."]
    good = page + "\n## Sources\n\n- *The Act*. <https://example.org/act>\n"
    assert problems("x.md", good) == []
