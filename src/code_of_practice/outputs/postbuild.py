"""The steps that run after the site is built, in order.

`make build`, the publish workflow (through `cop publish`) and the tests all
run this one list, with either engine: `cop post-build --site-dir site`.

One step runs before the build: `cop downloads` makes the downloads from the
model (outputs/downloads.py), so that the build can show their sizes; the
"downloads" step below copies them into the built site.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urljoin

import yaml

from code_of_practice.model.project import Project
from code_of_practice.model.site_html import check_site, refusal_report
from code_of_practice.model.downloads import human_size
from code_of_practice.outputs.downloads import copy_downloads
from code_of_practice.outputs.exports import write_exports
from code_of_practice.outputs.feed import write_feed
from code_of_practice.outputs.mappings import write_mappings
from code_of_practice.outputs.schemas import write_schemas


class PostBuildError(Exception):
    """A step could not run; the message says why and what to do."""


@dataclass(frozen=True)
class Step:
    name: str
    describe: str
    run: Callable[..., list[Path]]


def _exports(project: Project, site_dir: Path, base_url: str, log) -> list[Path]:
    return write_exports(project, site_dir, base_url)


def _schemas(project: Project, site_dir: Path, base_url: str, log) -> list[Path]:
    return write_schemas(project, Path(site_dir) / "schemas", base_url)


def _mappings(project: Project, site_dir: Path, base_url: str, log) -> list[Path]:
    return write_mappings(project, site_dir, base_url)


def _feed(project: Project, site_dir: Path, base_url: str, log) -> list[Path]:
    return write_feed(project, site_dir, base_url)


def _downloads(project: Project, site_dir: Path, base_url: str, log) -> list[Path]:
    return copy_downloads(project, site_dir, base_url=base_url, log=log)


def _content(project: Project, site_dir: Path, base_url: str, log) -> list[Path]:
    """The allow-list check of the content's HTML (model/site_html.py): MkDocs
    runs it at the end of its build; Zensical does not, so it runs here too."""
    problems = check_site(site_dir, project.root)
    if problems:
        raise PostBuildError(refusal_report(problems))
    return []


STEPS: tuple[Step, ...] = (
    Step("content", "the allow-list check of the HTML every page's content became", _content),
    Step("schemas", "the JSON Schemas of every file the project reads or publishes "
         "(schemas/*.schema.json)", _schemas),
    Step("exports", "the JSON exports (data/code.json, data/changelog.json)", _exports),
    Step("mappings", "which clauses support which item of each framework "
         "(data/mappings/*.json)", _mappings),
    Step("feed", "the Atom feed of releases and consultations (feed.xml)", _feed),
    Step("downloads", "the downloads `cop downloads` made (the code as one document, and each "
         "checklist as PDF, Word, OpenDocument text, Excel, OpenDocument spreadsheet and CSV), "
         "copied into the site",
         _downloads),
)


def base_url_for(root: Path) -> str:
    """The published address: $SITE_URL (set by the workflows and by mike),
    else the fallback in mkdocs.yml."""
    if os.environ.get("SITE_URL"):
        return os.environ["SITE_URL"]

    class EnvLoader(yaml.SafeLoader):
        pass

    # mkdocs.yml's `!ENV [NAME, fallback]`: the fallback, as NAME is unset.
    EnvLoader.add_constructor("!ENV", lambda loader, node: loader.construct_sequence(node)[-1])
    config = yaml.load((Path(root) / "mkdocs.yml").read_text(encoding="utf-8"), Loader=EnvLoader)
    return config["site_url"]


def version_url(site_url: str, version: str) -> str:
    """A version's own address, as mike's plugin makes site_url for its build."""
    return urljoin(site_url if site_url.endswith("/") else site_url + "/", f"{version}/")


def run_post_build(project: Project, site_dir: Path, *, base_url: str | None = None,
                   log: Callable[[str], None] = print) -> list[Path]:
    """Run every step on a built site; returns the files written."""
    site_dir = Path(site_dir).resolve()
    if not (site_dir / "index.html").is_file():
        raise PostBuildError(f"{site_dir} holds no built site. Build it first: "
                             f"mkdocs build --strict --site-dir {site_dir}")
    base_url = base_url or base_url_for(project.root)
    written: list[Path] = []
    for step in STEPS:
        log(f"{step.name}: {step.describe}")
        files = step.run(project, site_dir, base_url, log)
        size = sum(path.stat().st_size for path in files)
        log(f"{step.name}: {len(files)} files, {human_size(size)}")
        written += files
    return written
