"""The numbers a clause sets, and the legal duties a clause restates.

Every number in a clause's text (a number of days, a percentage, a
threshold, a frequency) is listed in the clause's `numbers:` field with its
basis:

- `law`: the law sets it; `source` names the provision and its address;
- `sourced`: a named public source sets it; `source` names it and its address;
- `proposed`: this code proposes it, and the consultation asks about it.

`find_numbers` says what counts as a number, so that none goes unexplained.
A clause that restates a legal duty carries `law:` (the provision and its
address): apply-or-explain never covers it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from code_of_practice.model.fields import NUMBER_FIELDS
from code_of_practice.model.policy import plain_text_problem
from code_of_practice.model.yaml_lines import LineMap, line_of

BASES = {
    "law": "the law",
    "sourced": "a named source",
    "proposed": "proposed by this code",
}
# The short marker shown after the number on the clause page.
MARKERS = {"law": "law", "sourced": "sourced", "proposed": "proposed"}
ENTRY_FIELDS = tuple(f.key for f in NUMBER_FIELDS)
_HTTPS = re.compile(r"https://[^\s<>\"]+")


@dataclass(frozen=True)
class ClauseNumber:
    text: str  # the words as they appear in the clause text, such as "30 days"
    basis: str  # law | sourced | proposed
    source: str = ""  # law and sourced: the provision or source, with its address

    @property
    def url(self) -> str:
        match = _HTTPS.search(self.source)
        return match.group(0).rstrip(".,;)") if match else ""

    def to_dict(self) -> dict:
        return {"text": self.text, "basis": self.basis, "source": self.source or None}


# -----------------------------------------------------------------------------
# What counts as a number
# -----------------------------------------------------------------------------

_WORD_NUMBERS = "two|three|four|five|six|seven|eight|nine|ten|eleven|twelve"
_COUNT = rf"(?:\d+(?:\.\d+)?|one|{_WORD_NUMBERS}|a|an)"
_UNIT = r"(?:(?:working|calendar|business|clear)\s+)?(?:minute|hour|day|week|month|year)s?"
_NUMBER_PATTERNS = [
    # six-monthly, 3-monthly
    rf"\b(?:\d+|{_WORD_NUMBERS})-(?:daily|weekly|monthly|yearly)\b",
    # 30 days, one working day, a month, 12 months, 72 hours
    rf"\b{_COUNT}(?:-|\s+){_UNIT}\b",
    # every 6 months, each year, every quarter
    rf"\b(?:every|each)\s+(?:\d+\s+|{_WORD_NUMBERS}\s+)?(?:day|week|month|year|quarter)s?\b",
    # 20%, 10 per cent
    r"\b\d+(?:\.\d+)?\s*(?:%|per\s+cent\b)",
    # £5 million, £30,000, £5m
    r"£\s?\d[\d,]*(?:\.\d+)?(?:\s*(?:m|k|bn)\b|\s+(?:million|billion|thousand)\b)?",
    # a quarter, half, two thirds (not "the third thing")
    rf"\b(?:a|one|{_WORD_NUMBERS})\s+(?:quarter|third|fifth)s?\b",
    r"\bhalf\b",
    # frequencies
    r"\b(?:daily|weekly|fortnightly|monthly|quarterly|yearly|annually|annual|twice)\b",
    # any other figure, and counts in words
    r"\b\d+(?:\.\d+)?\b",
    rf"\b(?:{_WORD_NUMBERS})\b",
]
_NUMBER = re.compile("|".join(f"(?:{p})" for p in _NUMBER_PATTERNS), re.I)

# Figures that are not numbers the clause sets: clause IDs (5.4), years,
# statutory instrument numbers (2015/102) and the numbers of cited provisions
# ("section 68", "sections 68 and 73", "regulation 113", "Article 28", "PPN 021").
_CITED = (r"\b(?:sections?|ss?|regulations?|regs?|paragraphs?|paras?|articles?|schedules?|"
          r"parts?|chapters?|clauses?|principles?|outcomes?|PPN|SI|rules?|questions?)\.?\s+")
_CITED_NUMBER = r"\d+(?:/\d+)?[A-Za-z]?(?:\(\w+\))*"
_NOT_SET = re.compile(
    "|".join([
        rf"{_CITED}{_CITED_NUMBER}(?:\s*(?:,|and|or|to|–|-)\s*{_CITED_NUMBER})*",
        r"\b\d+\.\d+(?:\.\d+)?\b(?!\s*(?:%|per\s+cent))",  # clause IDs such as 5.4
        r"\b(?:19|20)\d\d(?:/\d+)?\b",  # years, and SI 2015/102
        # addresses: digits in a link's target are not numbers the clause sets
        r"(?:https?|mailto):[^\s)>\]]+",
        # dates, such as 24 February 2025
        r"\b\d{1,2}\s+(?:January|February|March|April|May|June|July|August|September|"
        r"October|November|December)\b",
    ]),
    re.I,
)


def describe(values) -> str:
    """The `numbers` or `law` value of a clause (as in code.json) in words, for
    changelogs and review reports: "30 days (the law: …); 10 working days
    (proposed by this code)"."""
    if not values:
        return "none"
    if isinstance(values, str):
        return values
    parts = []
    for item in values:
        source = f": {item['source']}" if item.get("source") else ""
        parts.append(f"{item.get('text')} ({BASES.get(item.get('basis'), item.get('basis'))}"
                     f"{source})")
    return "; ".join(parts)


