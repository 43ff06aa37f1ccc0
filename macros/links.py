"""Relative links between pages, computed from docs/-relative source paths.

Macros write Markdown links to `.md` files so that MkDocs (and Zensical)
check them and turn them into URLs. A link must be relative to the page it
appears on, so every renderer takes the current page's source path.
"""

from __future__ import annotations

import posixpath


def md_link(from_page: str, to_page: str, anchor: str = "") -> str:
    """Path from one docs/-relative Markdown file to another, with an anchor."""
    if to_page == from_page:
        target = ""
    else:
        target = posixpath.relpath(to_page, posixpath.dirname(from_page) or ".")
    return f"{target}#{anchor}" if anchor else target


def site_url(page: str, anchor: str = "") -> str:
    """The site-relative URL of a page built with directory URLs."""
    if page.endswith("index.md"):
        path = page[: -len("index.md")]
    else:
        path = page[: -len(".md")] + "/"
    return path + (f"#{anchor}" if anchor else "")


def html_href(from_page: str, to_page: str, anchor: str = "") -> str:
    """A URL relative to the built page, for raw HTML where MkDocs rewrites nothing.

    Generated pages with many links use raw HTML because Markdown-in-HTML is
    slow on large pages; tests/test_links.py checks these links in the built site.
    """
    depth = site_url(from_page).count("/")
    return "../" * depth + site_url(to_page, anchor)
