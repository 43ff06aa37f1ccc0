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


def control_character(text: str, allow_newlines: bool = False) -> str | None:
    """The problem with the first forbidden control character in `text`, or None."""
    for char in text:
        code = ord(char)
        if char == "\n" and allow_newlines:
            continue
        if code in BIDI or code in INVISIBLE or unicodedata.category(char) == "Cc":
            kind = ("a bidirectional control character, which can make text display in "
                    "a different order from the one it is written in" if code in BIDI
                    else "an invisible control character")
            return (f"contains {_char_name(char)}, {kind}. Delete it: retype the words "
                    "around it.")
    return None


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


# -- plain English: the wording rules, checked when the model reads a page -----------
#
# - every sentence of a clause's text, checklist question, evidence and
#   ask_prime has 25 words or fewer (GOV.UK's guidance on sentence length);
# - the question of a clause in force for one audience asks that audience
#   about its own practice ("Do you…", "Does your…"); ask_prime asks a partner
#   about its prime contractor, and its evidence says "you" to no one (that
#   each clause has one audience stays an editorial test on the real code,
#   tests/test_plain_english.py);
# - a principle's statement is in the active voice.
# Each function returns the problems as sentences that end with the fix; the
# caller (model/code.py) adds the file, the line and the clause.

SENTENCE_LIMIT = 25
SENTENCE_GUIDANCE = ("GOV.UK's guidance on writing for the web, "
                     "https://www.gov.uk/guidance/content-design/writing-for-gov-uk")
AUXILIARY = r"(?:do|does|did|is|are|was|were|has|have|had|will|would|can|could)"
# How each audience is named when it is not the reader.
AUDIENCE_NAMES = {
    "prime": r"prime(?: contractors?)?|consortium lead",
    "partner": r"partners?|sub-contractors?|members?",
    "commissioner": r"commissioners?|contracting authorit(?:y|ies)",
}
_PASSIVE = re.compile(r"\b(?:is|are|was|were|be|been|being)\s+(?:\w+ly\s+)?"
                      r"(?:\w+ed|given|made|paid|held|shown|known|done|taken|kept|set)\b", re.I)


def sentences(text: str) -> list[str]:
    """Sentences split after . ? or ! before a capital, a digit, a quote or a
    bracket, so that "(see 5.5)" and "7.6." stay whole; links count as their words."""
    text = " ".join(re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text).split())
    return [s for s in re.split(r"(?<=[.?!])\s+(?=[A-Z0-9\"(])", text) if s.strip()]


def words(sentence: str) -> int:
    return len([w for w in sentence.split() if re.search(r"[A-Za-z0-9]", w)])


def long_sentences(text: str, what: str) -> list[str]:
    """A problem for each sentence of `text` over the limit; `what` names the field."""
    problems = []
    for sentence in sentences(text):
        count = words(sentence)
        if count > SENTENCE_LIMIT:
            start = " ".join(sentence.split()[:8])
            problems.append(f"a sentence in its {what} has {count} words, more than "
                            f"{SENTENCE_LIMIT} (\"{start} …\"). Split it into shorter "
                            f"sentences ({SENTENCE_GUIDANCE}).")
    return problems


def question_subject(question: str) -> str:
    """The subject of a yes/no question: the words after its first auxiliary
    verb ("Do you…", "Does your prime contractor…"), up to five, after any
    opening phrase that ends in a comma ("As a consortium lead, do you…")."""
    question = re.sub(r"^(?:If|When|As|Before|After)\b[^,?]*,\s*", "", question.strip())
    match = re.match(rf"{AUXILIARY}\s+(.*)", question, re.I)
    if not match:
        return ""
    return " ".join(match.group(1).split()[:5])


def subject_problem(question: str, reader: str, about: str) -> str | None:
    """Why the question is not asked of `reader` about `about`'s practice, or None."""
    found = question_subject(question)
    if not found:
        return "is not a yes/no question that starts with do, does, is, has and so on"
    if not re.match(r"(?:you|your|each of your|all your|every one of your)\b", found, re.I):
        return f"its subject ({found}…) is not the reader, 'you' or 'your …'"
    possessed = re.match(r"(?:each of |all |every one of )?your\s+(.*)", found, re.I)
    if possessed:
        for audience, names in AUDIENCE_NAMES.items():
            if audience != about and re.match(rf"(?:{names})\b", possessed.group(1), re.I):
                return f"its subject (your {possessed.group(1)}…) is another audience"
    # A question about the prime names it, or the documents it is responsible for.
    if about != reader and not re.search(
            rf"\b(?:{AUDIENCE_NAMES[about]}|sub-contract|consortium agreement)\b", question, re.I):
        return f"it does not name the {about} it asks about"
    return None


def question_problem(question: str, reader: str, about: str, field: str) -> str | None:
    """subject_problem as a sentence with the fix, for the field `field`."""
    problem = subject_problem(question, reader, about)
    if problem is None:
        return None
    asked = ("a partner about its prime contractor, as 'Does your prime contractor …?'"
             if reader != about else
             f"the {reader} about its own practice, as 'Do you …?' or 'Does your …?'")
    return f"{field}: {problem}. Ask {asked}"


def says_you(text: str) -> bool:
    return bool(re.search(r"\byou(?:rs?)?\b", text, re.I))


def passive_sentences(text: str) -> list[str]:
    """A problem for each sentence in the passive voice (a principle statement)."""
    return [f"the statement has a sentence in the passive voice (\"{s}\"). Say who does "
            "it: \"Those who manage a supply chain pay …\", not \"… is paid\"."
            for s in sentences(text) if _PASSIVE.search(s)]
