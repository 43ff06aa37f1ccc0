"""Build-time and size figures for the site (`make bench`, `cop bench`). Prints,
never fails on slowness: these are figures to watch, not tests.

    (a) `cop build` of the real site (downloads, strict build, post-build), then
        the strict build alone
    (b) the cost of the macros, fairly: the full build against a build of the
        same pages with the macros' output already written into the Markdown
        and the macros plugin switched off (CPU time, median of --repeat runs)
    (c) page weight and request count of the home page and the complete checklist
    (d) a synthetic code ten times the real size, with ten releases
    (e) Zensical beside MkDocs, same pages, CPU time

Each build runs in a temporary copy of the project. Builds are repeated
(--repeat, default 5) and the median is shown.
"""

from __future__ import annotations

import datetime
import json
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

from code_of_practice.model.code import load_code
from code_of_practice.model.code_data import code_content
from code_of_practice.model.ids import dotted_key
from code_of_practice.model.project import Project
from code_of_practice.model.releases import load_releases, snapshot_data
from code_of_practice.tasks.builds import BUILD_ENV, copy_project, zensical_binary

CLAUSE_START = re.compile(r'^  - id: "(\d+)\.(\d+)"\s*$', re.M)


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def timed(command: list[str], cwd: Path, repeat: int = 1):
    """(median wall seconds, median CPU seconds, last process) over repeat runs."""
    walls, cpus = [], []
    result = None
    for _ in range(repeat):
        cpu, start = _children_cpu(), time.perf_counter()
        result = subprocess.run(command, cwd=cwd, env=BUILD_ENV, capture_output=True, text=True)
        walls.append(time.perf_counter() - start)
        cpus.append(_children_cpu() - cpu)
        if result.returncode != 0:
            break
    return statistics.median(walls), statistics.median(cpus), result


def timed_build(project: Path, site_dir: Path, strict: bool = True, repeat: int = 1):
    """(median wall seconds, median CPU seconds) of `mkdocs build` over repeat runs."""
    command = [sys.executable, "-m", "mkdocs", "build", "--clean", "--site-dir", str(site_dir)]
    if strict:
        command.append("--strict")
    else:  # the config sets `strict: true`; a page stripped of macros has dangling anchors
        command.append("--no-strict")
    wall, cpu, result = timed(command, project, repeat)
    if result.returncode != 0:
        raise SystemExit(f"build of {project} failed:\n{result.stderr[-3000:]}")
    return wall, cpu


def count_pages(site_dir: Path) -> int:
    return sum(1 for _ in site_dir.rglob("index.html")) - sum(
        1 for _ in (site_dir / "search").rglob("index.html"))


# -- (b) the same pages, pre-rendered -----------------------------------------

CAPTURE_HOOK = """
import json, pathlib
OUT = pathlib.Path(__file__).parent / "_rendered"

def on_page_markdown(markdown, page, config, files):
    target = OUT / page.file.src_uri
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(json.dumps({"meta": page.meta, "markdown": markdown}, default=str),
                      encoding="utf-8")
    (OUT / "_edition.json").write_text(json.dumps(config["extra"].get("edition")),
                                       encoding="utf-8")
    return markdown
"""
# Without the macros, the theme still gets the edition the macros would set.
EDITION_HOOK = """
import json, pathlib

def on_config(config):
    path = pathlib.Path(__file__).parent / "_edition.json"
    config["extra"]["edition"] = json.loads(path.read_text(encoding="utf-8"))
    return config
"""
MACROS_PLUGIN = re.compile(r"^  - macros:\n(?:(?:      .*|\s*)\n)*", re.M)


def prerendered_copy(source: Path, dest: Path) -> int:
    """A copy of the project whose pages hold what the macros wrote into them,
    built without the macros plugin. Returns the number of pages rewritten."""
    capture = copy_project(source, dest.with_name(dest.name + "-capture"))
    (capture / "bench_capture.py").write_text(CAPTURE_HOOK, encoding="utf-8")
    config = (capture / "mkdocs.yml").read_text(encoding="utf-8")
    (capture / "mkdocs.yml").write_text(config + "\nhooks:\n  - bench_capture.py\n",
                                        encoding="utf-8")
    timed_build(capture, capture / "site", strict=True)
    copy_project(source, dest)
    rendered = capture / "_rendered"
    pages = 0
    for item in sorted(rendered.rglob("*.md")):
        data = json.loads(item.read_text(encoding="utf-8"))
        front = yaml.safe_dump(data["meta"], allow_unicode=True, sort_keys=False) \
            if data["meta"] else ""
        body = data["markdown"]
        text = f"---\n{front}---\n\n{body}" if front else body
        (dest / "docs" / item.relative_to(rendered)).write_text(text, encoding="utf-8")
        pages += 1
    (dest / "_edition.json").write_text((rendered / "_edition.json").read_text(encoding="utf-8"),
                                        encoding="utf-8")
    (dest / "bench_edition.py").write_text(EDITION_HOOK, encoding="utf-8")
    config = MACROS_PLUGIN.sub("", (dest / "mkdocs.yml").read_text(encoding="utf-8"))
    (dest / "mkdocs.yml").write_text(config + "\nhooks:\n  - bench_edition.py\n",
                                     encoding="utf-8")
    return pages


