"""Helpers for the test suite, in one importable place (tests never import
each other). The fixtures that use them are in tests/conftest.py."""

from __future__ import annotations

import contextlib
from collections import Counter
import json
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from code_of_practice.outputs.browser import chromium, serve, site_pages  # noqa: F401 (for the tests)
from code_of_practice.tasks.builds import (BUILD_ENV, BUILD_LOG_ENV, PROJECT_PARTS,  # noqa: F401
                                           build_env,
                                           SHARED_ENV, copy_project, mkdocs_build,
                                           zensical_build)
from code_of_practice.model.releases import working_version
from code_of_practice.tasks.linkcheck import check_site  # noqa: F401 (for the tests)
from code_of_practice.tasks.rehearsal import PROJECT_ROOT_ENV, add_record

# The project the tests check: the repository this package was installed from
# (editable install), or the copy named by $COP_PROJECT_ROOT (the release
# rehearsal runs the fast tests on its copy after each release).
ROOT = Path(os.environ.get(PROJECT_ROOT_ENV) or Path(__file__).resolve().parents[2]).resolve()


# -- one build per site variant per test session, shared by the xdist workers -------

# SHARED_ENV: the suite's folder for what it builds once (set when the session
# starts, inherited by the pytest-xdist workers); BUILD_LOG_ENV: the file every
# site build appends a line to (engine_adapter.py, tasks/builds.py).


def start_session() -> Path | None:
    """Called once by the controlling pytest process: a folder for the shared
    builds and the build log. Returns the folder to remove at the end, or
    None when an outer session (the release rehearsal's) already made one."""
    if os.environ.get(SHARED_ENV):
        return None
    folder = Path(tempfile.mkdtemp(prefix="cop-tests-"))
    os.environ[SHARED_ENV] = str(folder)
    os.environ.setdefault(BUILD_LOG_ENV, str(folder / "builds.log"))
    return folder


def end_session(folder: Path | None) -> None:
    if folder is not None:
        shutil.rmtree(folder, ignore_errors=True)


def _build_log() -> list[list[str]]:
    """The build log's lines: [engine, project folder, the test that asked]."""
    log = os.environ.get(BUILD_LOG_ENV)
    if not (log and Path(log).exists()):
        return []
    return [(line.split("\t") + ["", ""])[:3]
            for line in Path(log).read_text(encoding="utf-8").splitlines()]


def builds_by_test() -> dict[str, int]:
    """How many site builds each test (or the fixture it set up) made."""
    return dict(Counter(asker or "(outside a test)" for _, _, asker in _build_log()))


def builds_made() -> dict[str, int]:
    """How many site builds the session made, by engine ("mkdocs", "zensical")."""
    return dict(Counter(engine for engine, _, _ in _build_log()))


@contextlib.contextmanager
def _locked(path: Path):
    import fcntl

    with open(path, "a+", encoding="utf-8") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def once(name: str, make, fallback: Path | None = None):
    """What `make(folder)` returns (JSON-able), made once per test session in the
    shared folder's `name` subfolder however many xdist workers ask for it;
    the other workers wait for it and read the result. Without a shared
    folder (a test run on its own), it is made under `fallback`."""
    base = Path(os.environ.get(SHARED_ENV) or fallback or tempfile.mkdtemp())
    base.mkdir(parents=True, exist_ok=True)
    folder, done = base / name, base / f"{name}.json"
    with _locked(base / f"{name}.lock"):
        if not done.exists():
            if folder.exists():  # a worker that failed half way
                shutil.rmtree(folder)
            folder.mkdir()
            result = make(folder)
            done.write_text(json.dumps(result), encoding="utf-8")
    return json.loads(done.read_text(encoding="utf-8"))


# -- the layers in process: what a build would refuse, and the macros ---------------

