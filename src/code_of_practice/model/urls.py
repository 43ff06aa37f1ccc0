"""The address of each page of the built site, from its source path."""

from __future__ import annotations

# The Atom feed, written into the site's root after the build (outputs/feed.py)
# and linked from the changelog and every page's head.
FEED_FILE = "feed.xml"


def site_url(page: str, anchor: str = "") -> str:
    """The site-relative URL of a page built with directory URLs:
    "code/1-risk.md" is "code/1-risk/", "index.md" is ""."""
    if page.endswith("index.md"):
        path = page[: -len("index.md")]
    else:
        path = page[: -len(".md")] + "/"
    return path + (f"#{anchor}" if anchor else "")


def absolute_url(base_url: str, page: str, anchor: str = "") -> str:
    """The published address of a page (or a clause on it) under base_url."""
    return base_url.rstrip("/") + "/" + site_url(page, anchor)


def framework_anchor(framework: str, key) -> str:
    """The id of a framework item on its page, such as "merlin-2018-contract"."""
    return f"{framework.replace('_', '-')}-{key}"
