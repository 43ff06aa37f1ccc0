"""The macros the pages call: one method per macro, on a façade over the
project (model/project.py, loaded once and cached while the sources are
unchanged) and how this build writes links.

A method is a macro because it is decorated with `@macro`: the engine adapter
(engine_adapter.py) registers exactly the decorated methods, in the order
they are written here (the order docs/contribute/clause-format.md lists them),
so a macro cannot be written and left unregistered, or registered and missing.
Each macro method takes the docs/-relative path of the page it is called
from first, so that the links it writes are relative to that page.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from code_of_practice.render import adopters as render_adopters
from code_of_practice.render import checklists as render_checklists
from code_of_practice.render.checklist_index import checklists_table
from code_of_practice.render import consultations as render_consultations
from code_of_practice.render import code as render_code
from code_of_practice.render import crossref as render_crossref
from code_of_practice.render import errata as render_errata
from code_of_practice.render import reviews as render_reviews
from code_of_practice.render import history as render_history
from code_of_practice.render import home as render_home
from code_of_practice.model.errata import page_title
from code_of_practice.model.history import question_since
from code_of_practice.render.history import latest_change_links
from code_of_practice.model.project import Project
from code_of_practice.model.releases import read_next_version
from code_of_practice.render.contribute import clause_contribute_links
from code_of_practice.render.glossary import glossary_markdown
from code_of_practice.render.links import HtmlLinks


def css_string(text: str) -> str:
    """A quoted CSS string that shows `text`: every character but letters,
    digits, spaces and plain punctuation is written as a CSS escape, so
    contributed text cannot end the string or the <style> element."""
    safe = set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 ,.;:()")
    return '"' + "".join(c if c in safe else f"\\{ord(c):06x}" for c in text) + '"'


def macro(method):
    """Make a method of PageMacros a macro the pages may call."""
    method.is_macro = True
    return method


@dataclass(frozen=True)
class PageMacros:
    """The macros of one build: the project, and how this build writes links."""

    project: Project
    site_url: str = ""
    repo_url: str = ""
    html_links: HtmlLinks = HtmlLinks()
    # The manifest of the downloads made from these sources (model/downloads.py),
    # or None: the download links then name their formats without sizes.
    downloads: dict | None = None
    # The checked address for comments by email, or "" (render/contribute.py).
    comments_email: str = ""

    @property
    def code(self):
        return self.project.code

    @property
    def history(self):
        return self.project.history

    @property
    def edition(self) -> dict:
        return self.project.edition

    @property
    def edition_print(self) -> str:
        """"Version X.Y, status" as a CSS string, for the top margin of every
        printed page (overrides/main.html)."""
        return css_string(f"Version {self.edition['version']}, {self.edition['status']}")

    # -- the home page --------------------------------------------------------

    @macro
    def audience_start(self, page: str) -> str:
        """"I am a …" for each audience: its checklist and the clauses that concern it."""
        return render_home.audience_start(self.code, page, self.html_links)

    @macro
    def edition_status(self, page: str) -> str:
        """The version on this site, its status and the latest release, in one line."""
        return render_home.edition_status(
            self.edition, self.project.releases, page, self.html_links,
            open_now=[c for c in self.history.consultations
                      if c.state(datetime.date.today()) in ("open", "planned")])

    # -- the code pages -------------------------------------------------------

    @macro
    def principle_header(self, page: str, number: int) -> str:
        """The principle's number, title and statement, as the page's heading."""
        return render_code.principle_header(self.code, number, self.edition)

    @macro
    def principle_clauses(self, page: str, number: int) -> str:
        """Every clause of a principle, with its facts and cross-references."""
        principle = self.code.principle(number)
        return "\n".join(
            render_code.clause_block(
                self.code, c, page,
                badges=render_history.clause_badges(self.code, self.history, c.id, page,
                                                     self.html_links),
                history=render_history.clause_history_lines(self.code, self.history, c.id, page),
                actions=clause_contribute_links(self.repo_url, c, self.edition["version"]),
            )
            for c in principle.clauses
        )

    @macro
    def clause(self, page: str, clause_id: str, title: bool = True) -> str:
        """An in-text reference: `{{ clause("3.2") }}` links to clause 3.2."""
        return render_code.clause_link(self.code, str(clause_id), page, with_title=title)

    @macro
    def principles_table(self, page: str) -> str:
        """The eight principles with their statements and clause counts."""
        return render_code.principles_table(self.code, page)

    @macro
    def principles_list(self, page: str) -> str:
        """A numbered list of the principles, linking to their pages."""
        return render_code.principles_list(self.code, page)

    # -- checklists -----------------------------------------------------------

    @macro
    def checklist(self, page: str, audience: str) -> str:
        """A generated checklist: an audience key, or "all" for the complete one."""
        return render_checklists.checklist_page(
            self.code, audience, self.edition,
            downloads=render_checklists.download_links(self.code, audience, self.html_links,
                                                       self.downloads),
            html_links=self.html_links,
            since={c.id: question_since(self.history, c.id) for c in self.code.active_clauses},
            versions=[v.version for v in self.history.versions],
            redlines=latest_change_links(self.history, self.code, page, self.html_links))

    @macro
    def checklists_table(self, page: str) -> str:
        """The checklists, who answers each and its number of items."""
        return checklists_table(self.code)

    @macro
    def code_downloads(self, page: str) -> str:
        """Links to the whole code as one document (PDF and Word), with their sizes."""
        return render_checklists.code_downloads_block(
            render_checklists.download_links(self.code, None, self.html_links, self.downloads,
                                             page=page),
            self.edition)

    # -- cross-references -----------------------------------------------------

    @macro
    def compact_table(self, page: str) -> str:
        """Clauses against the Compact's five outcomes."""
        return render_crossref.matrix(self.code, "compact", page)

    @macro
    def compact_by_outcome(self, page: str) -> str:
        """For each Compact outcome, the clauses that support it."""
        return render_crossref.by_item(self.code, "compact", page)

    @macro
    def merlin_table(self, page: str, framework: str = "merlin") -> str:
        """Clauses against the Merlin principles ("merlin" or "merlin_2018")."""
        return render_crossref.matrix(self.code, framework, page)

    @macro
    def merlin_by_principle(self, page: str) -> str:
        """For each Merlin principle, original and 2017–18, the clauses that support it."""
        return ("#### The original four principles\n\n"
                + render_crossref.by_item(self.code, "merlin", page, heading_level=5)
                + "#### The 2017–18 principles\n\n"
                + render_crossref.by_item(self.code, "merlin_2018", page, heading_level=5))

    # -- background -----------------------------------------------------------

    @macro
    def glossary(self, page: str) -> str:
        """Every glossary term and its definition."""
        return glossary_markdown(self.project.glossary)

    # -- changes and consultation ---------------------------------------------

    @macro
    def changelog(self, page: str) -> str:
        """Every version, newest first, with its changes, reasons and redlines."""
        return render_history.changelog(self.code, self.history, page, self.html_links,
                                        next_version=read_next_version(self.project.releases,
                                                                     self.project.root))

    @macro
    def you_said_we_did(self, page: str) -> str:
        """The consultation register: each comment, our response and the outcome."""
        return render_consultations.register_page(self.code, self.history, page,
                                                   self.html_links, self.repo_url)

    @macro
    def compare_versions(self, page: str) -> str:
        """The clause-level redline between every pair of versions."""
        return render_history.compare_page(self.code, self.history, page, self.html_links)

    @macro
    def open_consultations(self, page: str) -> str:
        """A notice of each open consultation with its closing date (nothing if none is open)."""
        return render_consultations.open_notice(self.code, self.history, page, self.html_links,
                                                repo_url=self.repo_url,
                                                version=self.edition["version"])

    @macro
    def adopters(self, page: str) -> str:
        """The register of adopters (data/adopters.yml), with counts and filters."""
        return render_adopters.adopters_page(self.project.adopters,
                                             [r.version for r in self.project.releases],
                                             self.repo_url)

    @macro
    def consultations(self, page: str) -> str:
        """Every consultation by state, with the response to each one reported on."""
        return render_consultations.consultations_page(
            self.code, self.history, page, self.html_links, self.repo_url,
            version=self.edition["version"], comments_email=self.comments_email,
            manifest=self.downloads)

    # -- contributing -------------------------------------------------------------

    @macro
    def change_record_example(self, page: str, indent: int = 0) -> str:
        """A change record to paste into data/changes.yml, for the working version."""
        from code_of_practice.model.releases import working_version
        from code_of_practice.render.contribute import change_record_example

        return change_record_example(working_version(self.project.root),
                                     self.code.active_clauses[0].id, int(indent))

    # -- errata and editorial reviews -----------------------------------------

    @macro
    def errata(self, page: str) -> str:
        """Every erratum of a released version: where, what it said, the correction."""
        return render_errata.errata_page(
            self.code, list(self.project.errata), self.edition, page, self.html_links,
            titles=self._titles(p for e in self.project.errata for p in e.where))

    @macro
    def errata_notice(self, page: str) -> str:
        """The errata notice of a released version, for the home page (every
        other page has it from the theme); nothing for a working draft."""
        return render_errata.notice_html(self.code, list(self.project.errata), self.edition,
                                         page, self.html_links)

    @macro
    def editorial_reviews(self, page: str) -> str:
        """Each editorial review: what it found and what was done, finding by finding."""
        return render_reviews.reviews_page(
            self.code, list(self.project.reviews), page, self.html_links,
            titles=self._titles(p for r in self.project.reviews for f in r.findings
                                for p in f.pages))

    def _titles(self, pages) -> dict[str, str]:
        """Pages named by their titles: a principle page by its principle (its
        heading comes from a macro), any other page by its first heading."""
        principles = {p.page: f"Principle {p.number}: {p.title}" for p in self.code.principles}
        return {p: principles.get(p) or page_title(self.project.root, p) for p in set(pages)}

# The macros, in the order they are written above: every method marked @macro.
PageMacros.MACROS = tuple(name for name, value in vars(PageMacros).items()
                          if getattr(value, "is_macro", False))
