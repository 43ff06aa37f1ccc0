"""Shared fixtures: the project's paths, a strict build of the real site, a
throwaway copy of the project, and a browser. The helpers behind them live in
code_of_practice.testing.

Each site variant is built once per test session, even with pytest-xdist
(`code_of_practice.testing.once`): a new test that needs a built site uses one
of the fixtures here (`site`, `two_versions`, `published`, `withdrawn_site`)
rather than building its own. The summary at the end says how many builds the
session made; `make bench-tests` divides the suite's time by one build's."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from code_of_practice.testing import (ROOT, add_working_change, builds_by_test, builds_made,
                                      chromium, copy_project, end_session, heaviest_modules_first,
                                      mkdocs_build, once,
                                      relink_principle_one, serve, start_session)

# The address the published test site's downloads link to.
PUBLISHED_URL = "https://example.org/code/"


# -- the session: a data error stops it with its message; the build count at the end --

def pytest_configure(config):
    if not hasattr(config, "workerinput"):  # the controlling process, not an xdist worker
        config._cop_shared = start_session()
        _stop_on_a_data_error()


def pytest_unconfigure(config):
    end_session(getattr(config, "_cop_shared", None))


def _stop_on_a_data_error() -> None:
    """A mistake in the project's data or pages stops the run at once with the
    build's own message (file, line, clause and the fix), not as collection
    tracebacks: several test modules read the model when they are imported.
    Tests that break data on purpose work on copies, so they are not affected."""
    from code_of_practice.model.project import load_project
    from code_of_practice.model.yaml_lines import DataError, check_page_front_matter

    try:
        check_page_front_matter(ROOT / "docs", ROOT)
        load_project(ROOT)
    except DataError as err:
        raise pytest.UsageError(
            f"the project's data or pages have a mistake, so the tests did not run:\n{err}"
        ) from None


# Fixtures that build a site: a test that uses one is marked `build`, so that
# `-m "not build and not browser"` is the suite's layer tests alone (CI runs
# the marks in parallel jobs).
BUILDING_FIXTURES = {"site", "two_versions", "two_versions_relinked", "published",
                     "withdrawn_site", "served_site",
                     "broken_links_build",
                     "copy_site", "consulted", "tricky", "zensical_site", "site_with_downloads"}


def pytest_collection_modifyitems(config, items):
    for item in items:
        building = BUILDING_FIXTURES & set(item.fixturenames)
        if building:
            item.add_marker(pytest.mark.build)
        if building == {"site"}:
            item.add_marker(pytest.mark.project_site)
    items[:] = heaviest_modules_first(items)


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    if hasattr(config, "workerinput"):
        return
    counts = builds_made()
    total = sum(counts.values())
    detail = ", ".join(f"{n} {engine}" for engine, n in sorted(counts.items()))
    terminalreporter.write_sep("-", "site builds")
    terminalreporter.write_line(f"site builds made by this session: {total}"
                                + (f" ({detail})" if detail else ""))
    # Which tests (or the fixtures they set up) built: where a new build shows first.
    for asker, n in sorted(builds_by_test().items(), key=lambda item: (-item[1], item[0])):
        terminalreporter.write_line(f"  {n}  {asker}")


# -- the project and its built variants ---------------------------------------------------

@pytest.fixture(scope="session")
def root() -> Path:
    return ROOT


def _build(project: Path, site_dir: Path, **options) -> None:
    result = mkdocs_build(project, site_dir, **options)
    assert result.returncode == 0, f"strict build failed:\n{result.stderr}"


@pytest.fixture(scope="session")
def site(tmp_path_factory) -> Path:
    """The real site, built strictly once per test session."""
    def make(folder: Path) -> str:
        _build(ROOT, folder / "site")
        return str(folder / "site")
    return Path(once("site", make, tmp_path_factory.getbasetemp()))


def _two_versions(tmp_path_factory) -> list[str]:
    def make(folder: Path) -> list:
        project = copy_project(ROOT, folder / "project")
        add_working_change(project)
        relinked = relink_principle_one(project)
        _build(project, folder / "site")
        return [str(project), str(folder / "site"), relinked]
    return once("two-versions", make, tmp_path_factory.getbasetemp())


@pytest.fixture(scope="session")
def two_versions(tmp_path_factory) -> tuple[Path, Path]:
    """(project, site): a copy of the project with one clause reworded and the
    clauses of principle 1 that support Compact outcome 1 alone linked to
    outcome 2 as well, each with its record, since its latest release, and the
    strict build of it, for tests that need versions to compare. Read-only:
    tests that change it work on a copy."""
    project, site_dir, _ = _two_versions(tmp_path_factory)
    return Path(project), Path(site_dir)


@pytest.fixture(scope="session")
def two_versions_relinked(tmp_path_factory) -> list[str]:
    """The IDs of the clauses relinked in `two_versions`."""
    return _two_versions(tmp_path_factory)[2]


@pytest.fixture(scope="session")
def published(tmp_path_factory) -> dict:
    """The site as `make build` makes it, in a copy of the project: `cop build`,
    which runs `cop downloads` (from the model, into build/downloads), the strict
    build (which reads the downloads' manifest), then `cop post-build`. Returns
    the copy's root, its site folder, and what the steps printed."""
    def make(folder: Path) -> dict:
        copy = copy_project(ROOT, folder / "project")
        site_dir = copy / "site"
        env = {**os.environ, "SITE_URL": PUBLISHED_URL, "NO_MKDOCS_2_WARNING": "1"}
        cop = [sys.executable, "-m", "code_of_practice.cli"]
        built = subprocess.run([*cop, "build", "--site-dir", str(site_dir)], cwd=copy, env=env,
                               capture_output=True, text=True, timeout=900)
        assert built.returncode == 0, f"cop build failed:\n{built.stderr}"
        # One process prints every step: the downloads' progress, then the post-build's.
        return {"root": str(copy), "site": str(site_dir),
                "downloads": str(copy / "build" / "downloads"),
                "made": built.stderr, "post_build": built.stderr}
    result = once("published", make, tmp_path_factory.getbasetemp())
    return {**result, **{k: Path(result[k]) for k in ("root", "site", "downloads")},
            "base_url": PUBLISHED_URL}


@pytest.fixture(scope="session")
def withdrawn_site(tmp_path_factory):
    """(site, clause): a copy of the project with one clause withdrawn (and its
    record), built: the real site may have none, and a contributor can
    withdraw any clause."""
    from code_of_practice.model.project import load_project
    from code_of_practice.model.releases import working_version
    from code_of_practice.tasks.rehearsal import (clause_to_withdraw, drop_references_to,
                                                  withdraw)
    from code_of_practice.testing import record_change

    def make(folder: Path) -> list[str]:
        project = copy_project(ROOT, folder / "project")
        loaded = load_project(project)
        clause = clause_to_withdraw(loaded, set())
        drop_references_to(project, loaded, clause, working_version(project),
                           "A test relinking.")
        withdraw(project, clause, working_version(project), "Withdrawn to test its styling.")
        record_change(project, clause.id, "withdrawn")
        _build(project, folder / "site")
        return [str(folder / "site"), str(project), clause.id]
    site_dir, project, clause_id = once("withdrawn", make, tmp_path_factory.getbasetemp())
    return Path(site_dir), load_project(Path(project)).code.clause(clause_id)


@pytest.fixture
def project_copy(tmp_path):
    """A throwaway copy of the project to break on purpose."""
    return copy_project(ROOT, tmp_path / "project")


# The broken links and anchors that tests/test_links.py and tests/test_untrusted.py
# plant, all in one copy: MkDocs' strict mode reports every broken link of a
# build before it stops, so one build shows each message.
BROKEN_LINKS = {
    "docs/code/index.md": ["[broken](no-such-page.md)", "[bad anchor](1-risk.md#no-such-anchor)"],
    "docs/background/compact.md": ["See [the risk page](../code/1-risk.md#nowhere)."],
}


@pytest.fixture(scope="session")
def broken_links_build(tmp_path_factory) -> dict:
    """{"output": what the strict build printed, "returncode": its status,
    "lines": {page: the number of its last line before the planted links}}."""
    def make(folder: Path) -> dict:
        project = copy_project(ROOT, folder / "project")
        lines = {}
        for page, links in BROKEN_LINKS.items():
            path = project / page
            old = path.read_text(encoding="utf-8").splitlines()
            lines[page] = len(old)
            path.write_text("\n".join(old + [line for link in links for line in ("", link)])
                            + "\n", encoding="utf-8")
        result = mkdocs_build(project, folder / "site")
        return {"output": result.stdout + result.stderr, "returncode": result.returncode,
                "lines": lines}
    return once("broken-links", make, tmp_path_factory.getbasetemp())


# One Chromium for the whole session (per xdist worker): Playwright's sync API
# allows one instance at a time, so every browser test uses this one, and opens
# a context of its own.
@pytest.fixture(scope="session")
def browser():
    """One headless Chromium for all the browser tests."""
    with chromium() as launched:
        yield launched


@pytest.fixture(scope="session")
def served_site(site):
    """The base URL of the built site, served on 127.0.0.1."""
    with serve(site) as base_url:
        yield base_url
