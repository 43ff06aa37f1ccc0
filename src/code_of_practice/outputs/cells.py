"""Text for files people open in other programs: safe from formula injection,
and Markdown made plain.

A spreadsheet program treats a cell that starts with = + - @ (or a tab or a
carriage return before one) as a formula, which a contributor could use to
run commands or send data away when someone opens the file. Every text cell
of every CSV and workbook goes through `neutralise`, which puts an apostrophe
in front of such a value, as OWASP's advice on CSV injection says.
"""

from __future__ import annotations

import html
import re

import markdown

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: str) -> str:
    """The value with a leading apostrophe if a spreadsheet would read it as a formula."""
    text = str(value)
    return "'" + text if text.startswith(FORMULA_START) else text


def markdown_html(text: str) -> str:
    """A Markdown field as HTML, with any raw HTML in it shown as text."""
    return markdown.markdown(html.escape(text, quote=False), output_format="html")


def plain_text(text: str) -> str:
    """A Markdown field as plain text: links keep their words, emphasis goes."""
    rendered = markdown.markdown(html.escape(text, quote=False))
    rendered = re.sub(r"</p>\s*<p>", "\n\n", rendered)
    return html.unescape(re.sub(r"<[^>]+>", "", rendered)).strip()
