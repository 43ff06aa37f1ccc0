"""Links from a clause to GitHub: "Suggest a change" and "Comment on this clause".

Plain Python, no MkDocs import. The first link opens GitHub's web editor on the
principle page that holds the clause (GitHub makes the fork and the pull
request for the contributor). The second opens a new issue with the form in
.github/ISSUE_TEMPLATE/comment-on-the-code.yml, with the clause ID, the
version of the code and an issue title already filled in.

Issue forms fill a field from a query parameter with the same name as the
field's `id`, so the names below must match the ids in the form. A test
checks that they do.
"""

from __future__ import annotations

from urllib.parse import quote, urlencode

from code_of_practice.model.contact import comments_address  # noqa: F401 (glue.py's import)


# The branch that the web editor edits and that pull requests go into.
BRANCH = "main"
# The issue form, by file name in .github/ISSUE_TEMPLATE/.
COMMENT_TEMPLATE = "comment-on-the-code.yml"
# Field ids in that form that the link fills in.
CLAUSE_FIELD = "clause"
VERSION_FIELD = "version"

# Each names its clause: a page has ten of each, and a screen reader's list of
# links must tell them apart (WCAG 2.4.4, 2.4.9).
SUGGEST_LABEL = "Suggest a change to clause {id}"
COMMENT_LABEL = "Comment on clause {id}"


def _base(repo_url: str) -> str:
    return (repo_url or "").strip().rstrip("/")


def _repo_path(path: str) -> str:
    """A repository-relative path with forward slashes and no leading ./ or /."""
    path = str(path).replace("\\", "/")
    while path.startswith("./"):
        path = path[2:]
    return path.lstrip("/")


def issue_title(clause_id: str, clause_title: str) -> str:
    """The suggested issue title, such as "Clause 3.2: Share skills, systems and training"."""
    title = " ".join(str(clause_title or "").split())
    return f"Clause {clause_id}: {title}" if title else f"Clause {clause_id}"


def suggest_change_url(repo_url: str, source_path: str, branch: str = BRANCH) -> str:
    """GitHub's web editor for the file that holds the clause, on `branch`.

    `source_path` is relative to the repository root, such as
    "docs/code/3-capacity-building.md". Returns "" if there is no repo_url.
    """
    base = _base(repo_url)
    if not base:
        return ""
    return f"{base}/edit/{branch}/{quote(_repo_path(source_path))}"


def comment_url(repo_url: str, clause_id: str, clause_title: str, version: str) -> str:
    """A new issue using the comment form, with title, clause and version filled in.

    Returns "" if there is no repo_url.
    """
    base = _base(repo_url)
    if not base:
        return ""
    query = urlencode(
        [
            ("template", COMMENT_TEMPLATE),
            ("title", issue_title(clause_id, clause_title)),
            (CLAUSE_FIELD, str(clause_id)),
            (VERSION_FIELD, str(version or "")),
        ],
        quote_via=quote,
    )
    return f"{base}/issues/new?{query}"


def contribute_links(repo_url: str, clause_id: str, clause_title: str,
                     source_path: str, version: str) -> list[dict]:
    """The two actions under a clause, as [{"label", "href"}, ...].

    An empty list if the site has no repo_url (then there is nowhere to send
    a change or a comment).
    """
    if not _base(repo_url):
        return []
    return [
        {"label": SUGGEST_LABEL.format(id=clause_id),
         "href": suggest_change_url(repo_url, source_path)},
        {"label": COMMENT_LABEL.format(id=clause_id),
         "href": comment_url(repo_url, clause_id, clause_title, version)},
    ]


def clause_contribute_links(repo_url: str, clause, version: str) -> list[dict]:
    """The same, from a code_model.Clause (its `source` is relative to the project root)."""
    return contribute_links(repo_url, clause.id, clause.title, clause.source, version)


# -- the address for comments by email: checked in the model, so the downloads
# step (the response forms) and the pages refuse the same addresses.


# -- responding to a consultation ------------------------------------------------

CONSULTATION_FIELD = "consultation"
RESPOND_LABEL = "Respond to this consultation"


def respond_url(repo_url: str, consultation_id: str, version: str) -> str:
    """A new issue with the comment form, the consultation and the version filled in;
    "" if there is no repo_url."""
    base = _base(repo_url)
    if not base:
        return ""
    query = urlencode(
        [
            ("template", COMMENT_TEMPLATE),
            ("title", f"Response to {consultation_id}: "),
            (CONSULTATION_FIELD, str(consultation_id)),
            (VERSION_FIELD, str(version or "")),
        ],
        quote_via=quote,
    )
    return f"{base}/issues/new?{query}"


# -- a change record to paste ----------------------------------------------------

def change_record_example(version: str, clause_id: str, indent: int = 0) -> str:
    """A change record ready to paste at the end of data/changes.yml, for the
    working version, as a fenced YAML block. A first-time contributor has no
    pull request number yet: `source` says where the reason comes from, and
    a maintainer may add `pull_request` later. Lines after the first are
    indented by `indent` spaces, for a block inside a list item."""
    return ("\n" + " " * indent).join([
        "```yaml",
        f'- version: "{version}"',
        f'  clauses: ["{clause_id}"]',
        "  type: reworded",
        "  reason: >-",
        "    Say in a sentence or two why the wording should change.",
        "  source: >-",
        "    Where the reason comes from, such as your organisation's experience.",
        "```",
    ])
