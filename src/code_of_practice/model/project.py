"""Everything read from a project folder, loaded once and cached.

MkDocs calls the macros' `define_env` once per build; Zensical calls it once
per page. Both get the same Project object for as long as the source files
are unchanged: the cache is keyed on the project's folder and a fingerprint
of every file the model reads (path, size and modification time).
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from pathlib import Path

from code_of_practice.model.adopters import load_adopters
from code_of_practice.model.release_state import closed_consultation, release_state
from code_of_practice.model.code import Code, load_code
from code_of_practice.model.deletions import explain_deleted_clauses
from code_of_practice.model.files import refuse_unsafe_files
from code_of_practice.model.errata import Erratum, load_errata
from code_of_practice.model.glossary import load_glossary
from code_of_practice.model.history import History, build_history
from code_of_practice.model.releases import Release, edition, load_releases
from code_of_practice.model.yaml_lines import DataError
from code_of_practice.model.reviews import Review, load_reviews

# The files the model reads, as (folder, pattern) under the project root.
SOURCES = (("docs/code", "*.md"), ("data", "*.yml"), ("releases", "*.json"),
           ("docs/includes", "glossary.md"))
# Set this to a file name to have every real (uncached) load append a line to
# it: how the tests show that an engine loads the model once per build.
TRACE_ENV = "COP_TRACE_LOADS"


@dataclass(frozen=True)
class Project:
    root: Path
    code: Code
    releases: list[Release]
    edition: dict
    history: History
    glossary: dict[str, str]
    adopters: tuple = ()  # data/adopters.yml (model/adopters.py)
    # data/errata.yml (model/errata.py) and data/reviews.yml (model/reviews.py)
    errata: tuple[Erratum, ...] = ()
    reviews: tuple[Review, ...] = ()

    @classmethod
    def read(cls, root: Path) -> "Project":
        """Read and validate the project (no cache). Raises DataError."""
        root = Path(root)
        refuse_unsafe_files(root)
        try:
            code = load_code(root)
        except DataError as err:
            raise explain_deleted_clauses(root, err) from None
        releases = load_releases(root)
        current = edition(code, releases, root)
        history = build_history(root, code, releases, current)
        if current["released"]:
            # A consultation draft whose consultation has closed is no longer out for it.
            current["state"] = release_state(releases[-1], releases, consultation_closed=
                                             closed_consultation(history.consultations,
                                                                 releases[-1].version))
        project = cls(
            root=root,
            code=code,
            releases=releases,
            edition=current,
            history=history,
            glossary=load_glossary(root / "docs" / "includes" / "glossary.md"),
            adopters=load_adopters(root, {r.version: r.date for r in releases}),
            errata=tuple(load_errata(root, releases, built_version=current["version"])),
            reviews=tuple(load_reviews(
                root, {c for v in history.versions for c in _clause_ids(history, v.version)}
                | {c.id for c in code.clauses},
                [v.version for v in history.versions])),
        )
        trace = os.environ.get(TRACE_ENV)
        if trace:
            with open(trace, "a", encoding="utf-8") as handle:
                handle.write(f"loaded {root}\n")
        return project


def _clause_ids(history: History, version: str) -> set[str]:
    """Every clause ID of a released version's snapshot."""
    return {c["id"] for r in history.releases if r.version == version
            for c in r.content["clauses"]}


def fingerprint(root: Path) -> str:
    digest = hashlib.sha256()
    for folder, pattern in SOURCES:
        for path in sorted((root / folder).glob(pattern)):
            stat = path.stat()
            digest.update(f"{path.relative_to(root)}\0{stat.st_size}\0{stat.st_mtime_ns}\n"
                          .encode("utf-8"))
    return digest.hexdigest()


_CACHE: dict[Path, tuple[str, Project]] = {}


def load_project(root: Path) -> Project:
    """The project at root, read once and reused until a source file changes."""
    root = Path(root).resolve()
    refuse_unsafe_files(root)
    key = fingerprint(root)
    cached = _CACHE.get(root)
    if cached and cached[0] == key:
        return cached[1]
    project = Project.read(root)
    _CACHE[root] = (key, project)
    return project
