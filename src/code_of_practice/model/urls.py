"""The address of each page of the built site, and every anchor on those pages.

One home for the site's addresses: the pages the model generates (changelog,
register, comparison, consultations), the ids of the sections on them (a
version, a change to a clause, a consultation, a comment record, a
comparison, a clause, a framework item) and the words the history pages use
for each kind of change. The renderers (render/), the feed and the exports
(outputs/) and the release rehearsal (tasks/) all take them from here, so a
link written on one page and the id it points to on another cannot drift apart.
"""

from __future__ import annotations

# The Atom feed, written into the site's root after the build (outputs/feed.py)
# and linked from the changelog and every page's head.
FEED_FILE = "feed.xml"

# The generated pages, by their source path under docs/.
CHANGELOG = "changes/changelog.md"
REGISTER = "changes/you-said-we-did.md"
COMPARE = "changes/compare.md"
CONSULTATIONS = "changes/consultations.md"
HOW_TO_COMMENT = "changes/how-to-comment.md"

# How the changelog, the comparisons and the feed name each kind of change.
KIND_LABELS = {"added": "Added", "changed": "Changed", "withdrawn": "Withdrawn",
               "removed": "Removed"}


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


def _dashed(dotted: str) -> str:
    return dotted.replace(".", "-")


def clause_anchor(clause_id: str) -> str:
    """A clause's id on its principle page, such as "clause-3.2" (Clause.anchor)."""
    return f"clause-{clause_id}"


def framework_anchor(framework: str, key) -> str:
    """The id of a framework item on its page, such as "merlin-2018-contract"."""
    return f"{framework.replace('_', '-')}-{key}"


def version_anchor(version: str) -> str:
    """A version's section on the changelog, such as "version-1-1"."""
    return "version-" + _dashed(version)


def change_anchor(version: str, clause_id: str) -> str:
    """A change to a clause in a version's changelog section, such as
    "version-1-1-clause-3-2"."""
    return f"{version_anchor(version)}-clause-{_dashed(clause_id)}"


def links_anchor(version: str) -> str:
    """The one line of a version's changes to links alone."""
    return version_anchor(version) + "-links"


def consultation_anchor(consultation_id: str) -> str:
    """A consultation's section on the consultations page."""
    return "consultation-" + consultation_id.lower()


def consultation_clause_anchor(consultation_id: str, clause_id: str) -> str:
    """The comments on one clause in a consultation's response report."""
    return f"{consultation_anchor(consultation_id)}-clause-{_dashed(clause_id)}"


def record_anchor(comment_id: str) -> str:
    """A comment record on the "You said, we did" register."""
    return "record-" + comment_id


def compare_anchor(old: str, new: str) -> str:
    """The id of a comparison on the compare page, and its address:
    changes/compare/#compare-1-0-1-1 links to version 1.0 against 1.1."""
    return f"compare-{_dashed(old)}-{_dashed(new)}"


def compare_clause_anchor(old: str, new: str, clause_id: str) -> str:
    """One clause in a comparison of two versions."""
    return f"{compare_anchor(old, new)}-clause-{_dashed(clause_id)}"
