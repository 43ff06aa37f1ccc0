"""In force, and since when: the state of each version of the code on a given day.

A release snapshot may carry `in_force` (the date it takes effect) and
`transition` (the period before that date in which organisations move over,
such as "6 months"); snapshots without them stay valid. From the release's
status, those dates and the later releases, each version is in one state:

  draft                 a draft release, or the working draft (unreleased)
  out for consultation  a consultation draft: never in force, whatever it says
  published             published (or adopted), not yet in force
  in force              published (or adopted), and its in-force date has come
  superseded            a later published version has taken effect

A state is worked out for a day (the build's day by default): a page built
before an in-force date says "in force from" that date and is rebuilt to say
"in force since".
"""

from __future__ import annotations

import datetime
import re

STATES = ("draft", "out for consultation", "published", "in force", "superseded")
# The statuses whose releases can come into force.
IN_FORCE_STATUSES = ("published", "adopted")
TRANSITION = re.compile(r"^([1-9][0-9]?) (day|week|month|year)s?$")
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December")


def long_date(day: str | None) -> str:
    """2026-12-01 -> 1 December 2026."""
    if not day:
        return ""
    d = datetime.date.fromisoformat(str(day))
    return f"{d.day} {MONTHS[d.month - 1]} {d.year}"


def in_force_problems(status: str, date: str, in_force, transition) -> list[str]:
    """What is wrong with a release's in-force date and transition period, each
    with the fix. The release command and the snapshot loader both use it."""
    problems = []
    if in_force in (None, "") and transition in (None, ""):
        return problems
    if in_force in (None, ""):
        return ["a transition period is given without an in-force date: give IN_FORCE, the "
                "date the version takes effect, or leave TRANSITION out."]
    try:
        day = datetime.date.fromisoformat(str(in_force))
    except ValueError:
        return [f"the in-force date {in_force!r} is not a date like 2027-06-01."]
    if status not in IN_FORCE_STATUSES:
        problems.append(f"a {status} release is never in force: only a "
                        f"{' or '.join(IN_FORCE_STATUSES)} release can have an in-force date. "
                        "Leave IN_FORCE out, or release with STATUS=\"published\".")
    try:
        if day < datetime.date.fromisoformat(str(date)):
            problems.append(f"the in-force date {day} is before the release date {date}: a "
                            "version takes effect on or after the day it is published.")
    except ValueError:
        pass  # the release date's own problem is reported by release_problems
    if transition not in (None, "") and not (isinstance(transition, str)
                                              and TRANSITION.match(transition)):
        problems.append(f"the transition period {transition!r} is not a period such as "
                        "\"6 months\", \"12 weeks\" or \"1 year\".")
    return problems


def _effective(release) -> str:
    """The day a published release took, or takes, the place of earlier ones."""
    return release.in_force or release.date


def release_state(release, releases, today: datetime.date | None = None,
                  consultation_closed: str | None = None) -> dict:
    """The state of one release on `today`: state, since (a date or None), the
    in-force date and transition, the superseding version, and a label.
    `consultation_closed` is the last day of the consultation on this version,
    if one has closed: a consultation draft is no longer "out for
    consultation" after it, but a draft (still never in force)."""
    today = (today or datetime.date.today()).isoformat()
    found = {"state": "", "since": None, "in_force": release.in_force,
             "transition": release.transition, "superseded_by": None, "closed": None}
    later = [r for r in releases if _later(r.version, release.version)
             and r.status in IN_FORCE_STATUSES and _effective(r) <= today]
    if later:
        by = min(later, key=_effective)
        found.update(state="superseded", since=_effective(by), superseded_by=by.version)
    elif release.status == "consultation draft" and consultation_closed and \
            consultation_closed < today:
        found.update(state="draft", since=release.date, closed=consultation_closed)
    elif release.status == "consultation draft":
        found.update(state="out for consultation", since=release.date)
    elif release.status not in IN_FORCE_STATUSES:
        found.update(state="draft", since=release.date)
    elif release.in_force and release.in_force <= today:
        found.update(state="in force", since=release.in_force)
    else:
        found.update(state="published", since=release.date)
    found["label"] = state_label(found)
    return found


def closed_consultation(consultations, version: str,
                        today: datetime.date | None = None) -> str | None:
    """The last day of the latest consultation on `version` that has closed
    (or been reported on), or None while one is open or none was held."""
    held = [c for c in consultations if getattr(c, "version", None) == version]
    if any(c.state(today) in ("open", "planned") for c in held):
        return None
    closed = [c.closes for c in held if c.state(today) in ("closed", "reported on")]
    return max(closed) if closed else None


def working_state() -> dict:
    """The state of the working draft: changes no release holds yet."""
    found = {"state": "draft", "since": None, "in_force": None, "transition": None,
             "superseded_by": None, "closed": None}
    found["label"] = state_label(found)
    return found


def state_label(state: dict) -> str:
    """The state in words, with its dates: what the banner and the changelog say."""
    kind, since = state["state"], long_date(state.get("since"))
    if kind == "superseded":
        return f"Superseded by version {state['superseded_by']} since {since}"
    if kind == "out for consultation":
        return f"Out for consultation since {since}; not in force"
    if kind == "draft" and state.get("closed"):
        return (f"Consultation draft; the consultation closed on {long_date(state['closed'])}; "
                "not in force")
    if kind == "draft":
        return f"Draft since {since}; not in force" if since else "Draft, not released; not in force"
    if kind == "in force":
        return f"In force since {since}" + _transition(state)
    label = f"Published on {since}"
    if state.get("in_force"):
        label += f"; in force from {long_date(state['in_force'])}" + _transition(state)
    else:
        label += "; no in-force date set"
    return label


def _transition(state: dict) -> str:
    return f", after a transition period of {state['transition']}" if state.get("transition") else ""


def _later(a: str, b: str) -> bool:
    return tuple(int(p) for p in a.split(".")) > tuple(int(p) for p in b.split("."))
