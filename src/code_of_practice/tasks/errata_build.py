"""Rebuild a released version with the errata found since it was released.

    cop errata-build --list                       the released versions that have errata
    cop errata-build --tag v1.0 --out DIR         the project to build version 1.0 from

A released version is published from its tag and never rewritten. Errata are
found later, on main (data/errata.yml). So that readers of an already
published version see its notices, the publish workflow rebuilds each
released version that has errata: this task makes a project folder with

  - this checkout's build machinery (mkdocs.yml, macros/, overrides/; the
    installed `cop` is this checkout's code), which knows how to show errata;
  - the tag's content (docs/, data/, releases/), exactly as released;
  - this checkout's data/errata.yml, the one file that changes.

It then checks that the folder builds as that release and nothing else (its
clauses equal the release snapshot), so the version's text is never changed:
only the notices and the downloads' errata are added. The workflow then runs
`cop downloads`, `mike deploy` and `cop publish` on the folder, as for a tag.
"""

from __future__ import annotations

import io
import shutil
import subprocess
import tarfile
from pathlib import Path

from code_of_practice.model.errata import ERRATA_FILE
from code_of_practice.model.project import Project
from code_of_practice.model.yaml_lines import DataError
from code_of_practice.tasks.builds import copy_project
from code_of_practice.tasks.publish import TAG

MACHINERY = ("mkdocs.yml", "macros", "overrides")
CONTENT = ("docs", "data", "releases")


class ErrataBuildError(Exception):
    pass


def versions_with_errata(root: Path) -> list[str]:
    """The released versions that data/errata.yml has errata for, oldest first."""
    project = Project.read(Path(root))
    released = [r.version for r in project.releases]
    return [v for v in released if any(e.version == v for e in project.errata)]


def errata_build(root: Path, tag: str, out: Path) -> Path:
    """Make `out`: release `tag`'s content with this checkout's machinery and
    errata. Raises ErrataBuildError with what went wrong."""
    root, out = Path(root), Path(out)
    match = TAG.match(tag or "")
    if not match:
        raise ErrataBuildError(f"tag {tag!r} is not of the form vX.Y (for example v1.0).")
    version = f"{match[1]}.{match[2]}"
    archive = subprocess.run(["git", "archive", "--format=tar", tag, *CONTENT], cwd=root,
                             capture_output=True)
    if archive.returncode != 0:
        raise ErrataBuildError(f"tag {tag}: git could not read its content "
                               f"({archive.stderr.decode(errors='replace').strip()}).")
    if out.exists():
        shutil.rmtree(out)
    copy_project(root, out, MACHINERY)
    with tarfile.open(fileobj=io.BytesIO(archive.stdout)) as tar:
        tar.extractall(out, filter="data")
    shutil.copy2(root / ERRATA_FILE, out / ERRATA_FILE)
    try:
        project = Project.read(out)
    except DataError as err:
        raise ErrataBuildError(f"tag {tag} with this checkout's {ERRATA_FILE}: {err}") from None
    edition = project.edition
    if not edition["released"] or edition["version"] != version:
        raise ErrataBuildError(f"tag {tag} does not build as release {version} "
                               f"(it builds as {edition['version']}, {edition['status']}).")
    return out
