"""Differences between two versions of the code: clause by clause, and word by word.

The changelog, the compare page, the release checks and the pull-request
review report all use these two functions.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass

from code_of_practice.model.fields import COMPARED, NOT_WORDING
from code_of_practice.model.ids import dotted_key


@dataclass(frozen=True)
class ClauseChange:
    """How one clause differs between two versions of the code."""

    id: str
    kind: str  # added | changed | withdrawn | removed
    old: dict | None
    new: dict | None
    fields: tuple[str, ...] = ()

    @property
    def links_only(self) -> bool:
        """True when only links changed (to other frameworks or related
        clauses), or the basis of its numbers, not a word a reader is asked
        to follow. The changelog and
        the compare page group such changes into one line per version, and
        the badges on clauses ignore them."""
        return self.kind == "changed" and bool(self.fields) and set(self.fields) <= set(NOT_WORDING)


def diff_contents(old: dict | None, new: dict) -> list[ClauseChange]:
    """Clause-level differences between two contents (see export.code_content)."""
    before = {c["id"]: c for c in (old or {"clauses": []})["clauses"]}
    after = {c["id"]: c for c in new["clauses"]}
    changes = []
    for clause_id in sorted(set(before) | set(after), key=dotted_key):
        a, b = before.get(clause_id), after.get(clause_id)
        if a is None:
            changes.append(ClauseChange(clause_id, "added", None, b, ("text",)))
        elif b is None:
            changes.append(ClauseChange(clause_id, "removed", a, None))
        elif a != b:
            fields = tuple(f for f in COMPARED if a.get(f) != b.get(f))
            kind = "withdrawn" if "withdrawn" in b and "withdrawn" not in a else "changed"
            changes.append(ClauseChange(clause_id, kind, a, b, fields))
    return changes


def check_ids_kept(old: dict, new: dict, new_name: str, locate=None) -> list[str]:
    """IDs are permanent: no clause disappears without a withdrawal, and a
    withdrawn ID never comes back as an active clause.

    `locate(clause_id, principle)` gives "file, line N" for a message about the
    working version: the clause's own line, or for a deleted clause the line
    of the clause before it on its principle's page."""
    where = locate or (lambda clause_id, principle: new_name)
    errors = []
    after = {c["id"]: c for c in new["clauses"]}
    for clause in old["clauses"]:
        current = after.get(clause["id"])
        if current is None:
            errors.append(
                f"{where(clause['id'], clause['principle'])}: clause {clause['id']} "
                f"({clause['title']}) was removed. A released clause is never deleted: put "
                "it back with a 'withdrawn' field (in, reason, moved_to) so its ID and "
                "anchor are kept."
            )
        elif "withdrawn" in clause and "withdrawn" not in current:
            errors.append(
                f"{where(clause['id'], clause['principle'])}: clause {clause['id']} was "
                f"withdrawn in {clause['withdrawn']['in']} and its ID cannot be used again. "
                "Give the new clause the next unused number instead."
            )
    return errors


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


def list_diff(old, new) -> list[tuple[str, str, str]]:
    """A list field (such as a clause's evidence) compared item by item:
    [(op, old item, new item)] with op "same", "del" (old only), "ins" (new
    only) or "change" (an item reworded in place, to be redlined word by word)."""
    a = [str(x) for x in (old or [])]
    b = [str(x) for x in (new or [])]
    out: list[tuple[str, str, str]] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
        if op == "equal":
            out += [("same", x, x) for x in a[i1:i2]]
        elif op == "delete":
            out += [("del", x, "") for x in a[i1:i2]]
        elif op == "insert":
            out += [("ins", "", y) for y in b[j1:j2]]
        else:  # replace: pair items off in order, the rest added or deleted
            olds, news = a[i1:i2], b[j1:j2]
            pairs = min(len(olds), len(news))
            out += [("change", olds[k], news[k]) for k in range(pairs)]
            out += [("del", x, "") for x in olds[pairs:]]
            out += [("ins", "", y) for y in news[pairs:]]
    return out
