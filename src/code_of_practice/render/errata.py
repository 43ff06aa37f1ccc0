"""The errata: the errata page, and the notice on every page of a version
that has errata (overrides/partials/errata.html shows it from the data this
module gives the theme).

Every value from data/errata.yml is escaped where it is written.
"""

from __future__ import annotations

import html

from code_of_practice.model.code import Code
from code_of_practice.model.errata import Erratum, errata_of
from code_of_practice.render.history import clause_target, long_date
from code_of_practice.render.links import HtmlLinks

ERRATA_PAGE = "changes/errata.md"


def erratum_anchor(erratum_id: str) -> str:
    return "erratum-" + erratum_id.lower()


def erratum_pages(code: Code, erratum: Erratum) -> list[str]:
    """The pages (docs/-relative) an erratum is about: those it names, and the
    principle pages of the clauses it names (as this build's code has them)."""
    pages = list(erratum.where)
    for clause_id in erratum.clauses:
        clause = code.by_id.get(clause_id)
        if clause is not None:
            page = code.principle(clause.principle).page
            if page not in pages:
                pages.append(page)
    return pages


def _where_html(code: Code, erratum: Erratum, page: str, html_links: HtmlLinks,
                titles: dict[str, str]) -> str:
    parts = []
    for target in erratum.where:
        label = html.escape(titles.get(target, target))
        parts.append(f'<a href="{html_links.href(page, target)}">{label}</a>')
    for clause_id in erratum.clauses:
        href = clause_target(code, clause_id, page, html_links)
        label = f"clause {html.escape(clause_id)}"
        parts.append(f'<a href="{href}">{label}</a>' if href else label)
    return ", ".join(parts)


def errata_page(code: Code, errata: list[Erratum], edition: dict, page: str = ERRATA_PAGE,
                html_links: HtmlLinks = HtmlLinks(), titles: dict[str, str] | None = None) -> str:
    """Every erratum, newest version first: where, what it said, the correction,
    the source, and when it was found."""
    titles = titles or {}
    if not errata:
        return "No errors of fact have been found in a released version.\n"
    versions = sorted({e.version for e in errata}, key=lambda v: [int(p) for p in v.split(".")],
                      reverse=True)
    out = []
    for version in versions:
        items = errata_of(errata, version)
        word = "erratum" if len(items) == 1 else "errata"
        out.append(f"## Version {html.escape(version)}\n\n"
                   f"Version {html.escape(version)} has {len(items)} {word}.\n")
        for item in items:
            out.append(
                f'<section class="erratum" id="{erratum_anchor(item.id)}" '
                f'aria-labelledby="{erratum_anchor(item.id)}-title">\n'
                f'<h3 id="{erratum_anchor(item.id)}-title">{html.escape(item.id)}</h3>\n'
                "<dl>\n"
                f"<dt>Version</dt><dd>{html.escape(item.version)}</dd>\n"
                f"<dt>Where</dt><dd>{_where_html(code, item, page, html_links, titles)}</dd>\n"
                f"<dt>What it said</dt><dd>{html.escape(item.error)}</dd>\n"
                f"<dt>The correction</dt><dd>{html.escape(item.correction)}</dd>\n"
                f"<dt>Source</dt><dd>{_linked(item.source)}</dd>\n"
                f"<dt>Found</dt><dd>{long_date(item.found)}</dd>\n"
                "</dl>\n</section>\n")
    return "\n".join(out)


def _linked(text: str) -> str:
    """Escaped text with its https:// addresses as links."""
    words = []
    for word in text.split(" "):
        tail = ""
        while word and word[-1] in ".,;)":
            word, tail = word[:-1], word[-1] + tail
        if word.startswith("https://"):
            href = html.escape(word, quote=True)
            words.append(f'<a href="{href}">{html.escape(word)}</a>{html.escape(tail)}')
        else:
            words.append(html.escape(word + tail))
    return " ".join(words)


def theme_notices(code: Code, errata: list[Erratum], edition: dict) -> dict | None:
    """What the theme needs to show the errata notice on every page of a site
    built as a released version with errata, or None (no notice):
    {"version", "count", "pages": {page path: [{"id", "anchor", "error",
    "correction"}]}}. The theme escapes every value."""
    if not edition.get("released"):
        return None
    items = errata_of(errata, edition["version"])
    if not items:
        return None
    pages: dict[str, list[dict]] = {}
    for item in items:
        for page in erratum_pages(code, item):
            pages.setdefault(page, []).append({
                "id": item.id, "anchor": erratum_anchor(item.id), "error": item.error,
                "correction": item.correction})
    return {"version": edition["version"], "count": len(items), "pages": pages}



def notice_html(code: Code, errata: list[Erratum], edition: dict, page: str,
                html_links: HtmlLinks = HtmlLinks()) -> str:
    """The errata notice as a macro writes it into a page: the home page, where
    it follows the status line and the start boxes so that those stay on a
    phone's first screen (every other page has it from the theme, see
    overrides/partials/errata.html, with the same markup). '' when there is
    nothing to show."""
    notices = theme_notices(code, errata, edition)
    if not notices:
        return ""
    count = notices["count"]
    href = html_links.href(page, ERRATA_PAGE)
    found = ("One error of fact has" if count == 1 else f"{count} errors of fact have")
    out = ['<div class="admonition warning errata-notice" role="note" '
           'aria-labelledby="errata-notice-title">',
           f'<p class="admonition-title" id="errata-notice-title">Corrections to version '
           f'{html.escape(notices["version"])}</p>',
           f"<p>{found} been found in this version since it was released. Do not act on "
           f'{"it" if count == 1 else "them"}: <a href="{href}">read the errata and their '
           "corrections</a>.</p>"]
    mine = notices["pages"].get(page, [])
    if mine:
        out.append("<p>On this page:</p>\n<ul>")
        for item in mine:
            out.append(f'<li><a href="{html_links.href(page, ERRATA_PAGE, item["anchor"])}">'
                       f'{html.escape(item["id"])}</a>. It said: {html.escape(item["error"])} '
                       f'<strong>Correction:</strong> {html.escape(item["correction"])}</li>')
        out.append("</ul>")
    out.append("</div>")
    return "\n".join(out) + "\n"
