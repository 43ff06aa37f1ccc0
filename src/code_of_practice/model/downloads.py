"""The downloads: which files exist, and the manifest that says how big they are.

One registry for the page links, the downloads step and the tests. The files
are made from the model, before and apart from the site build, by
`cop downloads` (outputs/downloads.py), into build/downloads/ with a
manifest.json beside them. The checklist pages read the manifest to show each
file's size; the post-build step copies the files into the site's downloads/.

The manifest counts only while it matches the sources: it records the
fingerprint of the files the model reads (model/project.py), and a manifest
made from other sources is ignored, so a page never shows a stale size.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from code_of_practice.model.checklists import Checklist, all_checklists
from code_of_practice.model.code import Code
from code_of_practice.model.project import fingerprint

# Where the files go in the built site; their names never change between
# versions, so links to them keep working (the version is inside each file).
SITE_FOLDER = "downloads"
# Where `cop downloads` writes them by default, under the project folder.
BUILD_FOLDER = Path("build") / "downloads"
MANIFEST = "manifest.json"
# The whole code as one document, and the page that links to it ({{ code_downloads() }}).
CODE_SLUG = "code-of-practice"
CODE_PAGE = "code/index.md"
# The response form of each consultation not yet reported on, and its page.
FORM_SLUG = "response-form-"
CONSULTATIONS_PAGE = "changes/consultations.md"


@dataclass(frozen=True)
class Format:
    ext: str
    kind: str  # how a link names the format, as in "(PDF, 143 KB)": the extension
    label: str  # what the link says


CHECKLIST_FORMATS: tuple[Format, ...] = (
    Format("pdf", "PDF", "Printable form"),
    Format("docx", "DOCX", "Word document"),
    Format("odt", "ODT", "OpenDocument text"),
    Format("xlsx", "XLSX", "Excel workbook"),
    Format("ods", "ODS", "OpenDocument spreadsheet"),
    Format("csv", "CSV", "CSV file"),
)
CODE_FORMATS: tuple[Format, ...] = (
    Format("pdf", "PDF", "Printable document"),
    Format("docx", "DOCX", "Word document"),
    Format("odt", "ODT", "OpenDocument text"),
)
FORM_FORMATS: tuple[Format, ...] = (
    Format("odt", "ODT", "OpenDocument text"),
    Format("docx", "DOCX", "Word document"),
)


@dataclass(frozen=True)
class Download:
    name: str  # file name, such as partners.xlsx
    format: Format
    checklist: Checklist | None  # None for the whole code or a response form
    consultation: str = ""  # the consultation ID of a response form

    @property
    def page(self) -> str:
        """The page that links to it (docs/-relative)."""
        if self.consultation:
            return CONSULTATIONS_PAGE
        return self.checklist.page if self.checklist else CODE_PAGE


def checklist_downloads(chosen: Checklist) -> list[Download]:
    return [Download(f"{chosen.slug}.{f.ext}", f, chosen)
            for f in CHECKLIST_FORMATS]


def code_downloads() -> list[Download]:
    return [Download(f"{CODE_SLUG}.{f.ext}", f, None) for f in CODE_FORMATS]


def form_downloads(consultations=(), today=None) -> list[Download]:
    """A response form, in each of FORM_FORMATS, for each consultation planned or
    open on the day (default today); the form itself gives the dates it is open."""
    return [Download(f"{FORM_SLUG}{c.id.lower()}.{f.ext}", f, None, consultation=c.id)
            for c in consultations if c.state(today) in ("planned", "open")
            for f in FORM_FORMATS]


def all_downloads(code: Code, consultations=()) -> list[Download]:
    """Every file the downloads step makes, in the order it makes them."""
    out = code_downloads()
    for chosen in all_checklists(code):
        out += checklist_downloads(chosen)
    return out + form_downloads(consultations)


def human_size(size: int) -> str:
    if size < 1024:
        return f"{size} bytes"
    if size < 1024 * 1024:
        return f"{max(1, round(size / 1024))} KB"
    return f"{size / (1024 * 1024):.1f} MB"


def manifest_path(root: Path, folder: Path | None = None) -> Path:
    return Path(folder or Path(root) / BUILD_FOLDER) / MANIFEST


def read_manifest(root: Path, folder: Path | None = None) -> dict | None:
    """The manifest of the downloads made from these sources, or None when
    there is none (as under `mkdocs serve` before `cop downloads`) or it was
    made from other sources."""
    path = manifest_path(root, folder)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (FileNotFoundError, ValueError):
        return None
    if not isinstance(data, dict) or data.get("fingerprint") != fingerprint(Path(root).resolve()):
        return None
    return data


def size_of(manifest: dict | None, name: str) -> int | None:
    """A file's size in bytes from the manifest, or None if it is not there."""
    entry = (manifest or {}).get("files", {}).get(name)
    return entry.get("size") if isinstance(entry, dict) else None