# The test modules that take longest, longest first, as `make bench-tests`
# measured them (its slowest tests, added up by module). pytest-xdist (--dist
# loadfile --no-loadscope-reorder, pytest.ini) hands the modules to its
# workers in collection order, so these start at once and the many short ones
# fill the gaps at the end, instead of one worker starting a long rehearsal
# when the other has nothing left. A name that is no longer a module fails
# tests/test_benchmark.py. (Used by tests/conftest.py.)
LONGEST_FIRST = ("test_accessibility.py", "test_publish.py", "test_rehearsal.py",
                 "test_adoption_browser.py", "test_checklist_print.py", "test_untrusted.py",
                 "test_finding.py", "test_contribution_path.py", "test_honest_history.py",
                 "test_downloads.py", "test_releases.py", "test_schemas.py", "test_site.py",
                 "test_resilience.py", "test_compare.py")


def heaviest_modules_first(items: list) -> list:
    """The items of LONGEST_FIRST's modules first, in its order, then the rest
    by how many tests each module has (pytest-xdist's own order); each
    module's tests keep their order."""
    counts = Counter(item.path.name for item in items)

    def rank(item) -> tuple[int, int]:
        name = item.path.name
        if name in LONGEST_FIRST:
            return (LONGEST_FIRST.index(name), 0)
        return (len(LONGEST_FIRST), -counts[name])

    return sorted(items, key=rank)


def run_cop(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess:
    """`cop ARGS` run in this process, as `subprocess.run(..., capture_output=True,
    text=True)` would report it: the exit status, what it printed on standard
    output and standard error. A tenth of the time of a new Python process per
    call; the command's own code, arguments and streams are the same. (The
    tests of the publish workflow still run `cop` as the workflow does.)"""
    import io
    import sys

    from code_of_practice.cli import main

    out, err = io.StringIO(), io.StringIO()
    real_stdin = sys.stdin
    sys.stdin = io.StringIO(stdin or "")
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                status = main(list(args))
            except SystemExit as exit_:  # argparse's usage errors, sys.exit in a task
                code = exit_.code
                status = code if isinstance(code, int) else (0 if code is None else 1)
                if isinstance(code, str):
                    print(code, file=sys.stderr)
    finally:
        sys.stdin = real_stdin
    return subprocess.CompletedProcess(["cop", *args], status or 0, out.getvalue(),
                                       err.getvalue())


def build_refusal(project: Path) -> str:
    """The message a strict build of the project would stop with for a mistake
    in its data or pages, found in process as engine_adapter.define_env finds it (the
    pages' front matter, then the model), or "" when there is none. A real
    build printing exactly this message is tested once (tests/test_site.py)."""
    from code_of_practice.model.project import load_project
    from code_of_practice.model.yaml_lines import DataError, check_page_front_matter

    try:
        check_page_front_matter(Path(project) / "docs", Path(project))
        load_project(Path(project))
    except DataError as err:
        return str(err)
    return ""


class FakeMacrosEnv:
    """The parts of mkdocs-macros' `env` that engine_adapter.define_env uses, to register
    the project's macros in process and call them as a page would:
    `define_env(env)`, then `env.macros["clause"]("3.2")`. `page` is the
    docs/-relative source path of the page they render for."""

    def __init__(self, project: Path, *, page: str = "index.md", extra: dict | None = None,
                 site_url: str = "", repo_url: str = ""):
        from types import SimpleNamespace

        self.conf = {"extra": dict(extra or {}), "site_url": site_url, "repo_url": repo_url,
                     "docs_dir": "docs"}
        self.project_dir = str(project)
        self.variables: dict = {}
        self.macros: dict = {}
        self.page = SimpleNamespace(file=SimpleNamespace(src_uri=page))

    def macro(self, function, name: str) -> None:
        self.macros[name] = function

    def on(self, page: str) -> "FakeMacrosEnv":
        """The macros now render for another page."""
        from types import SimpleNamespace

        self.page = SimpleNamespace(file=SimpleNamespace(src_uri=page))
        return self


def add_working_change(project: Path) -> str:
    """Reword one clause of a project copy, with its change record, so that it
    has a working version after its latest release. Returns the clause's ID."""
    from code_of_practice.model.code import load_code

    page = project / "docs/code/8-data-sharing.md"
    text = page.read_text(encoding="utf-8")
    old = "As the prime contractor"
    assert old in text, f"test set-up: {old!r} not in {page}"
    before = {c.id: c.text for c in load_code(project).clauses}
    page.write_text(text.replace(old, "As the lead contractor", 1), encoding="utf-8")
    changed = [c.id for c in load_code(project).clauses if before.get(c.id) != c.text]
    # One line per field: tests add fields after "reason" (see test_honest_history).
    with open(project / "data/changes.yml", "a", encoding="utf-8") as changes:
        changes.write(f'\n- version: "{working_version(project)}"\n  clauses: ["{changed[0]}"]\n'
                      "  type: reworded\n  reason: >-\n    A test rewording.\n  source: A test.\n")
    return changed[0]


def relink_principle_one(project: Path) -> list[str]:
    """Link every clause of principle 1 that supports Compact outcome 1 alone
    to outcome 2 as well, with one change record; returns their IDs."""
    page = project / "docs/code/1-risk.md"
    lines, relinked, current = [], [], None
    for line in page.read_text(encoding="utf-8").splitlines(keepends=True):
        if line.startswith("  - id: "):
            current = line.split(":", 1)[1].strip().strip('"')
        if line == "    compact: [1]\n":
            line = "    compact: [1, 2]\n"
            relinked.append(current)
        lines.append(line)
    assert relinked, "test set-up: no clause of principle 1 links to Compact outcome 1 alone"
    page.write_text("".join(lines), encoding="utf-8")
    with open(project / "data/changes.yml", "a", encoding="utf-8") as changes:
        changes.write(f'\n- version: "{working_version(project)}"\n'
                      "  clauses: [" + ", ".join(f'"{c}"' for c in relinked) + "]\n"
                      "  type: relinked\n  reason: >-\n    A test relinking.\n  source: A test.\n")
    return relinked


def read_html(site: Path, page: str) -> str:
    """The HTML of a built page, given its URL path such as 'code/1-risk/'."""
    return (Path(site) / page / "index.html").read_text(encoding="utf-8")


def record_change(project: Path, clause_id: str, kind: str,
                  reason: str = "A change made by a test.") -> str:
    """Add a change record for a clause to a copy's data/changes.yml, for the
    version being worked on (read from the copy); return that version."""
    version = working_version(project)
    add_record(Path(project), version, clause_id, kind, reason)
    return version


# -- axe-core, run in a page (tests/test_accessibility.py and others) -----------------

AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]

