"""Links: every internal link and anchor in the built site resolves, external
links use https, and a broken link in the sources fails the build."""

from __future__ import annotations

import posixpath
import re
from collections import defaultdict
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from conftest import mkdocs_build

LOCAL_HOSTS = {"127.0.0.1", "localhost"}
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta",
        "source", "track", "wbr"}
LINK_ATTRS = {"href", "src"}
# Made by scripts/build_downloads.py after the build, so absent from the fixture.
DOWNLOAD = re.compile(r"^downloads/[a-z0-9]+(?:-[a-z0-9]+)*\.(?:pdf|csv)$")


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
                    broken.append(f"{name}: <{tag}> {link}: not downloads/<slug>.pdf or .csv")
                continue
            if not target.is_file():
                broken.append(f"{name}: <{tag}> {link}: no file {rel}")
                continue
            if parts.fragment and target.suffix == ".html":
                ids = (parsed.get(target) or parse(target)).ids
                if unquote(parts.fragment) not in ids:
                    broken.append(f"{name}: <{tag}> {link}: no id {parts.fragment!r} in {rel}")
    return broken, external, checked


def test_every_internal_link_and_anchor_resolves(site, tmp_path):
    broken, external, checked = check_site(site)
    assert checked > 500, checked

    report = ["External links (link: pages that use it)", ""]
    for link in sorted(external):
        pages = sorted(external[link])
        report.append(f"{link}\n    {', '.join(pages[:5])}"
                      + (f" and {len(pages) - 5} more" if len(pages) > 5 else ""))
    text = "\n".join(report) + "\n"
    (tmp_path / "external-links.txt").write_text(text, encoding="utf-8")
    print(f"\n{len(external)} external links; report in {tmp_path / 'external-links.txt'}")
    print(text)

    assert not broken, "broken internal links:\n" + "\n".join(broken)
    insecure = [link for link in external if link.startswith("http://")]
    assert not insecure, "external links over plain http:\n" + "\n".join(insecure)


def test_the_checker_finds_a_broken_link(tmp_path):
    site = tmp_path / "site"
    (site / "a").mkdir(parents=True)
    (site / "index.html").write_text(
        '<h1 id="top">Home</h1><a href="a/">A</a><a href="a/#missing">bad</a>'
        '<a href="b/">gone</a><a href="downloads/x.pdf">pdf</a><a href="downloads/x.zip">zip</a>'
        '<a href="http://example.org/">insecure</a><a href="#top">top</a>')
    (site / "a" / "index.html").write_text('<p id="here"><a href="../#top">home</a></p>')
    broken, external, _ = check_site(site)
    assert sorted(b.split(": ", 2)[1] for b in broken) == [
        "<a> a/#missing", "<a> b/", "<a> downloads/x.zip"]
    assert set(external) == {"http://example.org/"}


@pytest.mark.parametrize("link, what", [
    ("[broken](no-such-page.md)", "no-such-page.md"),
    ("[bad anchor](1-risk.md#no-such-anchor)", "no-such-anchor"),
])
def test_a_broken_link_in_the_sources_fails_the_build(project_copy, tmp_path, link, what):
    page = project_copy / "docs" / "code" / "index.md"
    page.write_text(page.read_text(encoding="utf-8") + f"\n\n{link}\n", encoding="utf-8")
    result = mkdocs_build(project_copy, tmp_path / "site")
    assert result.returncode != 0, "the build passed with a broken link"
    messages = result.stdout + result.stderr
    lines = [line for line in messages.splitlines() if what in line]
    assert lines, messages
    assert any("code/index.md" in line for line in lines), messages
