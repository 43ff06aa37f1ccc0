"""Make each checklist's downloads after the build: a CSV and a PDF.

A post-build step (outputs/postbuild.py): `cop post-build --site-dir site`.

For every checklist this writes, under the built site:

    downloads/<slug>.csv   UTF-8 with a byte order mark, CRLF line ends, one
                           row per item (the columns of checklists.csv_rows)
    downloads/<slug>.pdf   the built checklist page printed to A4 by headless
                           Chromium, with the code's version and "Page n of m"
                           in the footer

The names never change from one version to the next, so links to them never
break; the version is inside each file. Last, each built page's
`<span class="download-size" data-download="...">` gets the file's type and
size, such as "(PDF, 143 KB)", in place of "(made when the site is published)".

Chromium: see outputs/browser.find_chromium. Stops with a DownloadError when a
checklist page is missing or no Chromium can be started.
"""

from __future__ import annotations

import html
import json
import re
import time
from dataclasses import dataclass
from pathlib import Path

from code_of_practice.model.checklists import Checklist, all_checklists
from code_of_practice.model.project import Project
from code_of_practice.model.urls import site_url
from code_of_practice.outputs.browser import BrowserError, find_chromium, launch_chromium, serve
from code_of_practice.outputs.csv_files import csv_rows, write_csv

DOWNLOAD_DIR = "downloads"
NOT_YET = "(made when the site is published)"
# The same margins as @page in docs/assets/stylesheets/print.css.
MARGINS = {"top": "16mm", "right": "15mm", "bottom": "18mm", "left": "15mm"}
NO_MARGIN_BOXES = ("@page { @bottom-left { content: none; } @bottom-right { content: none; } "
                   "@top-left { content: none; } @top-right { content: none; } }")
SIZE_SPAN = re.compile(
    r'(<span class="download-size" data-download="(?P<file>[^"]+)">)(?P<text>.*?)(</span>)',
    re.S)


class DownloadError(Exception):
    """A problem the person running the step must fix; printed without a traceback."""


@dataclass
class Made:
    slug: str
    kind: str  # "csv" or "pdf"
    path: Path
    size: int
    seconds: float



def human_size(size: int) -> str:
    if size < 1024:
        return f"{size} bytes"
    if size < 1024 * 1024:
        return f"{max(1, round(size / 1024))} KB"
    return f"{size / (1024 * 1024):.1f} MB"


def page_path(site_dir: Path, chosen: Checklist) -> Path:
    return site_dir / site_url(chosen.page) / "index.html"


def footer_template(title: str, edition_info: dict) -> str:
    version = f"version {edition_info['version']} ({edition_info['status']})"
    text = html.escape(f"{title} · {version}")
    # Chromium's header and footer have their own tiny default font and no margins.
    return (
        '<div style="box-sizing:border-box;width:100%;padding:0 15mm;display:flex;'
        'justify-content:space-between;gap:8mm;font-size:8pt;color:#000;'
        "font-family:system-ui,-apple-system,'Segoe UI',Roboto,Helvetica,Arial,sans-serif;\">"
        f"<span>{text}</span>"
        '<span style="white-space:nowrap">Page <span class="pageNumber"></span> of '
        '<span class="totalPages"></span></span></div>'
    )


def write_pdf(page, url: str, path: Path, footer: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    response = page.goto(url, wait_until="load")
    if response is None or not response.ok:
        status = response.status if response else "no response"
        raise DownloadError(f"{url} did not load ({status}).")
    # Chromium's footer below replaces the generic one print.css gives browsers.
    page.add_style_tag(content=NO_MARGIN_BOXES)
    page.pdf(path=str(path), format="A4", print_background=True,
             display_header_footer=True, header_template="<span></span>",
             footer_template=footer, margin=MARGINS, prefer_css_page_size=False)


def fill_sizes(site_dir: Path, out_dir: Path) -> list[Path]:
    """Put each download's type and size into the spans of every built page.

    Returns the pages changed. A span whose file was not made keeps its note.
    """
    changed = []
    for page in sorted(site_dir.rglob("*.html")):
        source = page.read_text(encoding="utf-8")
        if 'class="download-size"' not in source:
            continue

        def size(match: re.Match) -> str:
            target = out_dir / match["file"]
            if not target.is_file():
                return match.group(0)
            kind = target.suffix.lstrip(".").upper()
            return f"{match.group(1)}({kind}, {human_size(target.stat().st_size)}){match.group(4)}"

        updated = SIZE_SPAN.sub(size, source)
        if updated != source:
            page.write_text(updated, encoding="utf-8")
            changed.append(page)
    return changed


def tidy_search_index(site_dir: Path) -> None:
    """Drop the "made when published" note from the search index's page text."""
    index = site_dir / "search" / "search_index.json"
    if not index.is_file():
        return
    data = json.loads(index.read_text(encoding="utf-8"))
    touched = False
    for doc in data.get("docs", []):
        if NOT_YET in doc.get("text", ""):
            doc["text"] = re.sub(r"\s*" + re.escape(NOT_YET), "", doc["text"])
            touched = True
    if touched:
        index.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")),
                         encoding="utf-8")


