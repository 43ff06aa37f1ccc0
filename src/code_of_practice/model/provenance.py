"""What this edition is, said the same way wherever the code leaves the site:
the JSON exports, the PDFs, the CSVs and the other downloads."""

from __future__ import annotations

TITLE = "Code of Practice for Voluntary–Private Sector Co-operation in Public Services"
LICENCE = {
    "name": "Creative Commons Attribution 4.0 International (CC BY 4.0)",
    "url": "https://creativecommons.org/licenses/by/4.0/",
}
STATEMENT = (
    "An independent, living edition written and maintained by this project in its own "
    "words. It draws on the themes of the draft code NCVO and Serco published for comment "
    "in May 2012 and the code they published in April 2013, but it is not their text and "
    "they have not endorsed it."
)


def provenance(edition: dict) -> dict:
    """The provenance object of the JSON exports."""
    return {
        "title": TITLE,
        "statement": STATEMENT,
        "version": edition["version"],
        "status": edition["status"],
        "date": edition.get("date"),
        "licence": dict(LICENCE),
    }


def provenance_line(edition: dict) -> str:
    """One line for the foot of a PDF page, a CSV's first row or a sheet's header."""
    date = f", {edition['date']}" if edition.get("date") else ""
    return (f"{TITLE}, version {edition['version']} ({edition['status']}{date}). "
            f"{STATEMENT} Licence: {LICENCE['name']}.")
