"""The basis of each number on a clause page, and the legal duty a clause restates.

The clause text gets a short marker after the first use of each number it
sets ("law", "sourced", "proposed"), linking to a list under the clause that
says where the number comes from (model/numbers.py).
"""

from __future__ import annotations

import re

from code_of_practice.model.code import Clause
from code_of_practice.model.numbers import MARKERS, law_url, phrase_spans
from code_of_practice.render.escape import attr, md
from code_of_practice.render.links import md_link

CONSULTATIONS = "changes/consultations.md"
_URL = re.compile(r"https?://\S+")


def numbers_anchor(clause: Clause) -> str:
    return f"{clause.anchor}-numbers"


_LINK = re.compile(r"\[[^\]]*\]\([^)]*\)")


def _inside_link(text: str, position: int) -> bool:
    """True when `position` is inside the words or address of a Markdown link."""
    return any(m.start() <= position < m.end() for m in _LINK.finditer(text))


def marked_text(clause: Clause) -> str:
    """The clause text (Markdown) with a marker after the first use of each number."""
    text = clause.text
    inserts = []
    for number in clause.numbers:
        spans = [s for s in phrase_spans(text, number.text) if not _inside_link(text, s[0])]
        if spans:
            end = spans[0][1]
            # "3 months' notice": the tag goes after the apostrophe, not inside the word.
            if text[end:end + 1] in ("'", "\u2019"):
                end += 1
            inserts.append((end, number))
    for end, number in sorted(inserts, key=lambda item: item[0], reverse=True):
        marker = (f'<a class="number-basis number-basis--{number.basis}" '
                  f'href="#{numbers_anchor(clause)}" '
                  f'title="{attr(_basis_title(number.basis))}">{MARKERS[number.basis]}</a>')
        text = text[:end] + marker + text[end:]
    return text


def _basis_title(basis: str) -> str:
    return {"law": "Set by law: see the list under the clause",
            "sourced": "From a named source: see the list under the clause",
            "proposed": "Proposed by this code and open to comment"}[basis]


def source_link(source: str) -> str:
    """A source as Markdown: each '…, https://…' part (parts are separated by
    semicolons) as a link '[…](https://…)'; words without an address as text."""
    parts = []
    for part in source.split("; "):
        match = _URL.search(part)
        if not match:
            parts.append(md(part))
            continue
        url = match.group(0).rstrip(".,;)")
        words = (part[:match.start()] + part[match.start() + len(url):]).strip(" ,;.")
        parts.append(f"[{md(words or url)}]({url})")
    return "; ".join(parts)


def number_items(clause: Clause, page: str) -> list[str]:
    """One Markdown list item per number: its words and where it comes from."""
    items = []
    for number in clause.numbers:
        words = f"**{md(number.text)}**"
        if number.basis == "law":
            items.append(f"{words}: set by law, in {source_link(number.source)}.")
        elif number.basis == "sourced":
            items.append(f"{words}: taken from {source_link(number.source)}.")
        else:
            items.append(f"{words}: proposed by this code, with no outside source. "
                         f"[Tell us whether it is right]({md_link(page, CONSULTATIONS)}).")
    return items


def law_notice(clause: Clause) -> str:
    """The provision a clause restates, as a Markdown link; '' when it restates none."""
    if not clause.law:
        return ""
    return source_link(clause.law) if law_url(clause.law) else md(clause.law)