# -- the work -------------------------------------------------------------------------

def make_downloads(project: Project, site_dir: Path, out_dir: Path, *, base_url: str,
                   chromium: str | None = None, log=None) -> list[Made]:
    """Write every checklist's CSV and PDF into out_dir; returns what was made."""
    site_dir = Path(site_dir)
    log = log or (lambda message: None)
    code = project.code
    edition_info = project.edition
    lists = all_checklists(code)

    if not site_dir.is_dir():
        raise DownloadError(f"{site_dir} is not a folder. Build the site first: "
                            f"mkdocs build --strict --site-dir {site_dir}")
    missing = [str(page_path(site_dir, c).relative_to(site_dir)) for c in lists
               if not page_path(site_dir, c).is_file()]
    if missing:
        raise DownloadError(f"checklist page missing from {site_dir}: {', '.join(missing)}. "
                            f"Build the site first: mkdocs build --strict --site-dir {site_dir}")

    try:
        executable = find_chromium(chromium)
    except BrowserError as err:
        raise DownloadError(str(err)) from None
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        raise DownloadError("the Python package playwright is missing: run `make setup` "
                            "(it is in requirements.txt).") from None

    made: list[Made] = []
    total = 2 * len(lists)
    step = 0

    def record(chosen: Checklist, kind: str, path: Path, started: float) -> None:
        nonlocal step
        step += 1
        item = Made(chosen.slug, kind, path, path.stat().st_size, time.perf_counter() - started)
        made.append(item)
        log(f"[{step}/{total}] {kind.upper()} {chosen.slug} … "
            f"{human_size(item.size)} in {item.seconds:.1f} s")

    for chosen in lists:
        started = time.perf_counter()
        path = out_dir / f"{chosen.slug}.csv"
        write_csv(path, csv_rows(code, chosen.key, base_url, edition_info["version"]))
        record(chosen, "csv", path, started)

    with serve(site_dir) as served, sync_playwright() as playwright:
        try:
            browser = launch_chromium(playwright, executable)
        except BrowserError as err:
            raise DownloadError(str(err)) from None
        try:
            # A fresh context: no saved answers, so every PDF is a blank form.
            context = browser.new_context(locale="en-GB")
            page = context.new_page()
            for chosen in lists:
                started = time.perf_counter()
                path = out_dir / f"{chosen.slug}.pdf"
                write_pdf(page, served + site_url(chosen.page), path,
                          footer_template(chosen.title, edition_info))
                record(chosen, "pdf", path, started)
            context.close()
        finally:
            browser.close()
    return made


def build_downloads(project: Project, site_dir: Path, *, base_url: str,
                    chromium: str | None = None, log=None) -> list[Made]:
    """The post-build step: make every download, then put their sizes on the pages."""
    site_dir = Path(site_dir).resolve()
    out_dir = site_dir / DOWNLOAD_DIR
    made = make_downloads(project, site_dir, out_dir, base_url=base_url,
                          chromium=chromium, log=log)
    fill_sizes(site_dir, out_dir)
    tidy_search_index(site_dir)
    check_pages_link(site_dir, all_checklists(project.code))
    return made


def check_pages_link(site_dir: Path, lists: list[Checklist]) -> None:
    """Every checklist page must now show both downloads with their sizes."""
    problems = []
    for chosen in lists:
        source = page_path(site_dir, chosen).read_text(encoding="utf-8")
        for ext in ("pdf", "csv"):
            name = f"{chosen.slug}.{ext}"
            spans = [m for m in SIZE_SPAN.finditer(source) if m["file"] == name]
            if not spans:
                problems.append(f"{chosen.page}: no download link for {name} "
                                "(the downloads block of render/templates/checklist.md.j2)")
            elif any(NOT_YET in m["text"] for m in spans):
                problems.append(f"{chosen.page}: the size of {name} was not filled in")
    if problems:
        raise DownloadError("\n".join(problems))
