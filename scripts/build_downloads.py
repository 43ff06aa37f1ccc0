#!/usr/bin/env python3
"""Make each checklist's downloads after `mkdocs build`: a CSV and a PDF.

    python scripts/build_downloads.py --site-dir site

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

Chromium: --chromium PATH, else $CHROMIUM, else `chromium` (Debian's package,
`make system-deps`) or Google Chrome on the PATH, else Playwright's own build.
Stops with a message and a non-zero exit when a checklist page is missing or
no Chromium can be started.
"""

from __future__ import annotations

import argparse
import csv
import html
import json
import os
import re
import shutil
import sys
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT / "macros") not in sys.path:
    sys.path.insert(0, str(ROOT / "macros"))

from checklists import Checklist, all_checklists, csv_rows  # noqa: E402
from code_model import load_code  # noqa: E402
from links import site_url  # noqa: E402
from releases import edition, load_releases  # noqa: E402

sys.path.insert(0, str(ROOT / "scripts"))
from local_site import CHROMIUM_ARGS, serve  # noqa: E402

DEFAULT_SITE_URL = "http://127.0.0.1:8000/"  # mkdocs.yml's fallback for SITE_URL
DOWNLOAD_DIR = "downloads"
NOT_YET = "(made when the site is published)"
# The same margins as @page in docs/assets/stylesheets/print.css.
MARGINS = {"top": "16mm", "right": "15mm", "bottom": "18mm", "left": "15mm"}
NO_MARGIN_BOXES = ("@page { @bottom-left { content: none; } @bottom-right { content: none; } "
                   "@top-left { content: none; } @top-right { content: none; } }")
CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
SIZE_SPAN = re.compile(
    r'(<span class="download-size" data-download="(?P<file>[^"]+)">)(?P<text>.*?)(</span>)',
    re.S)


class DownloadError(Exception):
    """A problem the person running the script must fix; printed without a traceback."""


@dataclass
class Made:
    slug: str
    kind: str  # "csv" or "pdf"
    path: Path
    size: int
    seconds: float


# -- helpers also used by scripts/benchmark_downloads.py and the tests ----------------

def human_size(size: int) -> str:
    if size < 1024:
        return f"{size} bytes"
    if size < 1024 * 1024:
        return f"{max(1, round(size / 1024))} KB"
    return f"{size / (1024 * 1024):.1f} MB"


def find_chromium(explicit: str | None = None) -> str | None:
    """The path of a Chromium to drive, or None for Playwright's own build."""
    for candidate in (explicit, os.environ.get("CHROMIUM")):
        if candidate:
            path = shutil.which(candidate) or candidate
            if not Path(path).is_file():
                raise DownloadError(f"Chromium not found at {candidate}. Install it "
                                    "(`make system-deps`, or `sudo apt-get install chromium`) "
                                    "or pass --chromium with its path.")
            return path
    for name in CHROMIUM_NAMES:
        path = shutil.which(name)
        if path:
            return path
    return None


def launch_chromium(playwright, executable: str | None):
    """Headless Chromium, or a DownloadError that says how to install it."""
    try:
        return playwright.chromium.launch(executable_path=executable, headless=True,
                                          args=CHROMIUM_ARGS)
    except Exception as err:  # Playwright raises its own Error types
        first_line = str(err).strip().splitlines()[0] if str(err).strip() else repr(err)
        where = executable or "Playwright's own Chromium"
        raise DownloadError(
            f"Chromium is not installed or would not start ({where}): {first_line}\n"
            "Install Debian's chromium (`make system-deps`, or "
            "`sudo apt-get install chromium`), or pass --chromium PATH.") from None


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


def write_csv(path: Path, rows: list[list[str]]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", encoding="utf-8-sig", newline="") as handle:
        csv.writer(handle, quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n").writerows(rows)


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

def make_downloads(site_dir: Path, out_dir: Path, *, base_url: str,
                   chromium: str | None = None, log=None) -> list[Made]:
    """Write every checklist's CSV and PDF into out_dir; returns what was made."""
    site_dir = Path(site_dir)
    log = log or (lambda message: None)
    code = load_code(ROOT)
    edition_info = edition(code, load_releases(ROOT), ROOT)
    lists = all_checklists(code)

    if not site_dir.is_dir():
        raise DownloadError(f"{site_dir} is not a folder. Build the site first: "
                            f"mkdocs build --strict --site-dir {site_dir}")
    missing = [str(page_path(site_dir, c).relative_to(site_dir)) for c in lists
               if not page_path(site_dir, c).is_file()]
    if missing:
        raise DownloadError(f"checklist page missing from {site_dir}: {', '.join(missing)}. "
                            f"Build the site first: mkdocs build --strict --site-dir {site_dir}")

    executable = find_chromium(chromium)
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
        browser = launch_chromium(playwright, executable)
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
                                "(the downloads block of macros/templates/checklist.md.j2)")
            elif any(NOT_YET in m["text"] for m in spans):
                problems.append(f"{chosen.page}: the size of {name} was not filled in")
    if problems:
        raise DownloadError("\n".join(problems))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--site-dir", default="site", type=Path,
                        help="the built site (default: site)")
    parser.add_argument("--base-url", default=None,
                        help="the published address, for links in the CSV "
                             "(default: $SITE_URL, else mkdocs.yml's fallback)")
    parser.add_argument("--chromium", default=None,
                        help="path of the Chromium to use (default: found on the PATH)")
    args = parser.parse_args(argv)
    base_url = args.base_url or os.environ.get("SITE_URL") or DEFAULT_SITE_URL

    def log(message: str) -> None:
        print(message, file=sys.stderr, flush=True)

    try:
        site_dir = args.site_dir.resolve()
        out_dir = site_dir / DOWNLOAD_DIR
        started = time.perf_counter()
        made = make_downloads(site_dir, out_dir, base_url=base_url,
                              chromium=args.chromium, log=log)
        fill_sizes(site_dir, out_dir)
        tidy_search_index(site_dir)
        check_pages_link(site_dir, all_checklists(load_code(ROOT)))
    except DownloadError as err:
        print(f"build_downloads: {err}", file=sys.stderr)
        return 1
    log(f"{len(made)} files in {out_dir}, "
        f"{human_size(sum(m.size for m in made))}, in {time.perf_counter() - started:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
