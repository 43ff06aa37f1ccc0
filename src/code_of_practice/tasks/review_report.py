"""A review report for a pull request: which clauses it adds, changes or withdraws.

    cop review-report --base origin/main --head HEAD [--repo PATH] [--strict]

Reads the principle pages (docs/code/*.md, except index.md) and
data/frameworks.yml at each git revision with `git ls-tree` and `git show`,
without checking anything out (tasks/revisions.py). Both versions are parsed and validated with the
same code model that the site build uses, then compared clause by clause, by
permanent ID. For each changed clause the report gives its change record(s)
from data/changes.yml at the head revision (for the version being worked on
there) and the record type it still needs, if any; the checklists it joins or
leaves; and, at the top, the changes that need two maintainers' agreement
(CONTRIBUTING.md): a new clause, a withdrawal, "should" becoming "must" or the
other way round, and a change to whom a clause applies. The report is
Markdown, printed to standard output, for the pull request's checks summary.

Exit status: 0 when the report was written; 1 when a revision's code cannot
be read (the report then says why) or a git command fails. With --strict, a
clause removed without a `withdrawn` field also gives 1.

Why this module is longer than the others (about 470 lines): it is one
report, compared then written in the order a reviewer reads it (the summary,
what needs two maintainers, each clause with its record and checklists, the
things to check). Reading the revisions is apart (tasks/revisions.py);
splitting the writing would scatter one page's layout over several files.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from code_of_practice.model.checklists import checklists_for
from code_of_practice.model.code import Code
from code_of_practice.model.code_data import code_content
from code_of_practice.model.diff import ClauseChange, diff_contents
from code_of_practice.model.fields import CHANGES_FILE, FIELD_LABELS, LINK_FIELDS
from code_of_practice.model.numbers import describe
from code_of_practice.model.wording import MODALS
from code_of_practice.model.history import record_types_needed
from code_of_practice.tasks.revisions import GitError, Records, code_at, records_at, short_rev
from code_of_practice.model.yaml_lines import DataError
from code_of_practice.model.policy import control_character
from code_of_practice.render.escape import gfm, visible
from code_of_practice.render.redline import redline_markdown

FORMAT_GUIDE = "docs/contribute/clause-format.md"
# GitHub drops a step summary over 1 MiB whole; stay well under it.
REPORT_LIMIT = 1_000_000



# -----------------------------------------------------------------------------
# Comparing
# -----------------------------------------------------------------------------


@dataclass
class Comparison:
    added: list = field(default_factory=list)  # clause dicts
    changed: list = field(default_factory=list)  # (old, new)
    withdrawn: list = field(default_factory=list)  # (old, new)
    removed: list = field(default_factory=list)  # old clause dicts
    principles: list = field(default_factory=list)  # (old, new) principle dicts
    changes: dict = field(default_factory=dict)  # clause ID -> ClauseChange
    checklists: dict = field(default_factory=dict)  # clause ID -> (joined, left) titles
    flags: list = field(default_factory=list)  # (clause ID, why two maintainers approve)

    @property
    def any_clause_change(self) -> bool:
        return bool(self.added or self.changed or self.withdrawn or self.removed)


def modal_counts(text: str) -> dict[str, int]:
    words = re.findall(r"[a-z]+", (text or "").lower())
    return {m: words.count(m) for m in MODALS}


def commitment_flags(change: ClauseChange) -> list[str]:
    """Why a change needs two maintainers (CONTRIBUTING.md, "How maintainers
    review a change"): new, withdrawn, must/should, or whom it applies to."""
    if change.kind == "added":
        return ["a new clause"]
    if change.kind == "withdrawn":
        return ["a withdrawal"]
    if change.kind != "changed":
        return []
    flags = []
    before, after = modal_counts(change.old["text"]), modal_counts(change.new["text"])
    if after["must"] > before["must"] and after["should"] < before["should"]:
        flags.append('"should" becomes "must"')
    elif after["must"] < before["must"] and after["should"] > before["should"]:
        flags.append('"must" becomes "should"')
    elif before != after:
        flags.append(f'the number of "must" and "should" changes (must {before["must"]} → '
                     f'{after["must"]}, should {before["should"]} → {after["should"]})')
    if change.old["applies_to"] != change.new["applies_to"]:
        flags.append("whom it applies to changes")
    return flags


def checklist_moves(base: Code, head: Code, clause_id: str) -> tuple[list[str], list[str]]:
    """(titles of the checklists a clause joins, titles of those it leaves)."""
    def titles(code: Code) -> list[str]:
        clause = code.by_id.get(clause_id)
        return [c.title for c in checklists_for(code, clause)] if clause else []
    before, after = titles(base), titles(head)
    return [t for t in after if t not in before], [t for t in before if t not in after]


def compare(base: Code, head: Code) -> Comparison:
    result = Comparison()
    for change in diff_contents(code_content(base), code_content(head)):
        result.changes[change.id] = change
        result.checklists[change.id] = checklist_moves(base, head, change.id)
        result.flags += [(change.id, why) for why in commitment_flags(change)]
        if change.kind == "added":
            result.added.append(change.new)
        elif change.kind == "removed":
            result.removed.append(change.old)
        elif change.kind == "withdrawn":
            result.withdrawn.append((change.old, change.new))
        else:
            result.changed.append((change.old, change.new))
    old_p = {p.number: p for p in base.principles}
    for principle in head.principles:
        before = old_p.get(principle.number)
        if before is not None and (before.title, before.statement) != (
                principle.title, principle.statement):
            result.principles.append((before, principle))
    return result


# -----------------------------------------------------------------------------
# Writing the report
# -----------------------------------------------------------------------------


def _count(n: int, one: str) -> str:
    return f"{n} {one}"


def _values(items) -> str:
    return ", ".join(f"`{i}`" for i in items) if items else "none"


def _list_change(before: list, after: list) -> str:
    added = [i for i in after if i not in before]
    removed = [i for i in before if i not in after]
    parts = []
    if added:
        parts.append(f"added {_values(added)}")
    if removed:
        parts.append(f"removed {_values(removed)}")
    if not parts:
        parts.append("reordered")
    return "; ".join(parts)


def _clause_heading(clause: dict) -> str:
    return f"#### {clause['id']} {gfm(clause['title'])}"


def _describe_new(clause: dict) -> list[str]:
    lines = [_clause_heading(clause), ""]
    lines.append(f"- **Applies to:** {_values(clause['applies_to'])}")
    lines.append(f"- **Text:** {gfm(clause['text'])}")
    lines.append(f"- **Checklist question:** {gfm(clause['question'])}")
    if clause.get("ask_prime"):
        lines.append(f"- **{FIELD_LABELS['ask_prime']}:** {gfm(clause['ask_prime'])}")
    lines.append("- **Evidence:**")
    lines.extend(f"    - {gfm(item)}" for item in clause["evidence"])
    for key in LINK_FIELDS:
        label = FIELD_LABELS[key]
        if clause[key]:
            lines.append(f"- **{label}:** {_values(clause[key])}")
    for key in ("numbers", "law"):
        if clause.get(key):
            lines.append(f"- **{FIELD_LABELS[key]}:** {gfm(describe(clause[key]))}")
    if "withdrawn" in clause:
        lines.append("- **Note:** this new clause is already marked as withdrawn.")
    lines.append("")
    return lines


def _describe_change(before: dict, after: dict) -> list[str]:
    lines = [_clause_heading(after), ""]
    if before["title"] != after["title"]:
        lines.append(f"- **Title:** {redline_markdown(before['title'], after['title'])}")
    if before["text"] != after["text"]:
        lines.append(f"- **Text:** {redline_markdown(before['text'], after['text'])}")
    if before["applies_to"] != after["applies_to"]:
        lines.append(f"- **Applies to:** {_list_change(before['applies_to'], after['applies_to'])}"
                     f" (now {_values(after['applies_to'])})")
    if before["question"] != after["question"]:
        lines.append("- **Checklist question:** "
                     + redline_markdown(before["question"], after["question"]))
    if before["evidence"] != after["evidence"]:
        lines.append("- **Evidence:**")
        for item in after["evidence"]:
            if item not in before["evidence"]:
                lines.append(f"    - added: {gfm(item)}")
        for item in before["evidence"]:
            if item not in after["evidence"]:
                lines.append(f"    - removed: {gfm(item)}")
        if set(before["evidence"]) == set(after["evidence"]):
            lines.append("    - reordered")
    for key in LINK_FIELDS:
        label = FIELD_LABELS[key]
        if before[key] != after[key]:
            lines.append(f"- **{label}:** {_list_change(before[key], after[key])}")
    for key in ("numbers", "law"):
        if before.get(key) != after.get(key):
            lines.append(f"- **{FIELD_LABELS[key]}:** was {gfm(describe(before.get(key)))}; "
                         f"now {gfm(describe(after.get(key)))}")
    old_w, new_w = before.get("withdrawn"), after.get("withdrawn")
    if old_w != new_w:
        if new_w is None:
            lines.append("- **Problem: the withdrawal was removed.** A withdrawn clause's ID "
                         "is never used again. Add a new clause with the next unused number "
                         "instead.")
        else:
            lines.append(f"- **Withdrawal record:** {redline_markdown(_withdrawal(old_w), _withdrawal(new_w))}")
    if before["principle"] != after["principle"]:
        lines.append(f"- **Principle:** {before['principle']} → {after['principle']}")
    lines.append("")
    return lines


def _withdrawal(data: dict | None) -> str:
    if not data:
        return ""
    text = f"in {data['in']}: {data['reason']}"
    if data.get("moved_to"):
        text += f" Moved to {', '.join(data['moved_to'])}."
    return text


def _describe_withdrawal(before: dict, after: dict) -> list[str]:
    info = after["withdrawn"]
    lines = [_clause_heading(after), ""]
    lines.append(f"- **Withdrawn in:** {gfm(info['in'])}")
    lines.append(f"- **Reason:** {gfm(info['reason'])}")
    if info.get("moved_to"):
        lines.append(f"- **Content moved to:** {', '.join(info['moved_to'])}")
    rest = {k: v for k, v in after.items() if k != "withdrawn"}
    if rest != before:
        lines.append("- **Also changed in the same pull request:**")
        lines.extend("  " + line for line in _describe_change(before, rest)[2:] if line)
    lines.append("")
    return lines


def _describe_removed(clause: dict) -> list[str]:
    return [
        _clause_heading(clause),
        "",
        f"- **Problem:** clause {clause['id']} was deleted. Clause IDs are permanent. "
        f"Put the clause back and add a `withdrawn` field with the version and the reason "
        f"(see `{FORMAT_GUIDE}`).",
        "",
    ]


def clause_id_of(item) -> str:
    """The ID of a clause in a section's item: a clause dict or an (old, new) pair."""
    return (item[-1] if isinstance(item, tuple) else item)["id"]


def _record_lines(change: ClauseChange, records: Records | None) -> list[str]:
    if records is None:
        return []
    if records.problem:
        return [f"- **Change record:** {gfm(records.problem)}"]
    found = records.by_clause.get(change.id, [])
    lines = [f"- **Change record:** `{kind}` (`{CHANGES_FILE}`, line {line}): {gfm(reason)}"
             for line, kind, reason in found]
    types = {kind for _, kind, _ in found}
    for what, allowed in record_types_needed(change):
        if not types & set(allowed):
            lines.append(f"- **Change record needed:** {what}, so the build needs a "
                         f"record for {records.version} of type "
                         f"{' or '.join(f'`{t}`' for t in allowed)} in `{CHANGES_FILE}`.")
    return lines


def _checklist_lines(moves: tuple[list[str], list[str]]) -> list[str]:
    joined, left = moves
    lines = []
    if joined:
        lines.append(f"- **Joins:** {', '.join(joined)}")
    if left:
        lines.append(f"- **Leaves:** {', '.join(left)}")
    return lines


def _with_context(lines: list[str], change: ClauseChange | None, result: Comparison,
                  records: Records | None) -> list[str]:
    """A clause's section with its records and checklist moves after its details."""
    if change is None:
        return lines
    extra = _record_lines(change, records) + _checklist_lines(result.checklists[change.id])
    while lines and lines[-1] == "":
        lines.pop()
    return lines + extra + [""]


def report(base_rev: str, head_rev: str, base_short: str, head_short: str,
           result: Comparison, records: Records | None = None,
           limit: int = REPORT_LIMIT) -> str:
    lines = ["## Review report: changes to the code", "",
             f"Compares {_code(base_rev)} ({base_short}) with {_code(head_rev)} "
             f"({head_short}).", ""]
    summary = (f"**Summary:** {_count(len(result.added), 'added')}, "
               f"{_count(len(result.changed), 'changed')}, "
               f"{_count(len(result.withdrawn), 'withdrawn')}, "
               f"{_count(len(result.removed), 'removed without withdrawal')}.")
    lines += [summary, ""]
    if result.removed:
        ids = ", ".join(c["id"] for c in result.removed)
        lines += [f"> **Problem:** {ids} removed without withdrawal. A clause is never "
                  "deleted: it stays in its file with a `withdrawn` field, so that its ID "
                  "is never used again.", ""]
    if not result.any_clause_change:
        lines += ["No clause changes: this pull request changes no commitments.", ""]
    if result.flags:
        lines += ["### Changes of commitment: two maintainers approve", ""]
        lines += [f"- **{clause_id}:** {why}" for clause_id, why in result.flags]
        lines.append("")
    lines += _flags(result)
    sections = (
        ("Added", result.added, _describe_new),
        ("Changed", result.changed, lambda pair: _describe_change(*pair)),
        ("Withdrawn", result.withdrawn, lambda pair: _describe_withdrawal(*pair)),
        ("Removed without withdrawal", result.removed, _describe_removed),
    )
    details = []
    index = []
    ids = []
    for heading, items, describe_item in sections:
        if items:
            details += [f"### {heading}", ""]
            for item in items:
                details += _with_context(describe_item(item), result.changes.get(clause_id_of(item)),
                                         result, records)
                clause = item[-1] if isinstance(item, tuple) else item
                index.append(f"- {heading}: {clause['id']} {gfm(clause['title'][:120])}")
                ids.append((heading, clause["id"]))
    if result.principles:
        details += ["### Principle titles and statements", ""]
        for before, after in result.principles:
            details.append(f"#### Principle {after.number} {gfm(after.title)}")
            details.append("")
            if before.title != after.title:
                details.append(f"- **Title:** {redline_markdown(before.title, after.title)}")
            if before.statement != after.statement:
                details.append("- **Statement:** "
                               + redline_markdown(before.statement, after.statement))
            details.append("")
    footer = []
    if result.any_clause_change or result.principles:
        footer += ["Redlines mark added words as **{+added+}** and deleted words as "
                   "~~[-deleted-]~~.", ""]
    full = "\n".join(lines + details + footer)
    if _size(full) <= limit:
        return full
    # Too long for GitHub: keep every changed clause in a list, cut the details.
    note = ["> **Note:** the full report is "
            f"{_size(full) // 1024} KB, over GitHub's limit for a summary, so the details "
            "below are cut short. Every changed clause is in this list; read the rest in "
            "the pull request's diff.", "", *index, ""]
    kept = "\n".join(lines + note + footer)
    if _size(kept) > limit // 2:  # so many clauses that their titles do not fit: IDs only
        note = note[:2] + [f"- {heading}: {clause_id}" for heading, clause_id in ids] + [""]
        kept = "\n".join(lines + note + footer)
    budget = limit - _size(kept) - 200
    cut = []
    for line in details:
        if _size(line) + 1 > budget:
            cut.append("*(The details stop here: the report reached its size limit.)*")
            break
        cut.append(line)
        budget -= _size(line) + 1
    return "\n".join(lines + note + cut + [""] + footer)


def _code(value: str) -> str:
    """A revision name as inline code: one line, no backticks to end it early."""
    return "`" + " ".join(visible(str(value)).replace("`", "'").split())[:200] + "`"


def _size(text: str) -> int:
    return len(text.encode("utf-8"))


_HTML_LIKE = re.compile(r"<[A-Za-z/!?]")
_LINK = re.compile(r"\]\(\s*<?([^)\s>]+)|\b((?:https?|ftp)://[^\s)<>\]]+|www\.[^\s)<>\]]+)")


def _flags(result: Comparison) -> list[str]:
    """What a reviewer should look at twice in the new wording: HTML-like text,
    links and control characters (shown escaped, never as markup)."""
    found = []
    for clause in result.added + [new for _, new in result.changed + result.withdrawn]:
        fields = [("title", clause["title"]), ("text", clause["text"]),
                  ("question", clause["question"])]
        fields += [("evidence", item) for item in clause["evidence"]]
        if clause.get("withdrawn"):
            fields.append(("withdrawal reason", clause["withdrawn"]["reason"]))
        for name, value in fields:
            where = f"- {clause['id']}, {name}:"
            if _HTML_LIKE.search(value):
                found.append(f"{where} HTML-like text (shown as text on the site): "
                             f"{gfm(value[:200])}")
            for match in _LINK.finditer(value):
                target = match.group(1) or match.group(2)
                found.append(f"{where} a link to {gfm(target[:200])}")
            problem = control_character(value, allow_newlines=True)
            if problem:
                found.append(f"{where} {gfm(problem)}")
    if not found:
        return []
    return ["### Things to check", "",
            "Raw HTML, links and control characters in the new wording. The site shows "
            "HTML-like text as text; check that each link is wanted.", "",
            *found[:200], *(["- … and more"] if len(found) > 200 else []), ""]


def error_report(base_rev: str, head_rev: str, which: str, rev: str, message: str,
                 git_problem: bool = False, limit: int = REPORT_LIMIT) -> str:
    advice = ("Check the revision name and that the history is fetched (in CI, "
              "check out with `fetch-depth: 0`)." if git_problem else
              "Fix the problems below; the strict build reports the same ones.")
    message = visible(message.strip())
    if _size(message) > limit // 2:
        message = message.encode("utf-8")[:limit // 2].decode("utf-8", "ignore") + \
            "\n… (cut: the message reached the report's size limit)"
    # A fence longer than any run of backticks in the message, so it cannot close early.
    fence = "`" * max(3, 1 + max((len(run) for run in re.findall(r"`+", message)), default=0))
    return "\n".join([
        "## Review report: changes to the code",
        "",
        f"Compares {_code(base_rev)} with {_code(head_rev)}.",
        "",
        f"> **Problem:** the code at the {which} revision ({_code(rev)}) could not be read, "
        f"so no comparison was made. {advice}",
        "",
        fence + "text",
        message,
        fence,
        "",
    ])


def run(base: str, head: str, repo: Path, strict: bool = False) -> int:
    """`cop review-report`: print the report; the exit status the docstring gives."""
    codes = {}
    shorts = {}
    for which, rev in (("base", base), ("head", head)):
        try:
            shorts[which] = short_rev(repo, rev)
            codes[which] = code_at(repo, rev)
        except GitError as err:
            print(error_report(base, head, which, rev, str(err), git_problem=True))
            return 1
        except DataError as err:
            print(error_report(base, head, which, rev, str(err)))
            return 1
    result = compare(codes["base"], codes["head"])
    print(report(base, head, shorts["base"], shorts["head"], result, records_at(repo, head)))
    if strict and result.removed:
        return 1
    return 0
