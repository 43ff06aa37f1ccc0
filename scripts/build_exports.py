"""Write the machine-readable exports into a built site (run after `mkdocs build`).

  <site>/data/code.json       the whole code: principles, clauses, audiences, links
  <site>/data/changelog.json  every version with its changes and reasons

Both are documented on the page contribute/data.md. Engine-neutral: a script,
not a MkDocs hook, so it runs the same after Zensical.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from dataclasses import asdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "macros"))

from export import code_export  # noqa: E402
from site_model import SiteModel  # noqa: E402


def changelog_export(model: SiteModel) -> dict:
    versions = []
    for entry in reversed(model.history.versions):
        versions.append({
            "version": entry.version,
            "date": entry.date,
            "status": entry.status,
            "released": entry.released,
            "summary": entry.summary,
            "changes": [{
                "clause": change.id,
                "kind": change.kind,
                "fields": list(change.fields),
                "before": change.old,
                "after": change.new,
                "records": [{k: v for k, v in asdict(r).items() if k not in ("line",)}
                            for r in entry.records_for(change.id)],
            } for change in entry.changes],
        })
    return {
        "schema_version": 1,
        "edition": model.edition,
        "versions": versions,
        "consultation": [{k: v for k, v in asdict(r).items() if k != "line"}
                         for r in model.history.register],
    }


def site_url_default() -> str:
    import yaml

    class EnvLoader(yaml.SafeLoader):
        pass

    EnvLoader.add_constructor("!ENV", lambda loader, node: loader.construct_sequence(node)[-1])
    config = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=EnvLoader)
    return os.environ.get("SITE_URL") or config["site_url"]


def write_exports(site_dir: Path, root: Path = ROOT) -> list[Path]:
    model = SiteModel.load(root)
    out_dir = site_dir / "data"
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for name, data in (("code.json", code_export(model.code, model.edition, site_url_default())),
                       ("changelog.json", changelog_export(model))):
        path = out_dir / name
        path.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        written.append(path)
    return written


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site-dir", type=Path, default=ROOT / "site")
    args = parser.parse_args(argv)
    if not (args.site_dir / "index.html").exists():
        print(f"build_exports: {args.site_dir} holds no built site; run mkdocs build first.",
              file=sys.stderr)
        return 1
    for path in write_exports(args.site_dir):
        print(f"wrote {path} ({path.stat().st_size // 1024} KB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
