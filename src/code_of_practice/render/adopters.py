"""The register of adopters as a page: counts by role, sector and version, a
table the reader can filter (docs/assets/javascripts/adopters.js), and an
honest sentence when nobody is listed (model/adopters.py)."""

from __future__ import annotations

from collections import Counter

from code_of_practice.model.adopters import FILE, ROLES, SECTORS
from code_of_practice.model.release_state import long_date
from code_of_practice.render.templating import render


ISSUE_FORM = "list-my-organisation.yml"


def adopters_page(adopters, released_versions, repo_url: str = "") -> str:
    """The register's Markdown/HTML block, generated from data/adopters.yml."""
    roles, sectors, versions = (Counter(a.role for a in adopters),
                                Counter(a.sector for a in adopters),
                                Counter(a.version for a in adopters))
    return render(
        "adopters.html.j2",
        adopters=sorted(adopters, key=lambda a: (a.name.casefold(), a.version)),
        total=len(adopters),
        roles=[(key, label, roles[key]) for key, label in ROLES.items()],
        sectors=[(s, sectors[s]) for s in SECTORS],
        versions=[(v, versions[v]) for v in released_versions if versions[v]],
        long_date=long_date,
        issue_href=f"{repo_url.rstrip('/')}/issues/new?template={ISSUE_FORM}" if repo_url else "",
        file_href=f"{repo_url.rstrip('/')}/blob/main/{FILE}" if repo_url else "",
    )
