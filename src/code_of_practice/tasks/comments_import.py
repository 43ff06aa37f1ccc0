"""`cop comments import`: draft records for data/comments.yml from GitHub issues.

It reads what `gh issue list --label consultation --json
number,title,body,labels,createdAt` prints: a JSON list of issues made with
the "Comment on the code" form (.github/ISSUE_TEMPLATE/comment-on-the-code.yml),
whose body GitHub writes as one "### <label>" section per field.

For each issue not yet in the register it proposes a record: the
consultation, the date received, the sector, the clauses and the issue
number. It copies only values it can check against fixed lists (IDs, a
sector, a date), never a title, a comment, a name or a handle: the summary
is for a maintainer to write in their own words, and the build refuses a
record until they have. Issues already recorded are skipped and said so.

Any problem with the input stops the import before anything is written, with
the issue number and what to do.
"""

from __future__ import annotations

import datetime
import json
import re
import sys
from pathlib import Path

from code_of_practice.model.consultations import (COMMENTS_FILE, CONSULTATION_ID, SECTORS,
                                                  Comment, Consultation)
from code_of_practice.model.ids import is_clause_id
from code_of_practice.model.yaml_lines import DataError, load_yaml_file

FORM = Path(".github") / "ISSUE_TEMPLATE" / "comment-on-the-code.yml"
LABEL = "consultation"
FIELDS = ("number", "title", "body", "labels", "createdAt")
# The form's sector options, as the register writes them.
SECTOR_OPTIONS = {s: s for s in SECTORS if s != "not given"}
SECTOR_OPTIONS["prefer not to say"] = "not given"
NO_RESPONSE = "_No response_"
MAX_INPUT = 5_000_000  # bytes: far more than any real export
HEADING = re.compile(r"^###[ \t]+(.+?)[ \t]*$", re.M)


class CommentImportError(Exception):
    """A problem with the input; printed without a traceback, nothing written."""


def form_labels(root: Path) -> dict[str, str]:
    """{label: field id} of the comment form, read from the form itself."""
    form = load_yaml_file(Path(root) / FORM, root)
    return {item["attributes"]["label"]: item["id"] for item in form.get("body", [])
            if isinstance(item, dict) and "id" in item}


def form_fields(body: str, labels: dict[str, str]) -> dict[str, str]:
    """The form's answers in an issue body, by field id ('' for "_No response_")."""
    found: dict[str, str] = {}
    parts = HEADING.split(body)
    # parts: [before, label1, text1, label2, text2, ...]
    for label, text in zip(parts[1::2], parts[2::2]):
        if label in labels and labels[label] not in found:
            value = text.strip()
            found[labels[label]] = "" if value == NO_RESPONSE else value
    return found


def _issue_error(number, message: str) -> CommentImportError:
    return CommentImportError(f"issue #{number}: {message}")


def _created(value, number) -> str:
    if not isinstance(value, str):
        raise _issue_error(number, "createdAt is not a date and time like 2027-01-05T10:00:00Z.")
    try:
        moment = datetime.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        raise _issue_error(number, f"createdAt {value[:40]!r} is not a date and time like "
                                   "2027-01-05T10:00:00Z.") from None
    if moment.tzinfo is not None:
        moment = moment.astimezone(datetime.timezone.utc)
    return moment.date().isoformat()


def _clauses(value: str, number, known: set[str]) -> list[str]:
    out = []
    for item in re.split(r"[,;\s]+", value.strip()):
        item = item.strip().rstrip(".")
        if not item or re.fullmatch(r"Q\d{1,3}", item):
            continue  # a question number: the maintainer reads it in the issue
        if not is_clause_id(item) or item not in known:
            raise _issue_error(number, f"the Clause field has {item[:20]!r}, which is not a "
                               "clause of the code. Correct the field in the issue (or ask "
                               "the respondent to), then import again.")
        if item not in out:
            out.append(item)
    return out


def _consultation(value: str, received: str, number,
                  consultations: list[Consultation]) -> str:
    by_id = {c.id: c for c in consultations}
    if value:
        if not CONSULTATION_ID.match(value) or value not in by_id:
            raise _issue_error(number, f"the Consultation field has {value[:20]!r}, which is "
                               f"not a consultation in data/consultations.yml "
                               f"({', '.join(by_id) or 'none'}).")
        return value
    # Blank: the consultation that was open the day it arrived, if exactly one was.
    open_then = [c.id for c in consultations if c.opens <= received <= c.closes]
    return open_then[0] if len(open_then) == 1 else ""


def parse_issues(text: str) -> list[dict]:
    """The JSON `gh issue list` printed, checked for shape."""
    if len(text.encode("utf-8", "replace")) > MAX_INPUT:
        raise CommentImportError(f"the input is larger than {MAX_INPUT // 1_000_000} MB: export "
                           "fewer issues at a time (gh issue list --limit).")
    try:
        data = json.loads(text)
    except ValueError as err:
        raise CommentImportError(f"the input is not JSON ({err}). Give it what `gh issue list "
                           f"--label {LABEL} --json {','.join(FIELDS)}` prints.") from None
    if not isinstance(data, list) or not all(isinstance(i, dict) for i in data):
        raise CommentImportError("the input must be a JSON list of issues, as `gh issue list "
                           f"--json {','.join(FIELDS)}` prints.")
    for issue in data:
        number = issue.get("number")
        if isinstance(number, bool) or not isinstance(number, int) or number < 1:
            raise CommentImportError(f"an issue has number {str(number)[:20]!r}: each issue needs "
                               "its number, a whole number from 1.")
        extra = sorted(set(issue) - set(FIELDS))
        if extra:
            raise _issue_error(number, f"unexpected field(s) {', '.join(extra)[:80]}. Export "
                               f"with exactly --json {','.join(FIELDS)}: the import takes "
                               "nothing that could name a person.")
        if not isinstance(issue.get("body", ""), str):
            raise _issue_error(number, "body is not text.")
        labels = issue.get("labels") or []
        if not isinstance(labels, list) or not all(
                isinstance(x, dict) and isinstance(x.get("name", ""), str) for x in labels):
            raise _issue_error(number, "labels must be a list of {name: ...}.")
    numbers = [i["number"] for i in data]
    twice = sorted({n for n in numbers if numbers.count(n) > 1})
    if twice:
        raise CommentImportError(f"issue #{twice[0]} appears twice in the input.")
    return data


