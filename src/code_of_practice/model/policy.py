"""The one policy for contributed text, applied where the model reads it.

Everything a contributor can change (clauses, principle statements, change
records, the consultation register, release metadata) is untrusted. Two kinds
of text field exist (model/fields.py names the kind of each clause field):

- plain text (titles, questions, evidence, statuses, summaries, sectors,
  outcomes): any characters are allowed except invisible control characters;
  the renderers escape these fields wherever they write them, so they show
  exactly as written (render/escape.py);
- Markdown (clause text, principle statements, reasons): Markdown is kept, so
  what could turn into markup other than plain formatting is refused here:
  raw HTML, link targets other than web and email addresses, images,
  attribute lists (`{: ...}`), snippet includes, and control characters.

Each check returns the problem as a sentence that ends with what to write
instead; the callers add the file, the line and the clause.
"""

from __future__ import annotations

import html
import re
import unicodedata
from urllib.parse import unquote

# Long enough for any real clause; short enough that a pasted document (or a
# megabyte of text meant to slow the build) is refused at once.
MAX_MARKDOWN = 5000
MAX_PLAIN = 1000

# Characters that change the order in which text is displayed (bidirectional
# controls) or are invisible separators: they let a reviewer read one thing
# while the page shows another.
BIDI = {0x061C, 0x200E, 0x200F, *range(0x202A, 0x202F), *range(0x2066, 0x206A)}
INVISIBLE = {0x2028, 0x2029, 0xFEFF}
LINK_SCHEMES = ("http", "https", "mailto")

_RAW_HTML = re.compile(r"<[A-Za-z/!?]")
_TAG = re.compile(r"<[^\s>]*>?")
# Markdown link targets: inline `](target` and reference definitions `[x]: target`.
_INLINE_TARGET = re.compile(r"\]\(\s*<?([^)\s>]*)")
_REFERENCE_TARGET = re.compile(r"^[ ]{0,3}\[[^\]\n]+\]:[ \t]*<?(\S*)", re.M)
_SCHEME = re.compile(r"([a-z][a-z0-9+.\-]*):")
# Python-Markdown's attr_list reads `{...}` (with or without a colon) as attributes.
_ATTR_LIST = re.compile(r"\{[^}\n]*\}")
_IMAGE = re.compile(r"!\[")
_SNIPPET = re.compile(r"-{1,}8<-{1,}")


def _char_name(char: str) -> str:
    name = unicodedata.name(char, "")
    return f"U+{ord(char):04X}" + (f" {name}" if name else "")


def _character_class(codes) -> str:
    return "".join(re.escape(chr(code)) for code in sorted(codes))


# One pattern for every forbidden character: the Unicode category Cc (exactly
# U+0000-U+001F and U+007F-U+009F), the bidirectional controls and the
# invisible separators. A regular expression scans a long text in one pass.
_FORBIDDEN = re.compile("[\x00-\x1f\x7f-\x9f" + _character_class(BIDI | INVISIBLE) + "]")
_FORBIDDEN_BUT_NEWLINE = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f"
                                    + _character_class(BIDI | INVISIBLE) + "]")


def control_character(text: str, allow_newlines: bool = False) -> str | None:
    """The problem with the first forbidden control character in `text`, or None."""
    match = (_FORBIDDEN_BUT_NEWLINE if allow_newlines else _FORBIDDEN).search(text)
    if match is None:
        return None
    char = match.group(0)
    kind = ("a bidirectional control character, which can make text display in "
            "a different order from the one it is written in" if ord(char) in BIDI
            else "an invisible control character")
    return (f"contains {_char_name(char)}, {kind}. Delete it: retype the words "
            "around it.")


def plain_text_problem(text: str) -> str | None:
    """The problem with a plain-text value, or None. Plain text is escaped
    wherever it is written, so only length and control characters matter."""
    if len(text) > MAX_PLAIN:
        return (f"is {len(text)} characters long; a plain-text field has at most "
                f"{MAX_PLAIN}. Shorten it.")
    return control_character(text)


def markdown_problems(text: str) -> list[str]:
    """Every problem with a Markdown value ([] when it is allowed)."""
    if len(text) > MAX_MARKDOWN:
        return [f"is {len(text)} characters long; a text field has at most "
                f"{MAX_MARKDOWN}. Shorten it, or split the clause in two."]
    problems = []
    control = control_character(text, allow_newlines=True)
    if control:
        problems.append(control)
    match = _RAW_HTML.search(text)
    if match:
        tag = _TAG.match(text, match.start()).group(0)[:40]
        problems.append(
            f"contains raw HTML ({tag!r}). Text fields take Markdown only: write "
            "**bold**, *italic* or [words](https://www.gov.uk/) instead of tags, "
            "and to show a '<' sign put a space after it.")
    if _IMAGE.search(text):
        problems.append("contains an image ('![...](...)'). Text fields have no images: "
                        "describe it in words, or link to it with [words](https://...).")
    for target in _link_targets(text):
        scheme = _scheme(target)
        if scheme and scheme not in LINK_SCHEMES:
            problems.append(
                f"links to a '{scheme}:' address. A link may only go to an https://, "
                "http:// or mailto: address, or to a page of this site.")
            break
    match = _ATTR_LIST.search(text)
    if match:
        problems.append(
            f"contains {match.group(0)[:40]!r}: Markdown reads curly braces as an "
            "attribute list, which adds HTML attributes. Use round brackets instead.")
    if _SNIPPET.search(text):
        problems.append("contains '--8<--', which includes another file. Write the "
                        "words out instead.")
    return problems


def _link_targets(text: str) -> list[str]:
    return [m.group(1) for m in _INLINE_TARGET.finditer(text)] + \
           [m.group(1) for m in _REFERENCE_TARGET.finditer(text)]


def _scheme(target: str) -> str | None:
    """The scheme a browser would see, after entities, percent escapes,
    backslashes, whitespace and control characters are taken out."""
    cleaned = unquote(html.unescape(target))
    cleaned = "".join(c for c in cleaned if not (c.isspace() or c == "\\"
                                                  or unicodedata.category(c) in ("Cc", "Cf")))
    match = _SCHEME.match(cleaned.lower())
    return match.group(1) if match else None

