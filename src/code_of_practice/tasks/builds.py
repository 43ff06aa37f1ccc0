"""Copies of the project and builds of them, for the benchmark, the release
rehearsal and the tests."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

# What a copy of the project needs to build (the package itself is installed).
PROJECT_PARTS = ("mkdocs.yml", "docs", "macros", "overrides", "data", "releases")
BUILD_ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}  # as at import: prefer build_env()
# Set by the test suite (code_of_practice.testing): the folder of the builds it
# shares between tests, and the file every site build appends one line to.
SHARED_ENV = "COP_TEST_SHARED"
BUILD_LOG_ENV = "COP_BUILD_LOG"


def build_env(extra: dict | None = None) -> dict:
    """The environment for a build: this process's as it is now, MkDocs 2's
    notice off, and `extra`."""
    return {**os.environ, "NO_MKDOCS_2_WARNING": "1", **(extra or {})}


def find_root(start: Path | None = None) -> Path:
    """The project folder: the nearest folder at or above start (default: the
    current one) that holds mkdocs.yml and docs/code."""
    here = Path(start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / "mkdocs.yml").is_file() and (folder / "docs" / "code").is_dir():
            return folder
    raise SystemExit(f"no project found at or above {here}: run this from the "
                     "repository's folder (it holds mkdocs.yml and docs/code/).")


def copy_project(root: Path, dest: Path, parts: tuple[str, ...] = PROJECT_PARTS) -> Path:
    """Copy the parts of the project at root that a build reads into dest."""
    dest.mkdir(parents=True, exist_ok=True)
    for part in parts:
        source = Path(root) / part
        if source.is_dir():
            shutil.copytree(source, dest / part)
        elif source.exists():
            shutil.copy2(source, dest / part)
    return dest


def mkdocs_build(project: Path, site_dir: Path, *, strict: bool = True,
                 timeout: int = 600, env: dict | None = None) -> subprocess.CompletedProcess:
    """`mkdocs build` of a project folder, with `env` added to the environment;
    returns the finished process."""
    command = [sys.executable, "-m", "mkdocs", "build", "--clean", "--site-dir", str(site_dir)]
    if strict:
        command.insert(4, "--strict")
    return subprocess.run(command, cwd=project, env=build_env(env),
                          capture_output=True, text=True, timeout=timeout)


def zensical_binary() -> Path | None:
    """Zensical, installed beside MkDocs from requirements.txt (or $ZENSICAL)."""
    for candidate in (os.environ.get("ZENSICAL"), Path(sys.executable).with_name("zensical")):
        if candidate and Path(candidate).exists():
            return Path(candidate)
    return None


def zensical_build(project: Path, *, env: dict | None = None,
                   timeout: int = 600) -> subprocess.CompletedProcess:
    """`zensical build --clean` in a project folder (it builds into site/)."""
    binary = zensical_binary()
    if binary is None:
        raise SystemExit("zensical is not installed: run `make setup`.")
    # Zensical calls define_env once per page, so its builds are counted here.
    log = os.environ.get(BUILD_LOG_ENV)
    if log:
        with open(log, "a", encoding="utf-8") as file:
            asker = os.environ.get("PYTEST_CURRENT_TEST", "").rsplit(" ", 1)[0]
            file.write(f"zensical\t{project}\t{asker}\n")
    return subprocess.run([str(binary), "build", "--clean"], cwd=project,
                          env=build_env(env), capture_output=True, text=True,
                          timeout=timeout)
