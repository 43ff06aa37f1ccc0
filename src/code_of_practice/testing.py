"""Helpers for the test suite, in one importable place (tests never import
each other). The fixtures that use them are in tests/conftest.py."""

from __future__ import annotations

import os
from pathlib import Path

from code_of_practice.outputs.browser import chromium, serve  # noqa: F401 (for the tests)
from code_of_practice.tasks.builds import (BUILD_ENV, PROJECT_PARTS, copy_project,  # noqa: F401
                                           mkdocs_build, zensical_build)
from code_of_practice.model.releases import working_version
from code_of_practice.tasks.linkcheck import check_site  # noqa: F401 (for the tests)
from code_of_practice.tasks.rehearsal import PROJECT_ROOT_ENV, add_record

# The project the tests check: the repository this package was installed from
# (editable install), or the copy named by $COP_PROJECT_ROOT (the release
# rehearsal runs the fast tests on its copy after each release).
ROOT = Path(os.environ.get(PROJECT_ROOT_ENV) or Path(__file__).resolve().parents[2]).resolve()


def read_html(site: Path, page: str) -> str:
    """The HTML of a built page, given its URL path such as 'code/1-risk/'."""
    return (Path(site) / page / "index.html").read_text(encoding="utf-8")


def site_pages(site_dir: Path) -> list[str]:
    """URL paths ('' for the home page, 'code/1-risk/', ...) of every built page,
    skipping the search index and assets."""
    pages = []
    for index in sorted(Path(site_dir).rglob("index.html")):
        rel = index.parent.relative_to(site_dir)
        if rel.parts and rel.parts[0] in ("search", "assets", "downloads"):
            continue
        pages.append("" if not rel.parts else "/".join(rel.parts) + "/")
    return pages


def record_change(project: Path, clause_id: str, kind: str,
                  reason: str = "A change made by a test.") -> str:
    """Add a change record for a clause to a copy's data/changes.yml, for the
    version being worked on (read from the copy); return that version."""
    version = working_version(project)
    add_record(Path(project), version, clause_id, kind, reason)
    return version
