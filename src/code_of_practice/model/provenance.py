"""What this edition is, said the same way wherever the code leaves the site:
the JSON exports (a provenance object), and the PDFs and CSVs (one line)."""

from __future__ import annotations

TITLE = "Code of Practice for Voluntary–Private Sector Co-operation in Public Services"
LICENCE = {
    "name": "Creative Commons Attribution 4.0 International (CC BY 4.0)",
    "short": "CC BY 4.0",
    "url": "https://creativecommons.org/licenses/by/4.0/",
}
STATEMENT = (
    "An independent, living edition written and maintained by this project in its own "
    "words since 2026. It draws on the themes of the draft code NCVO and Serco put out for "
    "comment in May 2012 and of the code published in April 2013, but it is not their text "
    "and they have not endorsed it."
)
# The same, short enough for the foot of a PDF page or the first row of a CSV.
SHORT_STATEMENT = (
    "An independent edition written by this project in its own words: not NCVO's or "
    "Serco's text, and not endorsed by them."
)


def provenance(edition: dict) -> dict:
    """The provenance object of the JSON exports."""
    found = {
        "title": TITLE,
        "statement": STATEMENT,
        "not_ncvo_or_serco_text": True,
        "version": edition["version"],
        "status": edition["status"],
        "date": edition.get("date"),
        "licence": {k: LICENCE[k] for k in ("name", "url")},
    }
    if edition.get("adopted_by"):
        found["adopted_by"] = dict(edition["adopted_by"])
    state = edition.get("state")
    if state:
        # In force, and since when (model/release_state.py).
        found["state"] = {k: state.get(k) for k in ("state", "since", "in_force", "transition",
                                                     "superseded_by", "label")}
    return found


def provenance_line(edition: dict) -> str:
    """One line for the foot of a PDF page or a CSV's first row."""
    date = f", {edition['date']}" if edition.get("date") else ""
    state = edition.get("state") or {}
    if state.get("label"):
        date += "; " + state["label"][0].lower() + state["label"][1:]
    return (f"{TITLE}, version {edition['version']} ({edition['status']}{date}). "
            f"{SHORT_STATEMENT} Licence: {LICENCE['short']}.")
