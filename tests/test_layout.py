"""The package's layout: dependencies point one way, and nothing reaches the
code by editing the module search path.

    model  <-  render   <-  engine_adapter
    model  <-  outputs  <-  tasks, cli
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import code_of_practice

PACKAGE = Path(code_of_practice.__file__).parent
# What each part of the package may import from the package.
ALLOWED = {
    "model": {"model"},
    "render": {"model", "render"},
    "outputs": {"model", "outputs"},
    "engine_adapter": {"model", "render", "engine_adapter"},
    "tasks": {"model", "render", "outputs", "tasks"},
    "cli": {"model", "outputs", "tasks", "cli"},
    # The tests' helpers sit above everything, the command included (run_cop);
    # nothing in the package imports them.
    "testing": {"model", "outputs", "tasks", "cli", "testing"},
}


def part_of(module: Path) -> str:
    relative = module.relative_to(PACKAGE)
    return relative.parts[0] if len(relative.parts) > 1 else relative.stem


def package_imports(module: Path) -> list[tuple[int, str]]:
    """(line, imported module) for every import of the package in a file."""
    tree = ast.parse(module.read_text(encoding="utf-8"), str(module))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            assert node.level == 0, f"{module}:{node.lineno}: use an absolute import"
            names = [node.module or ""]
        else:
            continue
        found += [(node.lineno, n) for n in names if n.startswith("code_of_practice.")]
    return found


MODULES = sorted(p for p in PACKAGE.rglob("*.py") if p.name != "__init__.py")


@pytest.mark.parametrize("module", MODULES, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_dependencies_point_one_way(module):
    part = part_of(module)
    allowed = ALLOWED[part]
    wrong = [f"line {line}: {name}" for line, name in package_imports(module)
             if name.split(".")[1] not in allowed]
    assert not wrong, (f"{module.relative_to(PACKAGE)} ({part}) may import only from "
                       f"{sorted(allowed)}:\n" + "\n".join(wrong))


def module_name(module: Path) -> str:
    return ".".join(("code_of_practice",) + module.relative_to(PACKAGE).with_suffix("").parts)


def import_cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Every cycle in an import graph (module -> modules it imports), each once,
    as the list of modules around it: [a, b, a] for a <-> b."""
    cycles, done = [], set()

    def visit(name: str, path: list[str]) -> None:
        if name in path:
            cycle = path[path.index(name):]
            start = cycle.index(min(cycle))  # one spelling of each cycle
            key = tuple(cycle[start:] + cycle[:start])
            if key not in done:
                done.add(key)
                cycles.append(list(key) + [key[0]])
            return
        if name in finished:
            return
        for target in sorted(graph.get(name, ())):
            visit(target, path + [name])
        finished.add(name)

    finished: set[str] = set()
    for name in sorted(graph):
        visit(name, [])
    return cycles


def test_no_import_cycles():
    """Including the imports inside functions: a cycle hidden in a function
    still means that the two modules cannot be understood one without the other."""
    names = {module_name(m) for m in MODULES}
    graph = {module_name(m): {n for _, n in package_imports(m) if n in names} for m in MODULES}
    cycles = import_cycles(graph)
    assert not cycles, "import cycles:\n" + "\n".join(" -> ".join(c) for c in cycles)


def test_the_cycle_check_sees_a_cycle():
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert import_cycles(graph) == [["a", "b", "c", "a"]]
    assert import_cycles({"a": {"b"}, "b": set()}) == []


def test_every_part_of_the_package_is_known():
    assert {part_of(m) for m in MODULES} <= set(ALLOWED)


def test_the_checker_sees_a_wrong_import(tmp_path):
    bad = tmp_path / "bad.py"
    bad.write_text("from code_of_practice.render.links import md_link\n", encoding="utf-8")
    assert package_imports(bad) == [(1, "code_of_practice.render.links")]


def test_the_macros_module_is_a_shim(root):
    source = (root / "macros" / "__init__.py").read_text(encoding="utf-8")
    tree = ast.parse(source)
    imports = [n for n in tree.body if isinstance(n, (ast.Import, ast.ImportFrom))]
    assert [(i.module, [a.name for a in i.names]) for i in imports] == [
        ("code_of_practice.engine_adapter", ["define_env"])]
    assert len(source.splitlines()) < 15


# Spelt in two halves so that this file does not match itself.
SEARCH_PATH, LATE_IMPORT = "sys." + "path", "noqa: " + "E402"


def test_no_code_edits_the_module_search_path(root):
    offenders = []
    for folder in ("macros", "scripts", "tests", "src"):
        for path in (root / folder).rglob("*.py"):
            text = path.read_text(encoding="utf-8")
            if SEARCH_PATH in text or LATE_IMPORT in text:
                offenders.append(str(path.relative_to(root)))
    assert not offenders, offenders


def test_no_test_module_imports_another(root):
    for path in (root / "tests").glob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module:
                assert not node.module.startswith(("test_", "conftest")), \
                    f"{path.name}:{node.lineno} imports {node.module}"


def test_ruff_finds_nothing(root):
    """The linter `make lint` runs (pyflakes' rules: unused imports and names,
    undefined names), so that plain pytest enforces it too."""
    import subprocess
    import sys

    ruff = Path(sys.executable).with_name("ruff")
    result = subprocess.run([str(ruff), "check", "--output-format", "concise", "."], cwd=root,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
