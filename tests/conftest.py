"""Shared fixtures: the project's paths, a strict build of the real site, and
a helper that builds a copy of the project with one file changed."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "macros"))
sys.path.insert(0, str(ROOT / "scripts"))

BUILD_ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
# What a copy of the project needs to build.
PROJECT_PARTS = ("mkdocs.yml", "docs", "macros", "overrides", "data", "releases")


def mkdocs_build(project: Path, site_dir: Path) -> subprocess.CompletedProcess:
    """`mkdocs build --strict` of a project folder; returns the finished process."""
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--clean",
         "--site-dir", str(site_dir)],
        cwd=project, env=BUILD_ENV, capture_output=True, text=True, timeout=600,
    )


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
    copy = tmp_path / "project"
    copy.mkdir()
    for part in PROJECT_PARTS:
        source = ROOT / part
        if source.is_dir():
            shutil.copytree(source, copy / part)
        else:
            shutil.copy2(source, copy / part)
    return copy


def read_html(site: Path, page: str) -> str:
    """The HTML of a built page, given its URL path such as 'code/1-risk/'."""
    return (site / page / "index.html").read_text(encoding="utf-8")