# No rule is excluded. If one ever must be, list it here with the reason.
AXE_DISABLED_RULES: dict[str, str] = {}

# axe-core in the page: every rule of `tags` but the disabled ones, or, when
# `only` is given, just those rules (the second palette's colour rules).
AXE_RUN = """async ([tags, disabled, only]) => {
  const rules = {};
  for (const id of disabled) rules[id] = {enabled: false};
  const result = await axe.run(document, {
    runOnly: only ? {type: "rule", values: only} : {type: "tag", values: tags},
    rules,
    resultTypes: ["violations"],
  });
  return result.violations.map(v => ({
    id: v.id,
    impact: v.impact,
    help: v.help,
    nodes: v.nodes.map(n => ({target: n.target.join(" "), summary: n.failureSummary})),
  }));
}"""


# The palette changes colours only (CSS variables on <body>), never the page's
# elements or layout, so in the second palette only the rules that read colours
# can find anything new: these, run with the same tags.
AXE_COLOUR_RULES = ["color-contrast", "link-in-text-block"]

PALETTES = {"light": "default", "dark": "slate"}  # the reader's setting -> Material's scheme


def axe_script() -> Path:
    path = ROOT / "node_modules" / "axe-core" / "axe.min.js"
    assert path.exists(), "node_modules/axe-core is missing: run `make setup`"
    return path