# -- (c) page weight -----------------------------------------------------------

def page_weight(site_dir: Path, paths: list[str]) -> dict[str, tuple[int, int]]:
    from code_of_practice.outputs.browser import chromium, serve

    figures = {}
    with serve(site_dir) as base_url, chromium() as browser:
        for path in paths:
            context = browser.new_context()
            sizes: list[int] = []

            def on_response(response, sizes=sizes):
                try:
                    sizes.append(len(response.body()))
                except Exception:  # a redirect or an aborted request has no body
                    sizes.append(0)

            context.on("response", on_response)
            page = context.new_page()
            page.goto(base_url + path, wait_until="networkidle")
            context.close()
            figures[path or "/"] = (len(sizes), sum(sizes))
    return figures


# -- (d) a synthetic code ten times the size -----------------------------------

def multiply_clauses(project: Path, factor: int) -> int:
    """Repeat every active clause of every principle page `factor` times, with new
    IDs after the real ones (N.k). Cross-references keep pointing at the
    originals. Withdrawn clauses are not copied: a copy would be a new ID
    withdrawn in a release that never held it."""
    total = 0
    for page in sorted((project / "docs" / "code").glob("[0-9]*-*.md")):
        text = page.read_text(encoding="utf-8")
        end = text.index("\n---", 3)
        front, rest = text[:end], text[end:]
        starts = [m.start() for m in CLAUSE_START.finditer(front)]
        head = front[:starts[0]]
        chunks = [front[a:b] for a, b in zip(starts, starts[1:] + [len(front)])]
        chunks = [c if c.endswith("\n") else c + "\n" for c in chunks]
        number = CLAUSE_START.search(chunks[0]).group(1)
        out = list(chunks)
        next_id = max(int(CLAUSE_START.search(c).group(2)) for c in chunks) + 1
        active = [c for c in chunks if "\n    withdrawn:" not in c]
        for copy in range(1, factor):
            for chunk in active:
                new = CLAUSE_START.sub(f'  - id: "{number}.{next_id}"', chunk, count=1)
                new = re.sub(r"^(    title: .*)$", rf"\1 (copy {copy})", new, count=1, flags=re.M)
                out.append(new)
                next_id += 1
        total += len(out)
        page.write_text(head + "".join(out).rstrip("\n") + rest, encoding="utf-8")
    return total


