"""Make every download from the model, then copy them into the built site.

Three steps, so that the pages can show each file's size without anything
patching the built HTML:

1. Before the build, `cop downloads` (make_downloads) writes every file
   model/downloads.py lists into build/downloads/, from the model alone, and
   a manifest.json with each file's size and checksum, the sources'
   fingerprint and the address the files link to. It prints its progress.

       code-of-practice.pdf/.docx/.odt the whole code as one document
       <slug>.pdf                       each checklist as a form to print
       <slug>.docx, <slug>.odt          ... as a Word and an OpenDocument text document
       <slug>.xlsx, <slug>.ods          ... as a workbook with a drop-down per item
       <slug>.csv                       ... as a CSV file

2. The build reads the manifest (render/checklists.download_links), so each
   checklist page and the code's index page give every format with its size.

3. After the build, the post-build step (copy_downloads, in
   outputs/postbuild.STEPS) copies the files into the site's downloads/
   folder, after checking that the manifest still matches the sources, that
   the files link to the site being published and that the pages show the
   manifest's sizes.

The file names never change from one version to the next, so links to them
never break; the version is inside each file and on its first page or sheet.

Each format model/downloads.py lists has one writer here (WRITERS): a format
without a writer stops the import of this module, so it can never be written
as some other format under its extension.
"""

from __future__ import annotations

import hashlib
from dataclasses import replace
import json
import re
import shutil
import time
from dataclasses import dataclass
from pathlib import Path

from code_of_practice.model.checklists import all_checklists
from code_of_practice.model.downloads import (BUILD_FOLDER, CHECKLIST_FORMATS, CODE_FORMATS,
                                              FORM_FORMATS, MANIFEST, SITE_FOLDER, Download,
                                              all_downloads, human_size, manifest_path)
from code_of_practice.model.project import Project, fingerprint
from code_of_practice.model.provenance import provenance_line
from code_of_practice.model.urls import site_url
from code_of_practice.outputs.browser import BrowserError, find_chromium, launch_chromium
from code_of_practice.outputs.download_text import ChecklistDoc, CodeDoc, checklist_doc, code_doc
from code_of_practice.outputs.errata import errata_lines
from code_of_practice.outputs.csv_files import csv_rows, write_csv
from code_of_practice.outputs.opendocument import write_checklist_odt, write_code_odt
from code_of_practice.outputs.pdfs import (checklist_html, footer_template, write_code_pdf,
                                           write_pdf)
from code_of_practice.outputs.response_form import (response_form, write_form_docx,
                                                    write_form_odt)
from code_of_practice.outputs.word import write_checklist_docx, write_code_docx
from code_of_practice.outputs.workbooks import write_ods, write_xlsx

SIZE_SPAN = re.compile(
    r'<span class="download-size" data-download="(?P<file>[^"]+)">(?P<text>.*?)</span>', re.S)


class DownloadError(Exception):
    """A problem the person running the step must fix; printed without a traceback."""


@dataclass
class Made:
    name: str
    kind: str  # the extension: pdf, docx, odt, xlsx, ods or csv
    path: Path
    size: int
    seconds: float


@dataclass(frozen=True)
class Job:
    """What a writer needs to make one file."""

    path: Path
    item: Download
    project: Project
    base_url: str
    page: object  # a Playwright page, for the formats printed by Chromium
    whole: CodeDoc
    doc: ChecklistDoc | None  # None for the whole code
    comments_email: str = ""  # where a response form says to send it ("" for none)


def _code_pdf(job: Job) -> None:
    write_code_pdf(job.page, job.whole, job.path, footer_template("The code",
                                                                  job.project.edition))


def _code_docx(job: Job) -> None:
    write_code_docx(job.path, job.whole)


def _checklist_pdf(job: Job) -> None:
    write_pdf(job.page, checklist_html(job.doc), job.path,
              footer_template(job.doc.title, job.project.edition))


