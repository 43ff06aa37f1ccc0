"""The Atom feed of the code's releases and consultation records (a post-build step).

  <site>/feed.xml   one entry per release, listing what changed in it, and one
                    per consultation (data/consultations.yml)

Every page declares the feed in its head (overrides/main.html) and the
changelog links to it. The feed is made from the model, like the changelog,
by feedgen; a reader's feed program polls it, so nobody has to visit the
site to learn of a new version. Unreleased changes are left out: they are
not part of any version yet, and have no date of their own.

Contributed text (summaries, reasons, titles) goes into the entries as
escaped HTML; feedgen escapes the XML.
"""

from __future__ import annotations

import datetime
import html
from pathlib import Path

from feedgen.feed import FeedGenerator

from code_of_practice.model.diff import ClauseChange
from code_of_practice.model.fields import FIELD_LABELS
from code_of_practice.model.history import VersionEntry
from code_of_practice.model.project import Project
from code_of_practice.model.urls import (CHANGELOG, CONSULTATIONS, FEED_FILE, KIND_LABELS,
                                         absolute_url, consultation_anchor, version_anchor)

TITLE = "Code of Practice for Voluntary–Private Sector Co-operation in Public Services"
AUTHOR = "The maintainers of the living Code of Practice"


def _day(iso: str) -> datetime.datetime:
    """A release date as midnight UTC: Atom needs a time, and releases have a day."""
    return datetime.datetime.combine(datetime.date.fromisoformat(iso), datetime.time(),
                                     tzinfo=datetime.timezone.utc)


def _change_line(change: ClauseChange, base_url: str, code) -> str:
    clause = change.new or change.old
    label = html.escape(f"{change.id} {clause['title']}")
    if change.id in code.by_id:
        current = code.by_id[change.id]
        page = code.principle(current.principle).page
        label = f'<a href="{html.escape(absolute_url(base_url, page, current.anchor))}">{label}</a>'
    what = KIND_LABELS[change.kind]
    if change.kind == "changed":
        what += " (" + ", ".join(FIELD_LABELS[f].lower() for f in change.fields) + ")"
    return f"<li>{what}: {label}</li>"


def release_content(entry: VersionEntry, base_url: str, code, first: bool) -> str:
    """The HTML of one release's entry: its summary, then its changes, with the
    changes to links alone on one line, as on the changelog."""
    parts = [f"<p><strong>Status:</strong> {html.escape(entry.status)}</p>",
             f"<p>{html.escape(entry.summary)}</p>"]
    wording = [c for c in entry.changes if first or not c.links_only]
    links = [c for c in entry.changes if not first and c.links_only]
    if first:
        parts.append(f"<p>The first version of the code: {len(wording)} clauses, all new.</p>")
    elif wording:
        parts.append("<ul>" + "".join(_change_line(c, base_url, code) for c in wording) + "</ul>")
    if links:
        ids = ", ".join(html.escape(c.id) for c in links)
        parts.append(f"<p>Links changed, wording unchanged, in {len(links)} "
                     f"{'clause' if len(links) == 1 else 'clauses'}: {ids}.</p>")
    if not entry.changes:
        parts.append("<p>No clause changed in this version.</p>")
    url = absolute_url(base_url, CHANGELOG, version_anchor(entry.version))
    parts.append(f'<p><a href="{html.escape(url)}">Read the changes with their reasons and '
                 "redlines</a></p>")
    return "\n".join(parts)


def build_feed(project: Project, base_url: str) -> bytes:
    """The Atom document, newest entry first."""
    history = project.history
    feed = FeedGenerator()
    feed_url = absolute_url(base_url, "index.md").rstrip("/") + "/" + FEED_FILE
    feed.id(feed_url)
    feed.title(f"{TITLE}: releases and consultations")
    feed.subtitle("Each release of this independently maintained edition of the code, "
                  "with what changed in it, and each consultation on it.")
    feed.author({"name": AUTHOR})
    feed.link(href=absolute_url(base_url, CHANGELOG), rel="alternate", type="text/html")
    feed.link(href=feed_url, rel="self", type="application/atom+xml")
    feed.language("en")

    dated = []  # (date, kind, function that fills in an entry)
    released = [v for v in history.versions if v.released]
    for entry in released:
        def fill(item, entry=entry):
            item.id(absolute_url(base_url, CHANGELOG, version_anchor(entry.version)))
            item.title(f"Version {entry.version} ({entry.status})")
            item.link(href=absolute_url(base_url, CHANGELOG, version_anchor(entry.version)),
                      rel="alternate", type="text/html")
            item.content(release_content(entry, base_url, project.code,
                                         entry is history.versions[0]), type="html")
        dated.append((_day(entry.date), 0, entry.version, fill))

    for consultation in history.consultations:
        def fill(item, c=consultation):
            url = absolute_url(base_url, CONSULTATIONS, consultation_anchor(c.id))
            item.id(url)
            state = "reported on" if c.reported else f"{c.opens} to {c.closes}"
            item.title(f"Consultation: {c.title} ({state})")
            item.link(href=url, rel="alternate", type="text/html")
            parts = [f"<p><strong>On:</strong> {html.escape(c.subject)}</p>",
                     f"<p><strong>Open:</strong> {html.escape(c.opens)} to "
                     f"{html.escape(c.closes)} (the last day to respond)</p>"]
            if c.summary:
                parts.append(f"<p>{html.escape(c.summary)}</p>")
            parts.append(f"<p><strong>How to respond:</strong> {html.escape(c.how_to_respond)}</p>")
            if c.reported:
                parts.append(f"<p><strong>Our response</strong> ({html.escape(c.reported)}): "
                             f"{html.escape(c.response)}</p>")
            item.content("\n".join(parts), type="html")
        # Announced when it opens; updated when its response is published.
        dated.append((_day(consultation.reported or consultation.opens), 1, consultation.id, fill))

    # Oldest first into feedgen, which writes the last added first.
    for when, _, _, fill in sorted(dated, key=lambda d: (d[0], -d[1], d[2])):
        item = feed.add_entry()
        fill(item)
        item.updated(when)
        item.published(when)
    feed.updated(max((d[0] for d in dated), default=datetime.datetime.now(datetime.timezone.utc)))
    return feed.atom_str(pretty=True)


def write_feed(project: Project, site_dir: Path, base_url: str) -> list[Path]:
    path = Path(site_dir) / FEED_FILE
    path.write_bytes(build_feed(project, base_url))
    return [path]
