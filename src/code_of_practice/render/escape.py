"""Escaping plain-text fields for each place the renderers write them.

Plain-text fields (titles, questions, evidence, statuses, summaries, sectors,
outcomes; see model/policy.py) may hold any characters. Each function below
makes a value show exactly as written in one context, and never turn into
markup there.
"""

from __future__ import annotations

import html
import json
import re
import unicodedata

import markupsafe

# Python-Markdown's backslash escapes (with '|' from the tables extension).
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|])")


def md(value) -> str:
    """Plain text inside generated Markdown (a heading, a list item, a table
    cell, a link's words): HTML characters as entities, Markdown punctuation
    backslash-escaped."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", html.escape(str(value), quote=False))


def attr(value) -> str:
    """Plain text inside raw HTML: element content or a quoted attribute
    (& < > ' " as entities, the way Jinja's own escaping writes them)."""
    return str(markupsafe.escape(str(value)))


def link_title(value) -> str:
    """Plain text as a Markdown link's title ("..."): every character that could
    end the title or the link, as a numeric entity."""
    return "".join(f"&#{ord(c)};" if c in "\"'()[]<>&\\`*_{}|" else c for c in str(value))


def table_cell(markdown: str) -> str:
    """Markdown (already checked by the text policy) inside a table cell."""
    return markdown.replace("|", "\\|")


def json_in_html(data) -> str:
    """JSON for a <script type="application/json"> element: no '<', '>' or '&'
    can end the element or start a comment inside it."""
    text = json.dumps(data, ensure_ascii=False)
    for char, escaped in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"),
                          ("\u2028", "\\u2028"), ("\u2029", "\\u2029")):
        text = text.replace(char, escaped)
    return text


# GitHub-flavoured Markdown (the pull-request review report) ------------------------

_GFM_SPECIAL = re.compile(r"([\\`*_\[\]|~$])")
_GFM_LINE_START = re.compile(r"^([#>+\-=:]|[0-9]+(?=[.)]))")


def gfm(value) -> str:
    """Contributor text inside one line of a GitHub-flavoured Markdown report:
    whitespace collapsed (no line can start a block), HTML characters as
    entities (no tag, image or `<!--` comment), and emphasis, links, tables,
    code and maths characters backslash-escaped."""
    text = " ".join(visible(str(value)).split())
    text = _GFM_SPECIAL.sub(r"\\\1", html.escape(text, quote=False))
    return _GFM_LINE_START.sub(lambda m: m.group(0) + "\\" if m.group(0)[0].isdigit()
                               else "\\" + m.group(0), text)


def visible(text: str) -> str:
    """Control, bidirectional and other invisible format characters shown as
    \\uXXXX, so that they can be seen and cannot reorder what surrounds them."""
    return "".join(f"\\u{ord(c):04x}" if c not in "\n\t" and
                   unicodedata.category(c) in ("Cc", "Cf", "Zl", "Zp") else c for c in text)
