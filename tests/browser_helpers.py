"""Shared helpers for the browser tests: serve a built site on 127.0.0.1 and
launch the system's Chromium through Playwright.

Used by the tests (as a plain module beside them) and by scripts/benchmark.py.
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import shutil
import threading
from pathlib import Path

CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]


def chromium_path() -> str | None:
    for candidate in ("/usr/bin/chromium", "/usr/bin/chromium-browser"):
        if Path(candidate).exists():
            return candidate
    return shutil.which("chromium") or shutil.which("chromium-browser")


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 - the stdlib's signature
        pass


class _Server(http.server.ThreadingHTTPServer):
    daemon_threads = True

    # A 404 from the static server shows the site's own 404 page, as GitHub Pages does.
    def __init__(self, address, handler, site_dir: Path):
        self.site_dir = site_dir
        super().__init__(address, handler)


class _SiteHandler(_QuietHandler):
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


@contextlib.contextmanager
def serve(site_dir: Path):
    """Serve `site_dir` over HTTP on 127.0.0.1 (a free port) in a thread; yields the base URL."""
    handler = functools.partial(_SiteHandler, directory=str(site_dir))
    server = _Server(("127.0.0.1", 0), handler, Path(site_dir))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


@contextlib.contextmanager
def chromium():
    """A headless Chromium browser (the system's), closed afterwards."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=chromium_path(), headless=True, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


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


# Fixtures for the browser tests. Import them into a test module by name
# (`from browser_helpers import browser, served_site`). They are module-scoped
# on purpose: Playwright's sync API allows one instance at a time, so each
# module closes its browser before the next opens one.
import pytest  # noqa: E402


@pytest.fixture(scope="module")
def browser():
    """One headless Chromium for all the tests of a module."""
    with chromium() as launched:
        yield launched


@pytest.fixture(scope="module")
def served_site(site):
    """The base URL of the built site, served on 127.0.0.1."""
    with serve(site) as base_url:
        yield base_url
