"""Add the downloads (PDFs, CSVs) and data exports to a version mike has deployed.

    cop publish --version 1.2 --push

Why this exists: `mike deploy` runs its own `mkdocs build` and commits what
that build produces, and mike 2.x has no option to deploy a folder built
beforehand. But `make build` does more than `mkdocs build`: after it, the
post-build steps (outputs/postbuild.py) add the data exports and copy in the
downloads that `cop downloads` made before the build. mike's commit lacks
both. (The workflow runs `cop downloads --version X` before `mike deploy`, so
the downloads link to the version's own address and mike's build shows their
sizes.) So, after `mike deploy`, this task:

  1. checks out the gh-pages branch in a temporary `git worktree`;
  2. runs the same post-build steps as `make build` (the one list in
     outputs/postbuild.py) on the version's folder there, with the version's
     own address as the base URL, as mike sets site_url for its build;
  3. commits the result on gh-pages, and pushes it with --push.

It only touches the one version's folder and never deletes a version.
Aliases such as `latest` are symlinks to the version's folder (mike's
default), so they show the downloads too.
"""

from __future__ import annotations

import json
import subprocess
import tempfile
from pathlib import Path

from code_of_practice.model.project import load_project
from code_of_practice.outputs.postbuild import STEPS, base_url_for, run_post_build, version_url


class PublishError(Exception):
    pass


def git(*args: str, cwd: Path | None = None) -> str:
    result = subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True)
    if result.returncode != 0:
        raise PublishError(f"git {' '.join(args)} failed:\n{result.stderr.strip()}")
    return result.stdout


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


def publish(root: Path, version: str, *, branch: str, remote: str, push: bool,
            message: str | None, site_url: str | None) -> bool:
    git("rev-parse", "--verify", "--quiet", f"refs/heads/{branch}")
    check_version(branch, version)
    project = load_project(root)
    base_url = version_url(site_url or base_url_for(root), version)

    with tempfile.TemporaryDirectory(prefix="publish-downloads-") as tmp:
        worktree = Path(tmp) / "gh-pages"
        git("worktree", "add", "--quiet", str(worktree), branch)
        try:
            folder = worktree / version
            print(f"Running the post-build steps on {version}/", flush=True)
            run_post_build(project, folder, base_url=base_url,
                           log=lambda line: print(line, flush=True))
            git("add", "--all", "--force", "--", version, cwd=worktree)
            changed = git("diff", "--cached", "--name-status", cwd=worktree).splitlines()
            if changed:
                git("commit", "--quiet", "-m",
                    message or f"Added the downloads and exports to {version} "
                               f"({', '.join(step.name for step in STEPS)})",
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
