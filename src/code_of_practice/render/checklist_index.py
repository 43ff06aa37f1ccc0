"""The table of checklists on docs/checklists/index.md: one row per audience,
then the questions to ask your prime and the complete checklist, each with
its number of items."""

from __future__ import annotations

from code_of_practice.model.code import Code
from code_of_practice.render.escape import md


def checklists_table(code: Code) -> str:
    rows = ["| Checklist | Who answers it | Items |", "| --- | --- | --- |"]
    for key, info in code.frameworks.audiences.items():
        page = info["checklist"].replace("checklists/", "")
        rows.append(f"| [{md(info['name'])}]({page}) | {md(info['name'])}, about their own "
                    f"practice | {len(code.for_audience(key))} |")
    asks = sum(1 for c in code.active_clauses if c.ask_prime)
    rows.append("| [Questions to ask your prime](ask-your-prime.md) | Partners, about their "
                f"prime contractor or consortium lead | {asks} |")
    rows.append("| [Complete checklist](complete.md) | Anyone reviewing a whole supply chain "
                f"| {len(code.active_clauses)} |")
    return "\n".join(rows)
