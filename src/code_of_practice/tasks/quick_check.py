"""`cop check` (`make check`): a contributor's quick check before a pull request.

    cop check [--base main] [--site-dir build/check-site]

In about two builds' time, in order:

  1. the data and the pages: every page's front matter and the whole model
     (clauses, change records, consultations, releases), with the build's own
     messages (file, line, clause and the fix);
  2. the strict MkDocs build, into --site-dir;
  3. the checks of untrusted content on the built pages: every internal link
     and anchor resolves, and no page loads anything from another site;
  4. the review summary of the working tree (committed or not, new files
     included) against where it left --base: what a reviewer will see
     (--no-summary leaves it out: CI makes it in a trusted workflow).

It stops after step 1 if the data cannot be read (the build would only
repeat the message); the review summary is printed whatever happened. The
exit status is 0 only if steps 1 to 3 passed.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from code_of_practice.model.project import load_project
from code_of_practice.model.yaml_lines import DataError, check_page_front_matter
from code_of_practice.tasks.builds import mkdocs_build
from code_of_practice.tasks.linkcheck import LOCAL_HOSTS, check_site

# An element that makes the browser fetch something by itself, with an address
# on another site (links a reader follows are fine; fetching is not).
_FETCHED = re.compile(
    r"<(?P<tag>script|img|iframe|link|source|video|audio|embed|object)\b[^>]*?"
    r"\b(?:src|href|data)=[\"'](?P<url>(?:https?:)?//(?P<host>[^/\"':]+)[^\"']*)", re.I)


def validate(root: Path) -> str:
    """Step 1: "" if the data and pages are valid, else the build's message."""
    try:
        check_page_front_matter(root / "docs", root)
        load_project(root)
    except DataError as err:
        return str(err)
    return ""


def fetched_from_elsewhere(site: Path) -> list[str]:
    """Pages of a built site that make the browser fetch from another site."""
    found = []
    for page in sorted(site.rglob("*.html")):
        for match in _FETCHED.finditer(page.read_text(encoding="utf-8", errors="replace")):
            if match["host"] not in LOCAL_HOSTS:
                found.append(f"{page.relative_to(site).as_posix()}: <{match['tag']}> loads "
                             f"{match['url']}: serve it from the site itself (docs/assets/).")
    return found


def _git(repo: Path, *args: str, env: dict | None = None) -> str:
    result = subprocess.run(["git", "-C", str(repo), *args], capture_output=True, text=True,
                            env={**os.environ, **(env or {})})
    if result.returncode != 0:
        raise RuntimeError(f"git {' '.join(args)}: {result.stderr.strip()}")
    return result.stdout.strip()


def working_tree_commit(repo: Path) -> str:
    """A commit object holding the working tree as it is (changes not yet
    committed and new files included, ignored files left out), made with a
    temporary index: the branch, the index and the files are left untouched."""
    with tempfile.TemporaryDirectory() as tmp:
        env = {"GIT_INDEX_FILE": str(Path(tmp) / "index")}
        _git(repo, "read-tree", "HEAD", env=env)
        _git(repo, "add", "--all", env=env)
        tree = _git(repo, "write-tree", env=env)
    return _git(repo, "-c", "user.name=cop check", "-c", "user.email=cop-check@localhost",
                "commit-tree", tree, "-p", "HEAD", "-m", "The working tree (cop check)")


def review_summary(root: Path, base: str) -> tuple[str, int]:
    """Step 4: (the review summary of the working tree against base, status)."""
    from code_of_practice.tasks import review_report

    try:
        head = working_tree_commit(root)
        start = _git(root, "merge-base", base, head)
    except RuntimeError as err:
        return (f"No review summary: {err}. It compares the working tree with the branch "
                f"{base!r}: run `git fetch origin main:main`, or pass --base.", 1)
    import contextlib
    import io

    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        status = review_report.run(start, head, root)
    return out.getvalue(), status


def run(root: Path, base: str = "main", site_dir: Path | None = None,
        summary: bool = True) -> int:
    site_dir = Path(site_dir or root / "build" / "check-site")
    failed = False

    def step(title: str, started: float, problems: list[str]) -> None:
        nonlocal failed
        verdict = "passed" if not problems else "FAILED"
        print(f"{title}: {verdict} ({time.monotonic() - started:.1f} s)", flush=True)
        for problem in problems:
            print(f"  {problem}", flush=True)
        failed = failed or bool(problems)

    started = time.monotonic()
    message = validate(root)
    step("1. Data and pages", started, [message] if message else [])
    if not message:
        started = time.monotonic()
        built = mkdocs_build(root, site_dir)
        errors = [line for line in built.stderr.splitlines()
                  if line.startswith(("ERROR", "WARNING", "Aborted"))
                  or not line.startswith(("INFO", "DEBUG"))]
        step("2. Strict build", started,
             [] if built.returncode == 0 else (errors or [built.stderr.strip()])[-30:])
        if built.returncode == 0:
            started = time.monotonic()
            broken, _, checked = check_site(site_dir)
            step(f"3. Untrusted content: {checked} links and anchors, and what each page "
                 "loads", started, broken + fetched_from_elsewhere(site_dir))
    if summary:
        text, _ = review_summary(root, base)
        print("\n4. Review summary (what a reviewer will see)\n")
        print(text, flush=True)
    if failed:
        print("cop check: FAILED. Fix the problems above (each names the file, the line and "
              "the fix), then run `make check` again.", file=sys.stderr)
        return 1
    print("cop check: passed. You can open your pull request.")
    return 0
