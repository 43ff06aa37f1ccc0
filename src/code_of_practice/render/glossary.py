"""The glossary page: every term with its definition and an anchor."""

from __future__ import annotations

import html
import re


def glossary_markdown(terms: dict[str, str]) -> str:
    """A definition list, alphabetical, each term with an anchor."""
    out = []
    for term in sorted(terms, key=str.casefold):
        anchor = "term-" + re.sub(r"[^a-z0-9]+", "-", term.casefold()).strip("-")
        out.append(f"<dt id=\"{anchor}\">{html.escape(term)}</dt>\n"
                   f"<dd>{html.escape(terms[term])}</dd>")
    return "<dl class=\"glossary\">\n" + "\n".join(out) + "\n</dl>\n"
