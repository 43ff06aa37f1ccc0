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


# MkDocs leaves links in raw HTML as they are; Zensical rewrites them as it
# does Markdown links, from the source file. macros/__init__.py says which.
_ENGINE_REWRITES_HTML_LINKS = False


def engine_rewrites_html_links(value: bool) -> None:
    global _ENGINE_REWRITES_HTML_LINKS
    _ENGINE_REWRITES_HTML_LINKS = bool(value)


def html_href(from_page: str, to_page: str, anchor: str = "") -> str:
    """A link for raw HTML: the final URL under MkDocs, the source path under Zensical.

    Generated pages with many links use raw HTML because Markdown-in-HTML is
    slow on large pages; tests/test_links.py checks these links in the built site.
    """
    if _ENGINE_REWRITES_HTML_LINKS:
        return md_link(from_page, to_page, anchor)
    depth = site_url(from_page).count("/")
    return "../" * depth + site_url(to_page, anchor)


def html_file_href(from_page: str, site_path: str) -> str:
    """A link for raw HTML to a file that is not a page, such as downloads/x.pdf."""
    if _ENGINE_REWRITES_HTML_LINKS:
        return posixpath.relpath(site_path, posixpath.dirname(from_page) or ".")
    return "../" * site_url(from_page).count("/") + site_path
