"""The editorial reviews page: for each review, what it looked at, and for
each finding what it found and what was done ("fixed") or why nothing was
changed ("answered"), like a consultation's "you said, we did".

Every value from data/reviews.yml is escaped where it is written.
"""

from __future__ import annotations

import html

from code_of_practice.model.code import Code
from code_of_practice.model.reviews import OUTCOME_LABELS, TOPICS, Review
from code_of_practice.render.history import CHANGELOG, clause_target, long_date
from code_of_practice.render.links import HtmlLinks

REVIEWS_PAGE = "changes/reviews.md"
TOPIC_HEADINGS = {
    "facts": "Facts", "omissions": "What was missing", "questions": "Checklist questions",
    "audience": "Who a clause is for", "vague words": "Vague words",
    "checkability": "Duties that can be checked", "logic": "Logic and law",
    "duplicates": "Duplicates", "links": "Links between clauses", "numbers": "Numbers",
    "readability": "Readability", "honesty": "Honesty", "priorities": "Priorities",
}


def review_anchor(review_id: str) -> str:
    return review_id.lower()


def _links(code: Code, finding, page: str, html_links: HtmlLinks,
           titles: dict[str, str]) -> str:
    parts = []
    for clause_id in finding.clauses:
        href = clause_target(code, clause_id, page, html_links)
        label = f"clause {html.escape(clause_id)}"
        parts.append(f'<a href="{href}">{label}</a>' if href else label)
    for target in finding.pages:
        label = html.escape(titles.get(target, target))
        parts.append(f'<a href="{html_links.href(page, target)}">{label}</a>')
    if finding.changes:
        parts.append(f'<a href="{html_links.href(page, CHANGELOG)}">the change records in the '
                     "changelog</a>")
    return ", ".join(parts)


def reviews_page(code: Code, reviews: list[Review], page: str = REVIEWS_PAGE,
                 html_links: HtmlLinks = HtmlLinks(), titles: dict[str, str] | None = None) -> str:
    """Every review, newest first, its findings grouped by topic. `titles`
    names pages by their titles (docs/-relative path -> title)."""
    titles = titles or {}
    if not reviews:
        return "No editorial review has been recorded yet.\n"
    out = []
    for review in sorted(reviews, key=lambda r: r.date, reverse=True):
        anchor = review_anchor(review.id)
        fixed, answered = review.count("fixed"), review.count("answered")
        out.append(
            f'<section class="editorial-review" id="{anchor}" aria-labelledby="{anchor}-title">\n'
            f'<h2 id="{anchor}-title">{html.escape(review.title)}</h2>\n'
            f"<p><strong>{html.escape(review.id)}</strong>, {long_date(review.date)}, of "
            f"version {html.escape(review.version)}.</p>\n"
            f"<p>{html.escape(review.summary)}</p>\n"
            f"<p>{len(review.findings)} findings: {fixed} fixed, {answered} answered without "
            "a change.</p>\n")
        for topic in TOPICS:
            findings = [f for f in review.findings if f.topic == topic]
            if not findings:
                continue
            out.append(f'<h3 id="{anchor}-{topic.replace(" ", "-")}">'
                       f"{TOPIC_HEADINGS[topic]}</h3>\n")
            for finding in findings:
                fid = f"{anchor}-{finding.id.lower()}"
                related = _links(code, finding, page, html_links, titles)
                out.append(
                    f'<div class="review-finding" id="{fid}">\n'
                    f"<h4>{html.escape(finding.id)}: "
                    f"{OUTCOME_LABELS[finding.outcome]}</h4>\n"
                    "<dl>\n"
                    f"<dt>What the review found</dt><dd>{html.escape(finding.found)}</dd>\n"
                    f"<dt>What we did</dt><dd>{html.escape(finding.response)}</dd>\n"
                    + (f"<dt>See</dt><dd>{related}</dd>\n" if related else "")
                    + "</dl>\n</div>\n")
        out.append("</section>\n")
    return "\n".join(out)
