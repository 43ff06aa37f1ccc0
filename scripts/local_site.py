"""Serve a built site on 127.0.0.1 and the flags for headless Chromium.

One place for both, used by scripts/build_downloads.py, scripts/benchmark.py
and the browser tests (tests/browser_helpers.py).
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import threading
from pathlib import Path

# As this machine needs them: no sandbox as root, and no background
# connections, which the closed network would refuse.
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]


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