def draft_records(issues: list[dict], labels: dict[str, str], known: set[str],
                  consultations: list[Consultation], register: list[Comment],
                  log=print) -> list[dict]:
    """A draft record for each new comment issue, oldest first; nothing written."""
    recorded = {int(c.reference) for c in register if c.channel == "issue"}
    used = [c.id for c in register]
    drafts = []
    for issue in sorted(issues, key=lambda i: (str(i.get("createdAt")), i["number"])):
        number = issue["number"]
        names = {x.get("name", "") for x in issue.get("labels") or []}
        if LABEL not in names:
            log(f"issue #{number}: skipped: it has no {LABEL!r} label, so it was not made "
                "with the comment form.")
            continue
        if number in recorded:
            log(f"issue #{number}: skipped: already in {COMMENTS_FILE}.")
            continue
        fields = form_fields(issue.get("body") or "", labels)
        if "sector" not in fields:
            raise _issue_error(number, "its body has no \"Your sector\" section: it was not "
                               "made with the comment form. Record it by hand, or remove its "
                               f"{LABEL!r} label.")
        received = _created(issue.get("createdAt"), number)
        sector_text = fields.get("sector", "").strip().lower()
        if sector_text not in SECTOR_OPTIONS:
            raise _issue_error(number, f"the sector {sector_text[:40]!r} is not one of the "
                               f"form's options ({', '.join(SECTOR_OPTIONS)}).")
        year = received[:4]
        taken = [int(i.rsplit("-", 1)[1]) for i in used if i.startswith(f"C-{year}-")]
        rid = f"C-{year}-{max(taken, default=0) + 1:02d}"
        used.append(rid)
        drafts.append({
            "id": rid,
            "consultation": _consultation(fields.get("consultation", "").strip(), received,
                                          number, consultations),
            "received": received,
            "sector": SECTOR_OPTIONS[sector_text],
            "issue": number,
            "clauses": _clauses(fields.get("clause", ""), number, known),
        })
    return drafts


def records_yaml(drafts: list[dict]) -> str:
    """The drafts as YAML to append to data/comments.yml, each waiting for its summary."""
    out = []
    for d in drafts:
        out.append(f"\n- id: {d['id']}\n")
        if d["consultation"]:
            out.append(f"  consultation: {d['consultation']}\n")
        out.append(f"  received: {d['received']}\n")
        out.append(f"  sector: {d['sector']}\n")
        out.append(f"  issue: {d['issue']}\n")
        out.append("  clauses: [" + ", ".join(f'"{c}"' for c in d["clauses"]) + "]\n")
        out.append("  # summary: >-\n"
                   "  #   What was said, in your own words (never copied from the issue,\n"
                   "  #   never a name). The build refuses this record until it is written.\n"
                   "  # Once answered: response (our answer) and outcome.\n")
    return "".join(out)


def run_import(root: Path, text: str, write: bool, log=print) -> list[dict]:
    from code_of_practice.model.project import load_project

    root = Path(root)
    try:
        project = load_project(root)
    except DataError as err:
        raise CommentImportError(f"the project does not load, so nothing was imported: {err}") from None
    issues = parse_issues(text)
    drafts = draft_records(issues, form_labels(root), {c.id for c in project.code.clauses},
                           project.history.consultations, project.history.register, log)
    if not drafts:
        log("no new comments to record.")
        return []
    block = records_yaml(drafts)
    if write:
        path = root / COMMENTS_FILE
        current = path.read_text(encoding="utf-8") if path.exists() else ""
        path.write_text(current.rstrip("\n") + "\n" + block, encoding="utf-8")
        log(f"wrote {len(drafts)} draft record(s) to {COMMENTS_FILE}: "
            f"{', '.join(d['id'] for d in drafts)}. Write each one's summary in your own "
            "words; the build refuses them until you do.")
    else:
        sys.stdout.write(block)
        log(f"{len(drafts)} draft record(s) above; run again with --write to add them to "
            f"{COMMENTS_FILE}.")
    return drafts


def run(root: Path, source: str, write: bool) -> int:
    def log(message: str) -> None:
        print(message, file=sys.stderr, flush=True)

    try:
        if source == "-":
            text = sys.stdin.read()
        else:
            path = Path(source)
            if not path.is_file():
                raise CommentImportError(f"{source} is not a file. Give the file `gh issue list "
                                   "--json ...` wrote, or - for standard input.")
            text = path.read_bytes().decode("utf-8")
        run_import(root, text, write, log)
    except UnicodeDecodeError:
        print(f"cop comments import: {source} is not UTF-8 text; nothing was written.",
              file=sys.stderr)
        return 1
    except (CommentImportError, DataError) as err:
        print(f"cop comments import: {err}; nothing was written.", file=sys.stderr)
        return 1
    return 0
