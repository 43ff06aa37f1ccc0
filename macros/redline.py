"""Word-level redlines between two versions of a clause's text.

Insertions and deletions are marked with <ins> and <del>, which screen
readers can announce; each also carries visually hidden words ("added:",
"deleted:") for those that do not, and CSS styles them with both colour and
underline or strike-through so they read in greyscale print.
"""

from __future__ import annotations

import difflib
import html

def word_diff(old: str, new: str) -> list[tuple[str, str]]:
    """[(op, text)] with op one of "same", "ins", "del"; whitespace-normalised.

    Short runs of unchanged words (two or fewer) between two changes are folded
    into the change, so a rewritten sentence reads as one deletion and one
    insertion rather than a confetti of single words.
    """
    a, b = (old or "").split(), (new or "").split()
    segments: list[list] = []  # [op, old words, new words]
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
        segments.append(["same" if op == "equal" else "change", a[i1:i2], b[j1:j2]])
    merged: list[list] = []
    for index, segment in enumerate(segments):
        between_changes = 0 < index < len(segments) - 1
        if segment[0] == "same" and between_changes and len(segment[1]) <= 2:
            segment = ["change", segment[1], segment[2]]
        if merged and merged[-1][0] == "change" and segment[0] == "change":
            merged[-1][1] += segment[1]
            merged[-1][2] += segment[2]
        else:
            merged.append([segment[0], list(segment[1]), list(segment[2])])
    out: list[tuple[str, str]] = []
    for op, old_words, new_words in merged:
        if op == "same":
            out.append(("same", " ".join(old_words)))
            continue
        if old_words:
            out.append(("del", " ".join(old_words)))
        if new_words:
            out.append(("ins", " ".join(new_words)))
    return out


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
    """A plain-text redline for Markdown reports: {+added+} and [-deleted-]."""
    marks = {"same": "{}", "ins": "**{{+{}+}}**", "del": "~~[-{}-]~~"}
    return " ".join(marks[op].format(text) for op, text in word_diff(old, new))
