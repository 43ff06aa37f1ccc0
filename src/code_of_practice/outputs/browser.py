"""Serve a built site on 127.0.0.1, find and start headless Chromium, and
list a built site's pages.

One place for these, used by the downloads (PDFs), the benchmarks and the
browser tests.
"""

from __future__ import annotations

import contextlib
import functools
import gzip
import http.server
import io
import os
import shutil
import threading
from pathlib import Path

# As this machine needs them: no sandbox as root, and no background
# connections, which the closed network would refuse.
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]


CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")


class BrowserError(Exception):
    """No usable Chromium: the message says how to install one."""


def find_chromium(explicit: str | None = None) -> str | None:
    """The path of a Chromium to drive: the one given, else $CHROMIUM, else
    Debian's chromium (`make system-deps`) or Google Chrome on the PATH; None
    leaves Playwright to use its own build."""
    for candidate in (explicit, os.environ.get("CHROMIUM")):
        if candidate:
            path = shutil.which(candidate) or candidate
            if not Path(path).is_file():
                raise BrowserError(f"Chromium not found at {candidate}. Install it "
                                   "(`make system-deps`, or `sudo apt-get install chromium`) "
                                   "or pass --chromium with its path.")
            return path
    for name in CHROMIUM_NAMES:
        path = shutil.which(name)
        if path:
            return path
    return None


def launch_chromium(playwright, executable: str | None = None):
    """Headless Chromium, or a BrowserError that says how to install it."""
    try:
        return playwright.chromium.launch(executable_path=executable, headless=True,
                                          args=CHROMIUM_ARGS)
    except Exception as err:  # Playwright raises its own Error types
        first_line = str(err).strip().splitlines()[0] if str(err).strip() else repr(err)
        where = executable or "Playwright's own Chromium"
        raise BrowserError(
            f"Chromium is not installed or would not start ({where}): {first_line}\n"
            "Install Debian's chromium (`make system-deps`, or "
            "`sudo apt-get install chromium`), or pass --chromium PATH.") from None


@contextlib.contextmanager
def chromium(executable: str | None = None):
    """A headless Chromium browser (the system's), closed afterwards."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = launch_chromium(playwright, find_chromium(executable))
        try:
            yield browser
        finally:
            browser.close()


class _SiteHandler(http.server.SimpleHTTPRequestHandler):
    """Quiet, and a missing page gets the site's own 404 page, as on GitHub Pages."""

    def log_message(self, format, *args):  # noqa: A002 - the stdlib's signature
        pass

    def send_error(self, code, message=None, explain=None):
        page = Path(self.directory) / "404.html"
        if code == 404 and page.exists():
            body = page.read_bytes()
            self.send_response(404)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(body)
            return
        super().send_error(code, message, explain)


class _GzipSiteHandler(_SiteHandler):
    """As _SiteHandler, and text files gzip-compressed for clients that accept
    it, as GitHub Pages serves them: what a reader's browser really downloads,
    for the Lighthouse benchmark."""

    COMPRESSED = (".html", ".css", ".js", ".json", ".xml", ".svg", ".txt", ".csv")

    def send_head(self):
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            if not self.path.split("?", 1)[0].endswith("/"):
                return super().send_head()  # the redirect to the folder's address
            path = path / "index.html"
        if ("gzip" not in self.headers.get("Accept-Encoding", "") or not path.is_file()
                or path.suffix not in self.COMPRESSED):
            return super().send_head()
        body = gzip.compress(path.read_bytes(), compresslevel=6, mtime=0)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Vary", "Accept-Encoding")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return io.BytesIO(body)


class _Server(http.server.ThreadingHTTPServer):
    daemon_threads = True


@contextlib.contextmanager
def serve(site_dir: Path, *, compress: bool = False):
    """Serve `site_dir` over HTTP on 127.0.0.1 (a free port) in a thread; yields
    the base URL. With compress, text files go gzip-compressed, as on GitHub Pages."""
    handler = functools.partial(_GzipSiteHandler if compress else _SiteHandler,
                                directory=str(site_dir))
    server = _Server(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def site_pages(site_dir: Path) -> list[str]:
    """URL paths ('' for the home page, 'code/1-risk/', ...) of every built page,
    skipping the search index and assets."""
    pages = []
    for index in sorted(Path(site_dir).rglob("index.html")):
        rel = index.parent.relative_to(site_dir)
        if rel.parts and rel.parts[0] in ("search", "assets", "downloads"):
            continue
        pages.append("" if not rel.parts else "/".join(rel.parts) + "/")
    return pages
