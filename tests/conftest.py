"""Shared fixtures: the project's paths, a strict build of the real site, a
throwaway copy of the project, and a browser. The helpers behind them live in
code_of_practice.testing."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from code_of_practice.testing import (ROOT, add_working_change, chromium, copy_project,
                                      mkdocs_build, serve)

# The address the published test site's downloads link to.
PUBLISHED_URL = "https://example.org/code/"


@pytest.fixture(scope="session")
def root() -> Path:
    return ROOT


@pytest.fixture(scope="session")
def site(tmp_path_factory) -> Path:
    """The real site, built strictly once per test session."""
    site_dir = tmp_path_factory.mktemp("site")
    result = mkdocs_build(ROOT, site_dir)
    assert result.returncode == 0, f"strict build failed:\n{result.stderr}"
    return site_dir


@pytest.fixture(scope="session")
def two_versions(tmp_path_factory) -> tuple[Path, Path]:
    """(project, site): a copy of the project with one clause reworded since its
    latest release, and the strict build of it, for tests that need versions
    to compare."""
    project = copy_project(ROOT, tmp_path_factory.mktemp("two-versions") / "project")
    add_working_change(project)
    site_dir = project.parent / "site"
    result = mkdocs_build(project, site_dir)
    assert result.returncode == 0, f"strict build failed:\n{result.stderr}"
    return project, site_dir


@pytest.fixture(scope="session")
def published(tmp_path_factory) -> dict:
    """The site as `make build` makes it, in a copy of the project: `cop build`,
    which runs `cop downloads` (from the model, into build/downloads), the strict
    build (which reads the downloads' manifest), then `cop post-build`. Returns
    the copy's root, its site folder, and what the steps printed."""
    copy = copy_project(ROOT, tmp_path_factory.mktemp("published") / "project")
    site_dir = copy / "site"
    env = {**os.environ, "SITE_URL": PUBLISHED_URL, "NO_MKDOCS_2_WARNING": "1"}
    cop = [sys.executable, "-m", "code_of_practice.cli"]
    built = subprocess.run([*cop, "build", "--site-dir", str(site_dir)], cwd=copy, env=env,
                           capture_output=True, text=True, timeout=900)
    assert built.returncode == 0, f"cop build failed:\n{built.stderr}"
    # One process prints every step: the downloads' progress, then the post-build's.
    return {"root": copy, "site": site_dir, "downloads": copy / "build" / "downloads",
            "made": built.stderr, "post_build": built.stderr, "base_url": PUBLISHED_URL}


@pytest.fixture
def project_copy(tmp_path):
    """A throwaway copy of the project to break on purpose."""
    return copy_project(ROOT, tmp_path / "project")


# Browser fixtures are module-scoped on purpose: Playwright's sync API allows
# one instance at a time, so each module closes its browser before the next
# opens one.
@pytest.fixture(scope="module")
def browser():
    """One headless Chromium for all the tests of a module."""
    with chromium() as launched:
        yield launched


@pytest.fixture(scope="module")
def served_site(site):
    """The base URL of the built site, served on 127.0.0.1."""
    with serve(site) as base_url:
        yield base_url
