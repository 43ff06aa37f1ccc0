"""A link checker for built sites (both engines): every internal link and
anchor resolves, and which external addresses the site links to. The tests
and the release rehearsal (tasks/rehearsal.py) run it."""

from __future__ import annotations

import posixpath
import re
from collections import defaultdict
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

from code_of_practice.model.downloads import (CHECKLIST_FORMATS, CODE_FORMATS, FORM_FORMATS,
                                              SITE_FOLDER)
from code_of_practice.model.urls import FEED_FILE

LOCAL_HOSTS = {"127.0.0.1", "localhost"}
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta",
        "source", "track", "wbr"}
LINK_ATTRS = {"href", "src"}
# Made by the post-build downloads step, so absent from a plain build.
EXTENSIONS = sorted({f.ext for f in CHECKLIST_FORMATS + CODE_FORMATS + FORM_FORMATS})
DOWNLOAD = re.compile(rf"^{SITE_FOLDER}/[a-z0-9]+(?:-[a-z0-9]+)*\.(?:{'|'.join(EXTENSIONS)})$")
# Made by the post-build feed step (outputs/feed.py), so absent from a plain build.
POST_BUILD_FILES = {FEED_FILE}


class PageParser(HTMLParser):
    """Collects a page's ids and names, and its links with the tag they sit on.

    Links inside Material's "outdated version" banner are left out: that link
    points above the site root, to the version selector's parent folder, on
    purpose (see overrides/main.html)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()
        self.links: list[tuple[str, str]] = []
        self._open: list[str] = []
        self._skip_below: int | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        for key in ("id", "name"):
            if attrs.get(key):
                self.ids.add(attrs[key])
        if attrs.get("data-md-component") == "outdated" and self._skip_below is None:
            self._skip_below = len(self._open)
        if self._skip_below is None:
            for key in LINK_ATTRS:
                if attrs.get(key) is not None:
                    self.links.append((tag, attrs[key]))
        if tag not in VOID:
            self._open.append(tag)

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in VOID and self._open and self._open[-1] == tag:
            self._open.pop()

    def handle_endtag(self, tag):
        if tag in self._open:
            while self._open and self._open.pop() != tag:
                pass
        if self._skip_below is not None and len(self._open) <= self._skip_below:
            self._skip_below = None


def parse(path: Path) -> PageParser:
    parser = PageParser()
    parser.feed(path.read_text(encoding="utf-8"))
    parser.close()
    return parser


def resolve(site: Path, page: Path, url_path: str) -> Path:
    """The file in `site` that a link's path points to, from `page`."""
    if url_path.startswith("/"):
        joined = posixpath.normpath(url_path.lstrip("/") or ".")
    else:
        base = posixpath.dirname(page.relative_to(site).as_posix())
        joined = posixpath.normpath(posixpath.join(base, url_path))
    target = site / joined
    if url_path.endswith("/") or target.is_dir():
        target = target / "index.html"
    return target


def check_site(site: Path):
    """Broken links and external links of a built site."""
    pages = sorted(site.rglob("*.html"))
    parsed = {page: parse(page) for page in pages}
    broken: list[str] = []
    external: dict[str, set[str]] = defaultdict(set)
    checked = 0
    for page, parser in parsed.items():
        name = page.relative_to(site).as_posix()
        for tag, link in parser.links:
            parts = urlsplit(link)
            if parts.scheme in ("mailto", "tel", "data", "javascript"):
                continue
            if parts.scheme in ("http", "https") or link.startswith("//"):
                if parts.hostname not in LOCAL_HOSTS:
                    external[link].add(name)
                continue
            if parts.scheme:
                broken.append(f"{name}: <{tag}> {link}: unknown scheme")
                continue
            checked += 1
            target = resolve(site, page, unquote(parts.path)) if parts.path else page
            rel = target.relative_to(site).as_posix() if target.is_relative_to(site) else None
            if rel is None:
                broken.append(f"{name}: <{tag}> {link}: points outside the site")
                continue
            if rel.startswith("downloads/"):
                if not DOWNLOAD.match(rel) or parts.fragment:
                    broken.append(f"{name}: <{tag}> {link}: not downloads/<slug>.<one of "
                                  f"{', '.join(EXTENSIONS)}>")
                continue
            if rel in POST_BUILD_FILES and not parts.fragment:
                continue
            if not target.is_file():
                broken.append(f"{name}: <{tag}> {link}: no file {rel}")
                continue
            if parts.fragment and target.suffix == ".html":
                ids = (parsed.get(target) or parse(target)).ids
                if unquote(parts.fragment) not in ids:
                    broken.append(f"{name}: <{tag}> {link}: no id {parts.fragment!r} in {rel}")
    return broken, external, checked