def axe_context(browser, **options):
    """A new browser context (Playwright's options) whose every page has
    axe-core from its first moment: one script evaluated as the page starts,
    instead of a tag added over the wire after each load (a third of a second
    a page saved). axe only defines `window.axe`; the page's own scripts and
    console are as a reader's."""
    context = browser.new_context(**options)
    context.add_init_script(path=str(axe_script()))
    return context


def axe_in_both_palettes(page, url: str, before_axe=None) -> dict[str, list[dict]]:
    """axe-core on one page load in the light palette (every rule of AXE_TAGS),
    then in the dark one (the colour rules), switching the emulated system
    setting as a reader's device would: {"light": violations, "dark": violations}.
    The page comes from `axe_context`. `before_axe(page, scheme)` may check the
    page in each palette first."""
    found = {}
    page.emulate_media(color_scheme="light")
    page.goto(url, wait_until="load")
    assert page.evaluate("typeof axe") == "object", \
        "axe-core is not in the page: open it in a context from axe_context(browser)"
    for scheme, material in PALETTES.items():
        page.emulate_media(color_scheme=scheme)
        # The palette follows the emulated system setting: wait until it took effect.
        page.wait_for_function(
            f"document.body.getAttribute('data-md-color-scheme') === '{material}'",
            timeout=10_000)
        if before_axe:
            before_axe(page, scheme)
        if scheme == "light":
            found[scheme] = page.evaluate(AXE_RUN, [AXE_TAGS, list(AXE_DISABLED_RULES)])
        else:
            rules = [r for r in AXE_COLOUR_RULES if r not in AXE_DISABLED_RULES]
            found[scheme] = page.evaluate(AXE_RUN, [AXE_TAGS, [], rules])
    return found


# -- writing principle pages the way the format page asks ------------------------

# The fields that must be YAML block scalars (see model/code.py, markdown_field).
BLOCK_FIELDS = ("text", "statement", "reason")


class _Block(str):
    """A string that YAML writes as a literal block (`|-`)."""


def _blocks(value):
    if isinstance(value, dict):
        return {k: _Block(v) if k in BLOCK_FIELDS and isinstance(v, str) else _blocks(v)
                for k, v in value.items()}
    if isinstance(value, list):
        return [_blocks(v) for v in value]
    return value


def dump_front_matter(data: dict) -> str:
    """YAML for a principle page's front matter, text fields as block scalars."""
    import yaml

    class Dumper(yaml.SafeDumper):
        pass

    Dumper.add_representer(_Block, lambda dumper, value: dumper.represent_scalar(
        "tag:yaml.org,2002:str", str(value), style="|"))
    return yaml.dump(_blocks(data), Dumper=Dumper, sort_keys=False, allow_unicode=True,
                     width=100)


def free_clause(project: Path, want=lambda clause: True):
    """An active clause of a project copy, not the first on its page, that no
    other clause may still refer to: it is left out of every other clause's
    `related` list on the copy's pages, so a test can withdraw or delete it.
    `want(clause)` narrows the choice. Returns the clause as the copy now reads it."""
    import yaml

    from code_of_practice.model.code import load_code, split_front_matter

    code = load_code(project)
    moved = {t for c in code.clauses if c.withdrawn for t in c.withdrawn.moved_to}
    chosen = next((c for p in code.principles for c in reversed(p.active_clauses)
                   if c.number > 1 and c.id not in moved and want(c)), None)
    assert chosen, "test set-up: no clause fits"
    for principle in code.principles:
        if not any(chosen.id in c.related for c in principle.clauses):
            continue
        page = project / "docs" / principle.page
        front, body, _ = split_front_matter(page.read_text(encoding="utf-8"), str(page))
        data = yaml.safe_load(front)
        for raw in data["clauses"]:
            if chosen.id in (raw.get("related") or []):
                raw["related"] = [r for r in raw["related"] if r != chosen.id]
                if not raw["related"]:
                    del raw["related"]
        page.write_text("---\n" + dump_front_matter(data) + "---\n" + body, encoding="utf-8")
    return load_code(project).clause(chosen.id)
