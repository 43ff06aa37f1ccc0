#!/usr/bin/env python3
"""Add the downloads (PDFs, CSVs) and data exports to a version mike has deployed.

    python scripts/publish_downloads.py --version 1.2 --push

Why this exists: `mike deploy` runs its own `mkdocs build` and commits what
that build produces, and mike 2.x has no option to deploy a folder built
beforehand. But `make build` does more than `mkdocs build`: after it, the
post-build scripts (scripts/build_exports.py, scripts/build_downloads.py) add
the data exports and the downloads and fill in the download sizes on the
pages. mike's commit lacks all of that. So, after `mike deploy`, this script:

  1. checks out the gh-pages branch in a temporary `git worktree`;
  2. runs the same post-build scripts as `make build`, read from the
     Makefile's `build` recipe so the two cannot drift apart, on the version's
     folder there (with SITE_URL set to the version's own address, as mike
     sets site_url for its build);
  3. commits the result on gh-pages, and pushes it with --push.

It only touches the one version's folder and never deletes a version.
Aliases such as `latest` are symlinks to the version's folder (mike's
default), so they show the downloads too.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path
from urllib.parse import urljoin

ROOT = Path(__file__).resolve().parent.parent
# A post-build line of the Makefile's `build` recipe.
POST_BUILD_LINE = re.compile(r"^\$\(BIN\)/python (scripts/[\w.-]+\.py) --site-dir site$")


class PublishError(Exception):
    pass


def git(*args: str, cwd: Path | None = None) -> str:
    result = subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True)
    if result.returncode != 0:
        raise PublishError(f"git {' '.join(args)} failed:\n{result.stderr.strip()}")
    return result.stdout


def post_build_scripts(makefile: Path = ROOT / "Makefile") -> list[str]:
    """The scripts `make build` runs after `mkdocs build`, in order."""
    lines = makefile.read_text(encoding="utf-8").splitlines()
    try:
        start = next(i for i, line in enumerate(lines) if re.match(r"^build\s*:", line))
    except StopIteration:
        raise PublishError(f"no `build` target in {makefile}")
    recipe = []
    for line in lines[start + 1:]:
        if not line.startswith("\t"):
            break
        recipe.append(line.strip())
    scripts = []
    for line in recipe:
        if "/mkdocs build" in line:
            continue
        match = POST_BUILD_LINE.match(line)
        if not match:
            raise PublishError(
                f"unexpected line in the Makefile's build recipe: {line!r}\n"
                "publish_downloads.py runs each post-build step on the deployed "
                "version; teach it this one (POST_BUILD_LINE)")
        scripts.append(match[1])
    if not scripts:
        raise PublishError("the Makefile's build recipe has no post-build step")
    return scripts


def deployed_versions(branch: str) -> list[dict]:
    try:
        return json.loads(git("show", f"{branch}:versions.json"))
    except PublishError as error:
        raise PublishError(f"no versions.json on branch {branch}: deploy with mike first\n{error}")


def check_version(branch: str, version: str) -> None:
    # A real version folder, not an alias: with mike's symlink aliases,
    # writing through an alias would replace the symlink with a copy.
    versions = deployed_versions(branch)
    if any(v.get("version") == version for v in versions):
        return
    aliases = {a for v in versions for a in v.get("aliases", [])}
    hint = " (that is an alias; give the version it points to)" if version in aliases else ""
    raise PublishError(f"version {version!r} is not deployed on {branch}{hint}")


def version_url(site_url: str, version: str) -> str:
    """The version's own address, as mike's plugin makes site_url for its build."""
    return urljoin(site_url if site_url.endswith("/") else site_url + "/", f"{version}/")


def publish(version: str, *, branch: str, remote: str, push: bool,
            message: str | None, site_url: str | None) -> bool:
    git("rev-parse", "--verify", "--quiet", f"refs/heads/{branch}")
    check_version(branch, version)
    scripts = post_build_scripts()

    env = dict(os.environ)
    if site_url:
        env["SITE_URL"] = version_url(site_url, version)

    with tempfile.TemporaryDirectory(prefix="publish-downloads-") as tmp:
        worktree = Path(tmp) / "gh-pages"
        git("worktree", "add", "--quiet", str(worktree), branch)
        try:
            folder = worktree / version
            for script in scripts:
                print(f"Running {script} on {version}/", flush=True)
                result = subprocess.run(
                    [sys.executable, str(ROOT / script), "--site-dir", str(folder)],
                    cwd=ROOT, env=env,
                )
                if result.returncode != 0:
                    raise PublishError(f"{script} failed on {version}/ (exit {result.returncode})")
            git("add", "--all", "--force", "--", version, cwd=worktree)
            changed = git("diff", "--cached", "--name-status", cwd=worktree).splitlines()
            if changed:
                git("commit", "--quiet", "-m",
                    message or f"Added the downloads and exports to {version} "
                               f"({', '.join(Path(s).name for s in scripts)})",
                    cwd=worktree)
        finally:
            subprocess.run(["git", "worktree", "remove", "--force", str(worktree)],
                           capture_output=True)
            subprocess.run(["git", "worktree", "prune"], capture_output=True)

    if not changed:
        print(f"Nothing to add: {version}/ on {branch} is already complete.")
        return False
    for row in changed:
        print(row)
    if push:
        git("push", "--", remote, branch)
    return True


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--version", required=True,
                        help="the deployed version to complete (e.g. 1.2, dev)")
    parser.add_argument("--branch", default="gh-pages")
    parser.add_argument("--remote", default="origin")
    parser.add_argument("--push", action="store_true", help="push the branch to the remote")
    parser.add_argument("--message", help="commit message")
    parser.add_argument("--site-url", default=os.environ.get("SITE_URL"),
                        help="the site's root address (default: $SITE_URL); "
                             "the steps get the version's own address under it")
    args = parser.parse_args(argv)
    try:
        publish(args.version, branch=args.branch, remote=args.remote, push=args.push,
                message=args.message, site_url=args.site_url)
    except PublishError as error:
        print(f"publish_downloads: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