def write_synthetic_releases(project: Path, count: int) -> list[str]:
    """Releases after the real ones up to `count` in all, each with a small text
    change; the last one holds the pages as they are, so the build sees a
    released code (a working draft would need change records)."""
    real = load_releases(project)
    latest = real[-1].version
    major, minor = dotted_key(latest)
    pages = code_content(load_code(project))
    content = pages
    versions = []
    last = count - len(real)
    for n in range(1, last + 1):
        version = f"{major}.{minor + n}"
        content = json.loads(json.dumps(content))
        clause = content["clauses"][(n * 7) % len(content["clauses"])]
        clause["text"] = clause["text"].rstrip(".") + f", as revised in version {version}."
        if n == last:
            content = pages
        # Dated a day apart after the latest real release, as releases must be.
        day = datetime.date.fromisoformat(real[-1].date) + datetime.timedelta(days=n)
        data = snapshot_data(version, day.isoformat(), "published",
                             f"Synthetic release {version} for the benchmark.", content)
        (project / "releases" / f"{version}.json").write_text(
            json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        versions.append(version)
    (project / "data" / "edition.yml").write_text(f'next_version: "{major + 1}.0"\n',
                                                  encoding="utf-8")
    return versions


def model_time(project: Path, repeat: int) -> tuple[float, int, int]:
    """Seconds to read and validate the project (code, releases, history), uncached."""
    runs = []
    for _ in range(repeat):
        started = time.perf_counter()
        loaded = Project.read(project)
        runs.append(time.perf_counter() - started)
    return statistics.median(runs), len(loaded.code.clauses), len(loaded.releases)


def run(root: Path, *, repeat: int = 5, factor: int = 10, releases: int = 10) -> int:
    rows: list[tuple[str, str]] = []

    def row(label: str, value: str):
        rows.append((label, value))
        print(f"  {label}: {value}", flush=True)

    with tempfile.TemporaryDirectory(prefix="cop-bench-") as tmp:
        tmp = Path(tmp)

        print("(a) full build of the real site", flush=True)
        real = copy_project(root, tmp / "real")
        site = tmp / "site-real"
        # As `make build`: `cop build` runs the downloads, the strict build and
        # the post-build steps, in that order.
        wall, cpu, result = timed([sys.executable, "-m", "code_of_practice.cli", "--root",
                                   str(real), "build", "--site-dir", str(site)], real)
        if result.returncode == 0:
            row("cop build (downloads, strict build, post-build)",
                f"{wall:.2f} s wall, {cpu:.2f} s CPU")
        else:
            last = (result.stderr.strip().splitlines() or ["?"])[-1]
            row("cop build", f"failed after {wall:.2f} s: {last}")
        # The strict build alone, repeated (into its own folder: `site` stays as
        # `cop build` left it, post-build files included, for (c)).
        build_wall, build_cpu = timed_build(real, tmp / "site-real-strict", repeat=repeat)
        pages = count_pages(site)
        row("mkdocs build --strict (real)",
            f"{build_wall:.2f} s wall, {build_cpu:.2f} s CPU, {pages} pages")

        print(f"(b) the macros' cost: the same pages pre-rendered, no macros plugin "
              f"(median of {repeat})", flush=True)
        flat = tmp / "prerendered"
        rewritten = prerendered_copy(root, flat)
        flat_wall, flat_cpu = timed_build(flat, tmp / "site-flat", repeat=repeat)
        row(f"mkdocs build --strict, {rewritten} pages pre-rendered",
            f"{flat_wall:.2f} s wall, {flat_cpu:.2f} s CPU")
        row("macros overhead (CPU time ratio, full / pre-rendered)",
            f"{build_cpu / flat_cpu:.2f}x ({(build_cpu - flat_cpu) / flat_cpu * 100:+.0f} %)")

        print("(c) page weight (a fresh browser cache per page)", flush=True)
        try:
            for path, (requests, size) in page_weight(site, ["", "checklists/complete/"]).items():
                row(f"page weight {path}", f"{requests} requests, {size / 1024:.0f} KiB")
        except Exception as err:  # no Chromium: say so and carry on
            row("page weight", f"not measured ({type(err).__name__}: {err})")

        print(f"(d) synthetic code: {factor}x the clauses, {releases} releases", flush=True)
        real_model, real_clauses, real_releases = model_time(real, repeat)
        synthetic = copy_project(root, tmp / "synthetic")
        multiply_clauses(synthetic, factor)
        write_synthetic_releases(synthetic, releases)
        big_model, big_clauses, big_releases = model_time(synthetic, repeat)
        big_wall, big_cpu = timed_build(synthetic, tmp / "site-synthetic", repeat=repeat)
        row(f"model load (real: {real_clauses} clauses, {real_releases} releases)",
            f"{real_model * 1000:.0f} ms")
        row(f"model load (synthetic: {big_clauses} clauses, {big_releases} releases)",
            f"{big_model * 1000:.0f} ms")
        row("mkdocs build --strict (synthetic)", f"{big_wall:.2f} s wall, {big_cpu:.2f} s CPU")
        size_ratio = big_clauses / real_clauses
        row("size ratio (clauses)", f"{size_ratio:.1f}x")
        row("time ratio, model", f"{big_model / real_model:.1f}x "
            f"({big_model / real_model / size_ratio:.2f} per unit of size)")
        row("CPU ratio, build", f"{big_cpu / build_cpu:.1f}x "
            f"({big_cpu / build_cpu / size_ratio:.2f} per unit of size)")

        print(f"(e) Zensical beside MkDocs (median of {repeat})", flush=True)
        binary = zensical_binary()
        if binary is None:
            row("zensical", "not installed")
        else:
            zproject = copy_project(root, tmp / "zensical")
            z_wall, z_cpu, result = timed([str(binary), "build", "--clean"], zproject, repeat)
            state = "ok" if result.returncode == 0 else f"failed (exit {result.returncode})"
            row("zensical build --clean", f"{z_wall:.2f} s wall, {z_cpu:.2f} s CPU, {state}")
            row("mkdocs build --strict", f"{build_wall:.2f} s wall, {build_cpu:.2f} s CPU")
            if result.returncode == 0:
                row("CPU ratio, zensical / mkdocs", f"{z_cpu / build_cpu:.2f}x")

    width = max(len(label) for label, _ in rows)
    print("\nSummary")
    print("-" * (width + 40))
    for label, value in rows:
        print(f"{label.ljust(width)}  {value}")
    return 0
