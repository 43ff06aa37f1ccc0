"""Word-level redlines between two versions of a clause's text.

Insertions and deletions are marked with <ins> and <del>, which screen
readers can announce; each also carries visually hidden words ("added:",
"deleted:") for those that do not, and CSS styles them with both colour and
underline or strike-through so they read in greyscale print.
"""

from __future__ import annotations

import html

from code_of_practice.model.diff import list_diff, word_diff
from code_of_practice.render.escape import gfm


def redline_html(old: str, new: str) -> str:
    """HTML for a redline; safe to put inside Markdown as inline HTML."""
    parts = []
    for op, text in word_diff(old, new):
        escaped = html.escape(text, quote=False)
        if op == "same":
            parts.append(escaped)
        else:
            tag, word = ("ins", "added") if op == "ins" else ("del", "deleted")
            parts.append(f'<{tag} class="redline-{tag}"><span class="visually-hidden">[{word}: '
                         f'</span>{escaped}<span class="visually-hidden">]</span></{tag}>')
    return " ".join(parts)


def redline_markdown(old: str, new: str) -> str:
    """A redline for GitHub-flavoured Markdown reports: {+added+} and
    [-deleted-], the words escaped (render/escape.gfm)."""
    marks = {"same": "{}", "ins": "**{{+{}+}}**", "del": "~~[-{}-]~~"}
    return " ".join(marks[op].format(gfm(text)) for op, text in word_diff(old, new))


def redline_list_html(old, new) -> str:
    """A list field redlined item by item, as an HTML list: an item added or
    deleted whole is marked whole; an item reworded is redlined word by word."""
    items = []
    for op, before, after in list_diff(old, new):
        if op == "same":
            items.append(f"<li>{html.escape(after, quote=False)}</li>")
        elif op == "change":
            items.append(f"<li>{redline_html(before, after)}</li>")
        else:
            items.append(f'<li class="redline-item-{op}">'
                         f"{redline_html(before, '') if op == 'del' else redline_html('', after)}"
                         "</li>")
    return '<ul class="redline-list">' + "".join(items) + "</ul>"
