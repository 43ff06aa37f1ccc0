"""Everything the pages need, loaded once per build, and one method per macro.

Each macro method takes the docs/-relative path of the page it is called
from first, so that the links it writes are relative to that page.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import render_checklists
import render_code
import render_crossref
import render_history
from code_model import Code, load_code
from contribute_links import clause_contribute_links
from history import History, build_history
from glossary import glossary_markdown, load_glossary
from releases import Release, edition, load_releases


@dataclass
class SiteModel:
    root: Path
    code: Code
    releases: list[Release]
    edition: dict
    history: History
    glossary_terms: dict
    site_url: str
    repo_url: str

    # The macros the pages may call, in the order the contributor guide lists them.
    MACROS = (
        "principle_header",
        "principle_clauses",
        "clause",
        "principles_table",
        "principles_list",
        "checklist",
        "compact_table",
        "compact_by_outcome",
        "merlin_table",
        "merlin_by_principle",
        "glossary",
        "changelog",
        "you_said_we_did",
        "compare_versions",
    )

    @classmethod
    def load(cls, root: Path, site_url: str = "", repo_url: str = "") -> "SiteModel":
        root = Path(root)
        code = load_code(root)
        releases = load_releases(root)
        current = edition(code, releases, root)
        return cls(
            root=root,
            code=code,
            releases=releases,
            edition=current,
            history=build_history(root, code, releases, current),
            glossary_terms=load_glossary(root / "docs" / "includes" / "glossary.md"),
            site_url=site_url,
            repo_url=repo_url,
        )

    # -- the code pages -------------------------------------------------------

    def principle_header(self, page: str, number: int) -> str:
        """The principle's number, title and statement, as the page's heading."""
        return render_code.principle_header(self.code, number)

    def principle_clauses(self, page: str, number: int) -> str:
        """Every clause of a principle, with its facts and cross-references."""
        principle = self.code.principle(number)
        return "\n".join(
            render_code.clause_block(
                self.code, c, page,
                badges=render_history.clause_badges(self.code, self.history, c.id, page),
                history=render_history.clause_history_lines(self.code, self.history, c.id, page),
                actions=clause_contribute_links(self.repo_url, c, self.edition["version"]),
            )
            for c in principle.clauses
        )

    def clause(self, page: str, clause_id: str, title: bool = True) -> str:
        """An in-text reference: `{{ clause("3.2") }}` links to clause 3.2."""
        return render_code.clause_link(self.code, str(clause_id), page, with_title=title)

    def principles_table(self, page: str) -> str:
        """The eight principles with their statements and clause counts."""
        return render_code.principles_table(self.code, page)

    def principles_list(self, page: str) -> str:
        """A numbered list of the principles, linking to their pages."""
        return render_code.principles_list(self.code, page)

    # -- checklists -----------------------------------------------------------

    def checklist(self, page: str, audience: str) -> str:
        """A generated checklist: an audience key, or "all" for the complete one."""
        return render_checklists.checklist_page(
            self.code, audience, self.edition,
            downloads=render_checklists.download_links(self.code, audience))

    # -- cross-references -----------------------------------------------------

    def compact_table(self, page: str) -> str:
        """Clauses against the Compact's five outcomes."""
        return render_crossref.matrix(self.code, "compact", page)

    def compact_by_outcome(self, page: str) -> str:
        """For each Compact outcome, the clauses that support it."""
        return render_crossref.by_item(self.code, "compact", page)

    def merlin_table(self, page: str, framework: str = "merlin") -> str:
        """Clauses against the Merlin principles ("merlin" or "merlin_2018")."""
        return render_crossref.matrix(self.code, framework, page)

    def merlin_by_principle(self, page: str) -> str:
        """For each Merlin principle, original and 2017–18, the clauses that support it."""
        return ("#### The original four principles\n\n"
                + render_crossref.by_item(self.code, "merlin", page, heading_level=5)
                + "#### The 2017–18 principles\n\n"
                + render_crossref.by_item(self.code, "merlin_2018", page, heading_level=5))

    # -- background -----------------------------------------------------------

    def glossary(self, page: str) -> str:
        """Every glossary term and its definition."""
        return glossary_markdown(self.glossary_terms)

    # -- changes and consultation ---------------------------------------------

    def changelog(self, page: str) -> str:
        """Every version, newest first, with its changes, reasons and redlines."""
        return render_history.changelog(self.code, self.history, page)

    def you_said_we_did(self, page: str) -> str:
        """The consultation register: each comment, our response and the outcome."""
        return render_history.register_page(self.code, self.history, page)

    def compare_versions(self, page: str) -> str:
        """The clause-level redline between every pair of versions."""
        return render_history.compare_page(self.code, self.history, page)
