"""Shared helpers for the browser tests: serve a built site on 127.0.0.1 and
launch the system's Chromium through Playwright.

Used by the tests (as a plain module beside them) and by scripts/benchmark.py.
"""

from __future__ import annotations

import contextlib
import shutil
from pathlib import Path

from local_site import CHROMIUM_ARGS, serve  # noqa: F401 (serve is used by the tests)


def chromium_path() -> str | None:
    for candidate in ("/usr/bin/chromium", "/usr/bin/chromium-browser"):
        if Path(candidate).exists():
            return candidate
    return shutil.which("chromium") or shutil.which("chromium-browser")


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