def _checklist_csv(job: Job) -> None:
    edition = job.project.edition
    write_csv(job.path, csv_rows(job.project.code, job.item.checklist.key, job.base_url,
                                 edition["version"], provenance_line(edition)))


def _form(job: Job):
    consultation = next(c for c in job.project.history.consultations
                        if c.id == job.item.consultation)
    return response_form(job.project, consultation, job.base_url, job.comments_email)


# One writer per format: (what the file holds, extension) -> writer. "code" is
# the whole code as one document, "checklist" each checklist, "form" the
# response form of a consultation.
WRITERS = {
    ("code", "pdf"): _code_pdf,
    ("code", "docx"): _code_docx,
    ("code", "odt"): lambda job: write_code_odt(job.path, job.whole),
    ("checklist", "pdf"): _checklist_pdf,
    ("checklist", "docx"): lambda job: write_checklist_docx(job.path, job.doc),
    ("checklist", "odt"): lambda job: write_checklist_odt(job.path, job.doc),
    ("checklist", "xlsx"): lambda job: write_xlsx(job.path, job.doc),
    ("checklist", "ods"): lambda job: write_ods(job.path, job.doc),
    ("checklist", "csv"): _checklist_csv,
    ("form", "odt"): lambda job: write_form_odt(job.path, _form(job)),
    ("form", "docx"): lambda job: write_form_docx(job.path, _form(job)),
}


def missing_writers() -> list[str]:
    """The formats model/downloads.py lists that have no writer here."""
    wanted = [("code", f.ext) for f in CODE_FORMATS] + \
             [("checklist", f.ext) for f in CHECKLIST_FORMATS] + \
             [("form", f.ext) for f in FORM_FORMATS]
    return [f"{what} .{ext}" for what, ext in wanted if (what, ext) not in WRITERS]


if missing_writers():
    raise ImportError(f"outputs/downloads.py: no writer for {', '.join(missing_writers())}. "
                      "Add one to WRITERS for each format model/downloads.py lists.")


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def make_downloads(project: Project, out_dir: Path | None = None, *, base_url: str,
                   chromium: str | None = None, log=None, comments_email: str = "") -> list[Made]:
    """Write every download and the manifest into out_dir (default build/downloads).
    comments_email is the checked address for comments ("" for none): the
    response forms say to send them there."""
    out_dir = Path(out_dir or project.root / BUILD_FOLDER)
    log = log or (lambda message: None)
    code, edition = project.code, project.edition
    wanted = all_downloads(code, project.history.consultations)
    lists = {c.slug: c for c in all_checklists(code)}
    errata = errata_lines(project)  # a released version's downloads carry its errata
    docs = {slug: replace(checklist_doc(code, chosen, edition, base_url), errata=errata)
            for slug, chosen in lists.items()}
    whole = replace(code_doc(code, edition, project.glossary, base_url), errata=errata)

    try:
        executable = find_chromium(chromium)
    except BrowserError as err:
        raise DownloadError(str(err)) from None
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        raise DownloadError("the Python package playwright is missing: run `make setup` "
                            "(it is in requirements.txt).") from None

    out_dir.mkdir(parents=True, exist_ok=True)
    stale = out_dir / MANIFEST
    stale.unlink(missing_ok=True)  # no manifest while the files are half made
    made: list[Made] = []

    def make(item: Download, page) -> None:
        started = time.perf_counter()
        path = out_dir / item.name
        ext = item.format.ext
        what = ("form" if item.consultation else
                "code" if item.checklist is None else "checklist")
        doc = None if item.checklist is None else docs[item.checklist.slug]
        WRITERS[what, ext](Job(path, item, project, base_url, page, whole, doc, comments_email))
        done = Made(item.name, ext, path, path.stat().st_size, time.perf_counter() - started)
        made.append(done)
        log(f"[{len(made)}/{len(wanted)}] {ext.upper()} {item.name} … "
            f"{human_size(done.size)} in {done.seconds:.1f} s")

    with sync_playwright() as playwright:
        try:
            browser = launch_chromium(playwright, executable)
        except BrowserError as err:
            raise DownloadError(str(err)) from None
        try:
            page = browser.new_context(locale="en-GB").new_page()
            for item in wanted:
                make(item, page)
        finally:
            browser.close()

    manifest = {
        "fingerprint": fingerprint(project.root),
        "version": edition["version"],
        "status": edition["status"],
        "base_url": base_url,
        "comments_email": comments_email,
        "files": {m.name: {"size": m.size, "sha256": sha256(m.path)} for m in made},
    }
    stale.write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
    return made


