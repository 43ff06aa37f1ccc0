"""Relative links between pages, computed from docs/-relative source paths.

Macros write Markdown links to `.md` files so that MkDocs (and Zensical)
check them and turn them into URLs. A link must be relative to the page it
appears on, so every renderer takes the current page's source path. Links in raw HTML
depend on the engine: see HtmlLinks.
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass

from code_of_practice.model.urls import site_url


def md_link(from_page: str, to_page: str, anchor: str = "") -> str:
    """Path from one docs/-relative Markdown file to another, with an anchor."""
    if to_page == from_page:
        target = ""
    else:
        target = posixpath.relpath(to_page, posixpath.dirname(from_page) or ".")
    return f"{target}#{anchor}" if anchor else target


@dataclass(frozen=True)
class HtmlLinks:
    """How to write links in raw HTML for the engine building the site.

    MkDocs leaves links in raw HTML as they are, so they must be final URLs;
    Zensical rewrites them as it does Markdown links, from the source file, so
    they must be source paths. Generated pages with many links use raw HTML
    because Markdown-in-HTML is slow on large pages; tests/test_links.py checks
    these links in the built site.
    """

    from_source: bool = False  # True under Zensical

    def href(self, from_page: str, to_page: str, anchor: str = "") -> str:
        """A link to a page (and an anchor on it)."""
        if self.from_source:
            return md_link(from_page, to_page, anchor)
        depth = site_url(from_page).count("/")
        return "../" * depth + site_url(to_page, anchor)

    def file_href(self, from_page: str, site_path: str) -> str:
        """A link to a file that is not a page, such as downloads/x.pdf."""
        if self.from_source:
            return posixpath.relpath(site_path, posixpath.dirname(from_page) or ".")
        return "../" * site_url(from_page).count("/") + site_path
