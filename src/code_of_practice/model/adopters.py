"""The register of adopters: data/adopters.yml.

Each record is an organisation that has publicly adopted a released version
of the code and published its statement against it:

    - name: Example Advice Trust         # as the organisation names itself
      sector: voluntary and community    # one of SECTORS
      role: partner                      # commissioner, prime or partner
      version: "1.0"                     # a released version, in quotes
      date: 2027-03-01                   # when it adopted that version
      statement: https://...             # its public statement (https only)

The register starts empty: only an organisation's own public statement puts
it on the list. Every record is checked with the file and line of the fault.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from code_of_practice.model.ids import is_version
from code_of_practice.model.policy import plain_text_problem
from code_of_practice.model.yaml_lines import DataError, line_of, load_yaml_file

FILE = "data/adopters.yml"
FIELDS = ("name", "sector", "role", "version", "date", "statement")
ROLES = {"commissioner": "Commissioner", "prime": "Prime contractor", "partner": "Partner"}
SECTORS = ("voluntary and community", "private", "public", "social enterprise")
NAME_MAX = 120


@dataclass(frozen=True)
class Adopter:
    name: str
    sector: str
    role: str
    version: str
    date: str
    statement: str
    line: int = 0

    @property
    def role_label(self) -> str:
        return ROLES[self.role]


def _https_problem(value) -> str | None:
    if not isinstance(value, str) or not value.strip():
        return "is missing: give the https:// address of the organisation's public statement."
    if any(c.isspace() for c in value):
        return "contains a space: give one address."
    parts = urlsplit(value)
    if parts.scheme != "https" or not parts.netloc or "@" in parts.netloc:
        return (f"must be an https:// address of a public page, not {value[:80]!r}.")
    return None


def load_adopters(root: Path, released: dict[str, str],
                  today: datetime.date | None = None) -> tuple[Adopter, ...]:
    """The records of data/adopters.yml, checked. `released` maps each released
    version to its date. Raises DataError naming every fault with its line."""
    path = Path(root) / FILE
    if not path.exists():
        return ()
    data = load_yaml_file(path, root)
    if data is None:
        data = []
    if not isinstance(data, list):
        raise DataError(f"{FILE}, line 1: the register must be a list of records, each "
                        "starting '- name:'. An empty register is written [].")
    today = today or datetime.date.today()
    errors, found = [], []
    for raw in data:
        if not isinstance(raw, dict):
            errors.append(f"{FILE}: each record must start '- name:' followed by its fields "
                          f"({', '.join(FIELDS)}), not {str(raw)[:40]!r}.")
            continue
        before = len(errors)
        suffix = f", {raw['name'][:60]}" if isinstance(raw.get("name"), str) else ""
        where = f"{FILE}, line {line_of(raw)}{suffix}"

        def at(key, raw=raw, suffix=suffix):
            return f"{FILE}, line {line_of(raw, key)}{suffix}"
        missing = [f for f in FIELDS if raw.get(f) in (None, "")]
        unknown = [str(k) for k in raw if k not in FIELDS]
        if missing:
            errors.append(f"{where}: missing {', '.join(missing)}. A record has "
                          f"{', '.join(FIELDS)}.")
        if unknown:
            errors.append(f"{where}: unknown field(s) {', '.join(unknown)}. A record has "
                          f"{', '.join(FIELDS)}.")
        if missing or unknown:
            continue
        name = raw["name"]
        problem = "is not text" if not isinstance(name, str) else plain_text_problem(name)
        if problem is None and len(name) > NAME_MAX:
            problem = f"is {len(name)} characters long; keep it under {NAME_MAX}"
        if problem:
            errors.append(f"{at('name')}: the name {problem}.")
        if raw["sector"] not in SECTORS:
            errors.append(f"{at('sector')}: sector {raw['sector']!r} is not one of "
                          f"{', '.join(repr(s) for s in SECTORS)}.")
        if raw["role"] not in ROLES:
            errors.append(f"{at('role')}: role {raw['role']!r} is not one of "
                          f"{', '.join(ROLES)}.")
        version = raw["version"]
        if not isinstance(version, str):
            errors.append(f"{at('version')}: write the version in quotes, like version: \"1.0\".")
        elif not is_version(version) or version not in released:
            errors.append(f"{at('version')}: version {version!r} is not a released version of "
                          f"the code. Use one of: {', '.join(released) or '(none yet)'}.")
        date = raw["date"]
        try:
            day = date if isinstance(date, datetime.date) else datetime.date.fromisoformat(str(date))
        except ValueError:
            errors.append(f"{at('date')}: date must be a date like 2027-03-01, not {date!r}.")
            day = None
        if day is not None:
            if day > today:
                errors.append(f"{at('date')}: the date {day} is in the future: list an "
                              "organisation once it has adopted the code.")
            elif isinstance(version, str) and version in released and \
                    day.isoformat() < released[version]:
                errors.append(f"{at('date')}: the date {day} is before version {version} was "
                              f"released ({released[version]}).")
        problem = _https_problem(raw["statement"])
        if problem:
            errors.append(f"{at('statement')}: the statement address {problem}")
        if len(errors) == before:
            found.append(Adopter(name=name, sector=raw["sector"], role=raw["role"],
                                 version=version, date=day.isoformat(),
                                 statement=raw["statement"], line=line_of(raw)))
    names = {}
    for adopter in found:
        key = (adopter.name.casefold(), adopter.version)
        if key in names:
            errors.append(f"{FILE}, line {adopter.line}, {adopter.name}: listed twice for version "
                          f"{adopter.version} (first on line {names[key]}).")
        names[key] = adopter.line
    if errors:
        raise DataError("\n".join(errors))
    return tuple(found)