# -- after the build ----------------------------------------------------------------------

def load_manifest(project: Project, folder: Path | None = None) -> dict:
    """The manifest of downloads made from these sources, or a DownloadError saying
    what to run."""
    path = manifest_path(project.root, folder)
    if not path.is_file():
        raise DownloadError(f"no downloads have been made ({path} is missing). Make them "
                            "before the build: `cop downloads`, then build the site again "
                            "(`make build` does both).")
    manifest = json.loads(path.read_text(encoding="utf-8"))
    if manifest.get("fingerprint") != fingerprint(project.root):
        raise DownloadError(f"the downloads in {path.parent} were made from other sources "
                            "(a clause, a release or the data changed since). Make them "
                            "again with `cop downloads`, then build the site again.")
    return manifest


def copy_downloads(project: Project, site_dir: Path, *, base_url: str,
                   folder: Path | None = None, log=None) -> list[Path]:
    """The post-build step: check, then copy every download into site_dir/downloads."""
    log = log or (lambda message: None)
    site_dir = Path(site_dir).resolve()
    folder = Path(folder or project.root / BUILD_FOLDER)
    manifest = load_manifest(project, folder)
    if manifest.get("base_url") != base_url:
        raise DownloadError(
            f"the downloads link to {manifest.get('base_url')}, but this site is published "
            f"at {base_url}. Make them for it: `cop downloads --base-url {base_url}` (or "
            "--version for a version mike deploys), then build again.")
    check_pages_show(site_dir, project, manifest)
    target = site_dir / SITE_FOLDER
    target.mkdir(parents=True, exist_ok=True)
    copied = []
    for item in all_downloads(project.code, project.history.consultations):
        entry = manifest["files"].get(item.name)
        source = folder / item.name
        if entry is None or not source.is_file() or sha256(source) != entry["sha256"]:
            raise DownloadError(f"{source} is missing or not the file the manifest lists. "
                                "Make the downloads again with `cop downloads`.")
        shutil.copyfile(source, target / item.name)
        copied.append(target / item.name)
    log(f"copied {len(copied)} files from {folder} into {target}")
    return copied


def check_pages_show(site_dir: Path, project: Project, manifest: dict) -> None:
    """Every checklist page and the code's index must link to each of its
    downloads with the size the manifest gives: else the site was built before
    the downloads were made, or without them."""
    problems = []
    pages: dict[str, list[Download]] = {}
    for item in all_downloads(project.code, project.history.consultations):
        pages.setdefault(item.page, []).append(item)
    for page, items in pages.items():
        built = site_dir / site_url(page) / "index.html"
        if not built.is_file():
            problems.append(f"{site_url(page)}index.html is missing from {site_dir}: build "
                            "the site first.")
            continue
        spans = {m["file"]: m["text"] for m in SIZE_SPAN.finditer(built.read_text("utf-8"))}
        for item in items:
            size = human_size(manifest["files"][item.name]["size"])
            want = f"({item.format.kind}, {size})"
            if item.name not in spans:
                problems.append(f"{page}: no download link for {item.name}.")
            elif spans[item.name] != want:
                problems.append(f"{page}: the link to {item.name} says {spans[item.name]}, "
                                f"not {want}: the site was built before the downloads were "
                                "made. Build it again after `cop downloads`.")
    if problems:
        raise DownloadError("\n".join(problems))
