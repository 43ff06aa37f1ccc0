"""Shared fixtures: the project's paths, a strict build of the real site, a
throwaway copy of the project, and a browser. The helpers behind them live in
code_of_practice.testing."""

from __future__ import annotations

from pathlib import Path

import pytest

from code_of_practice.testing import ROOT, chromium, copy_project, mkdocs_build, serve


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
