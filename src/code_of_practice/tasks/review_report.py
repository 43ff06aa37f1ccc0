"""A review report for a pull request: which clauses it adds, changes or withdraws.

    cop review-report --base origin/main --head HEAD [--repo PATH] [--strict]

Reads the principle pages (docs/code/*.md, except index.md) and
data/frameworks.yml at each git revision with `git ls-tree` and `git show`,
without checking anything out. Both versions are parsed and validated with the
same code model that the site build uses, then compared clause by clause, by
permanent ID. The report is Markdown, printed to standard output, for the
pull request's checks summary.

Exit status: 0 when the report was written; 1 when a revision's code cannot
be read (the report then says why) or a git command fails. With --strict, a
clause removed without a `withdrawn` field also gives 1.
"""

from __future__ import annotations

import re
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from code_of_practice.model.code import Code, load_code
from code_of_practice.model.content import code_content
from code_of_practice.model.diff import diff_contents
from code_of_practice.model.fields import FIELD_LABELS, LINK_FIELDS
from code_of_practice.model.yaml_lines import DataError
from code_of_practice.model.policy import control_character
from code_of_practice.render.escape import gfm, visible
from code_of_practice.render.redline import redline_markdown

CODE_DIR = "docs/code"
FRAMEWORKS = "data/frameworks.yml"
FORMAT_GUIDE = "docs/contribute/clause-format.md"
# GitHub drops a step summary over 1 MiB whole; stay well under it.
REPORT_LIMIT = 1_000_000



class GitError(Exception):
    pass


# -----------------------------------------------------------------------------
# Reading the code at a revision
# -----------------------------------------------------------------------------


def git(repo: Path, *args: str) -> str:
    result = subprocess.run(["git", "-C", str(repo), *args], capture_output=True,
                            text=True, encoding="utf-8")
    if result.returncode != 0:
        raise GitError(f"`git {' '.join(args)}` failed: {result.stderr.strip()}")
    return result.stdout


def short_rev(repo: Path, rev: str) -> str:
    return git(repo, "rev-parse", "--short", f"{rev}^{{commit}}").strip()


def code_at(repo: Path, rev: str) -> Code:
    """The validated code at a revision. Raises DataError if it is invalid."""
    try:
        names = git(repo, "ls-tree", "--name-only", f"{rev}:{CODE_DIR}").split("\n")
    except GitError:
        raise DataError(f"{CODE_DIR}: folder not found at this revision.") from None
    pages = [n for n in names if n.endswith(".md") and n != "index.md"]
    with tempfile.TemporaryDirectory(prefix="review-report-") as tmp:
        root = Path(tmp)
        (root / CODE_DIR).mkdir(parents=True)
        (root / "data").mkdir()
        for name in pages:
            path = str(PurePosixPath(CODE_DIR) / name)
            (root / path).write_bytes(_show(repo, rev, path))
        try:
            (root / FRAMEWORKS).write_bytes(_show(repo, rev, FRAMEWORKS))
        except GitError:
            raise DataError(f"{FRAMEWORKS}: file not found at this revision.") from None
        return load_code(root)


def _show(repo: Path, rev: str, path: str) -> bytes:
    result = subprocess.run(["git", "-C", str(repo), "show", f"{rev}:{path}"],
                            capture_output=True)
    if result.returncode != 0:
        raise GitError(f"`git show {rev}:{path}` failed: "
                       f"{result.stderr.decode('utf-8', 'replace').strip()}")
    return result.stdout


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

    @property
    def any_clause_change(self) -> bool:
        return bool(self.added or self.changed or self.withdrawn or self.removed)


def compare(base: Code, head: Code) -> Comparison:
    result = Comparison()
    for change in diff_contents(code_content(base), code_content(head)):
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
    lines.append("- **Evidence:**")
    lines.extend(f"    - {gfm(item)}" for item in clause["evidence"])
    for key in LINK_FIELDS:
        label = FIELD_LABELS[key]
        if clause[key]:
            lines.append(f"- **{label}:** {_values(clause[key])}")
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


def report(base_rev: str, head_rev: str, base_short: str, head_short: str,
           result: Comparison, limit: int = REPORT_LIMIT) -> str:
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
    for heading, items, describe in sections:
        if items:
            details += [f"### {heading}", ""]
            for item in items:
                details += describe(item)
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
    print(report(base, head, shorts["base"], shorts["head"], result))
    if strict and result.removed:
        return 1
    return 0
