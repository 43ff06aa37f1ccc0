"""Word-level redlines between two versions of a clause's text.

Insertions and deletions are marked with <ins> and <del>, which screen
readers can announce; each also carries visually hidden words ("added:",
"deleted:") for those that do not, and CSS styles them with both colour and
underline or strike-through so they read in greyscale print.
"""

from __future__ import annotations

import difflib
import html
import re

TOKEN = re.compile(r"\s+|[^\s]+")


def _words(text: str) -> list[str]:
    return [t for t in TOKEN.findall(" ".join((text or "").split()))]


def word_diff(old: str, new: str) -> list[tuple[str, str]]:
    """[(op, text)] with op one of "same", "ins", "del"; whitespace-normalised."""
    a, b = _words(old), _words(new)
    out: list[tuple[str, str]] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
        if op == "equal":
            out.append(("same", "".join(a[i1:i2])))
        if op in ("delete", "replace"):
            out.append(("del", "".join(a[i1:i2])))
        if op in ("insert", "replace"):
            out.append(("ins", "".join(b[j1:j2])))
    return [(op, text) for op, text in out if text]


def redline_html(old: str, new: str) -> str:
    """HTML for a redline; safe to put inside Markdown as inline HTML."""
    parts = []
    for op, text in word_diff(old, new):
        escaped = html.escape(text, quote=False)
        if op == "same":
            parts.append(escaped)
        elif op == "ins":
            parts.append(f'<ins class="redline-ins"><span class="visually-hidden">[added: </span>'
                         f'{escaped.strip()}<span class="visually-hidden">]</span></ins>'
                         + (" " if text.endswith(" ") else ""))
        else:
            parts.append(f'<del class="redline-del"><span class="visually-hidden">[deleted: </span>'
                         f'{escaped.strip()}<span class="visually-hidden">]</span></del>'
                         + (" " if text.endswith(" ") else ""))
    return "".join(parts)


def redline_markdown(old: str, new: str) -> str:
    """A plain-text redline for Markdown reports: {+added+} and [-deleted-]."""
    parts = []
    for op, text in word_diff(old, new):
        stripped = text.strip()
        trail = " " if text.endswith(" ") and op != "same" else ""
        lead = " " if text.startswith(" ") and op != "same" else ""
        if op == "same":
            parts.append(text)
        elif op == "ins":
            parts.append(f"{lead}**{{+{stripped}+}}**{trail}")
        else:
            parts.append(f"{lead}~~[-{stripped}-]~~{trail}")
    return "".join(parts)
