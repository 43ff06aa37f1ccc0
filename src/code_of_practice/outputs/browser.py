"""Serve a built site on 127.0.0.1, and find and start headless Chromium.

One place for both, used by the downloads (PDFs), the benchmark and the
browser tests.
"""

from __future__ import annotations

import contextlib
import functools
import http.server
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


class _Server(http.server.ThreadingHTTPServer):
    daemon_threads = True


@contextlib.contextmanager
def serve(site_dir: Path):
    """Serve `site_dir` over HTTP on 127.0.0.1 (a free port) in a thread; yields the base URL."""
    handler = functools.partial(_SiteHandler, directory=str(site_dir))
    server = _Server(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
