"""Validate every data file, clause page, release snapshot and (given a built
site) every JSON export against the published JSON Schemas, with
check-jsonschema: `cop check-schemas [--site-dir site]`.

The project's own loader runs first and speaks first: a file it refuses is
reported with its line, clause and fix, and the schemas are not checked. Then
each schema of outputs/schemas.SCHEMAS is written into a temporary folder and
check-jsonschema validates the files it describes. A principle page's front
matter is copied into a YAML file of the same name for it. Each problem names
the file and the path inside it, such as

    data/changes.yml::$[3].type: 'renamed' is not one of ['added', ...]
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from code_of_practice.model.code import split_front_matter
from code_of_practice.model.project import Project
from code_of_practice.outputs.schemas import SCHEMAS, write_schemas

# The address the schemas name while they are checked: $id only, never fetched.
CHECK_URL = "https://example.invalid/"


def _files(root: Path, globs: tuple[str, ...]) -> list[Path]:
    return sorted({path for pattern in globs for path in Path(root).glob(pattern)
                   if path.is_file()})


def _front_matter_copy(page: Path, root: Path, folder: Path) -> Path:
    """The front matter of a principle page as a YAML file of the same name
    (docs/code/1-risk.md -> <folder>/docs/code/1-risk.md)."""
    relative = page.relative_to(root)
    front, _, _ = split_front_matter(page.read_text(encoding="utf-8"), str(relative))
    copy = folder / relative
    copy.parent.mkdir(parents=True, exist_ok=True)
    copy.write_text(front, encoding="utf-8")
    return copy


def _validate(schema_file: Path, files: list[Path], names: dict[str, str]) -> list[str]:
    """check-jsonschema on the files; one line per problem, with each file's own name."""
    result = subprocess.run(
        [sys.executable, "-m", "check_jsonschema", "--schemafile", str(schema_file),
         "--default-filetype", "yaml", "--color", "never", *map(str, files)],
        capture_output=True, text=True)
    if result.returncode == 0:
        return []
    lines = []
    for line in (result.stdout + result.stderr).splitlines():
        line = line.strip()
        if not line or line.startswith(("Schema validation errors", "ok --")):
            continue
        for given, name in names.items():
            line = line.replace(given, name)
        lines.append(line)
    return lines or [f"check-jsonschema failed on {', '.join(names.values())} "
                     f"(exit {result.returncode})."]


def schema_problems(project: Project, site_dir: Path | None = None) -> list[str]:
    """Every schema violation in the project's files (and a built site's exports)."""
    root = Path(project.root)
    problems = []
    with tempfile.TemporaryDirectory(prefix="cop-schemas-") as temp:
        temp = Path(temp)
        schema_dir = temp / "schemas"
        write_schemas(project, schema_dir, CHECK_URL)
        copies = temp / "front-matter"
        jobs = []
        for schema in SCHEMAS:
            schema_file = schema_dir / f"{schema.name}.schema.json"
            names: dict[str, str] = {}
            files = []
            for path in _files(root, schema.sources):
                if path.suffix == ".md":
                    checked = _front_matter_copy(path, root, copies)
                else:
                    checked = path
                names[str(checked)] = str(path.relative_to(root))
                files.append(checked)
            if site_dir is not None:
                for path in _files(site_dir, schema.exports):
                    names[str(path)] = str(path.relative_to(site_dir))
                    files.append(path)
            if files:
                jobs.append((schema_file, files, names))
        # One check-jsonschema per schema, a few at a time: each mostly waits to start.
        with ThreadPoolExecutor(max_workers=4) as pool:
            for found in pool.map(lambda job: _validate(*job), jobs):
                problems += found
    return problems


def run(project: Project, site_dir: Path | None = None) -> int:
    problems = schema_problems(project, site_dir)
    if problems:
        print(f"cop check-schemas: {len(problems)} schema violation(s):", file=sys.stderr)
        for line in problems:
            print(f"  {line}", file=sys.stderr)
        return 1
    checked = [s.name for s in SCHEMAS]
    print(f"cop check-schemas: every file matches its schema ({', '.join(checked)})",
          file=sys.stderr)
    return 0