def find_numbers(text: str) -> list[tuple[int, int, str]]:
    """Every number `text` sets, as (start, end, words)."""
    skipped = [(m.start(), m.end()) for m in _NOT_SET.finditer(text)]
    found = []
    for match in _NUMBER.finditer(text):
        start, end = match.span()
        if any(s <= start and end <= e for s, e in skipped):
            continue
        # A figure inside a skipped span, such as "68" in "sections 68 and 73".
        if any(s <= start < e for s, e in skipped) and match.group(0)[0].isdigit():
            continue
        found.append((start, end, match.group(0)))
    return found


def phrase_spans(text: str, phrase: str) -> list[tuple[int, int]]:
    """Where `phrase` occurs in `text`, as whole words."""
    pattern = re.compile(r"(?<![\w£])" + re.escape(phrase) + r"(?!\w)")
    return [m.span() for m in pattern.finditer(text)]


# -----------------------------------------------------------------------------
# Reading the fields
# -----------------------------------------------------------------------------

NUMBERS_ADVICE = ("List each number under 'numbers:' as '- text: \"30 days\"' (the words "
                  "as they appear in the text) with 'basis: law', 'basis: sourced' or "
                  "'basis: proposed'; law and sourced also need 'source:' with the "
                  "provision or source and its https:// address.")


def parse_numbers(raw, clause_id: str, text: str, err, check_coverage: bool = True
                  ) -> tuple[ClauseNumber, ...]:
    """The clause's `numbers:` entries, each checked; and, when
    `check_coverage`, every number in `text` covered by one of them."""
    value = raw.get("numbers")
    line = line_of(raw, "numbers") if "numbers" in raw else raw.line
    entries: list[ClauseNumber] = []
    if value is not None and not isinstance(value, list):
        err(line, f"numbers must be a list. {NUMBERS_ADVICE}", clause_id)
        value = None
    seen = set()
    for item in value or []:
        item_line = item.line if isinstance(item, LineMap) else line
        if not isinstance(item, LineMap):
            err(item_line, f"each item of numbers must be a set of fields, not {item!r}. "
                f"{NUMBERS_ADVICE}", clause_id)
            continue
        for key in item:
            if key not in ENTRY_FIELDS:
                err(line_of(item, key), f"unknown field {key!r} under numbers. An entry has "
                    "text, basis and, for law or sourced, source.", clause_id)
        words = item.get("text")
        if not isinstance(words, str) or not words.strip():
            err(item_line, "a numbers entry needs 'text': the number's words as they appear "
                "in the clause text, in quotes, such as \"30 days\".", clause_id)
            continue
        words = " ".join(words.split())
        problem = plain_text_problem(words)
        if problem:
            err(line_of(item, "text"), f"numbers text {problem}", clause_id)
            continue
        basis = item.get("basis")
        if basis not in BASES:
            err(line_of(item, "basis") if "basis" in item else item_line,
                f"the number {words!r} needs 'basis:' law, sourced or proposed, not "
                f"{basis!r}.", clause_id)
            continue
        source = item.get("source")
        source = " ".join(str(source).split()) if source is not None else ""
        if basis in ("law", "sourced"):
            if not _HTTPS.search(source):
                err(line_of(item, "source") if "source" in item else item_line,
                    f"the number {words!r} has basis {basis}, so it needs 'source:' naming "
                    f"the {'provision' if basis == 'law' else 'source'} with its https:// "
                    "address (for example legislation.gov.uk or GOV.UK).", clause_id)
                continue
        elif source:
            err(line_of(item, "source"), f"the number {words!r} is proposed by this code, so "
                "it has no source. Delete 'source:', or give basis sourced or law.", clause_id)
            continue
        if source:
            problem = plain_text_problem(source)
            if problem:
                err(line_of(item, "source"), f"numbers source {problem}", clause_id)
                continue
        if words in seen:
            err(item_line, f"the number {words!r} is listed twice. Delete one entry.",
                clause_id)
            continue
        seen.add(words)
        if not phrase_spans(text, words):
            err(line_of(item, "text"), f"the number {words!r} is not in the clause text. "
                "Copy the words exactly as the text has them, or delete the entry.", clause_id)
            continue
        entries.append(ClauseNumber(words, basis, source))
    if check_coverage:
        covered = [span for entry in entries for span in phrase_spans(text, entry.text)]
        reported = set()
        for start, end, words in find_numbers(text):
            if not any(s <= start and end <= e for s, e in covered) and words not in reported:
                reported.add(words)
                err(line, f"the number {words!r} in the text has no basis. Add it under "
                    f"'numbers:' as '- text: \"{words}\"' with 'basis: proposed', or with "
                    "'basis: law' or 'basis: sourced' and a 'source:' naming the provision "
                    "or source and its https:// address.", clause_id)
    return tuple(entries)


def parse_law(raw, clause_id: str, err) -> str:
    """The clause's `law:` field: the provision it restates, with its address."""
    if "law" not in raw:
        return ""
    value = raw.get("law")
    line = line_of(raw, "law")
    text = " ".join(value.split()) if isinstance(value, str) else ""
    if not text or not _HTTPS.search(text):
        err(line, "law must name the provision the clause restates and its https:// "
            "address, such as 'Procurement Act 2023, section 73, "
            "https://www.legislation.gov.uk/ukpga/2023/54/section/73'. Delete it if the "
            "clause restates no legal duty.", clause_id)
        return ""
    problem = plain_text_problem(text)
    if problem:
        err(line, f"law {problem}", clause_id)
        return ""
    return text


def law_url(law: str) -> str:
    match = _HTTPS.search(law)
    return match.group(0).rstrip(".,;)") if match else ""
