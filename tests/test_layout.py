"""The app layout stays acyclic: core <- facilities <- protection <- risk, every domain app
on core, core importing no domain app, and a Django-free science package.

The graph is read from the source with `ast` (every `import chemsec.X` and `from chemsec.X`
in chemsec/<app>/, tests and migrations left out), so nothing is imported to build it.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

CHEMSEC = Path(__file__).resolve().parent.parent / "chemsec"
BASE = {"core", "lib", "content"}  # what core may import: no domain app
LAYERS = ["core", "facilities", "protection", "risk"]  # each may import only those before it
PURE = {"science": {"science", "lib"}}  # package: the chemsec packages it may import


def _sources(app_dir: Path) -> Iterator[Path]:
    for path in sorted(app_dir.rglob("*.py")):
        parts = path.relative_to(app_dir).parts
        if "tests" in parts or "migrations" in parts or path.name.startswith("test_"):
            continue
        yield path


def _imported(path: Path) -> Iterator[str]:
    """Absolute module names imported by one file (relative imports stay in the app)."""
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            yield node.module


def apps_of(root: Path) -> set[str]:
    return {p.name for p in root.iterdir() if (p / "__init__.py").exists()}


def app_graph(root: Path) -> dict[str, set[str]]:
    """For each app (a package under ``root``), the other apps its code imports."""
    apps = apps_of(root)
    graph: dict[str, set[str]] = {app: set() for app in apps}
    for app in apps:
        for path in _sources(root / app):
            for name in _imported(path):
                bits = name.split(".")
                if bits[0] == root.name and len(bits) > 1 and bits[1] in apps - {app}:
                    graph[app].add(bits[1])
    return graph


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One cycle as a path that ends where it starts (a -> b -> a), or None."""
    done: set[str] = set()

    def visit(node: str, path: list[str]) -> list[str] | None:
        for nxt in sorted(graph.get(node, ())):
            if nxt in path:
                return [*path[path.index(nxt) :], nxt]
            if nxt not in done:
                found = visit(nxt, [*path, nxt])
                if found:
                    return found
        done.add(node)
        return None

    for start in sorted(graph):
        if start not in done:
            found = visit(start, [start])
            if found:
                return found
    return None


def layering_breaches(graph: dict[str, set[str]], layers: list[str]) -> list[str]:
    """Edges from an app of ``layers`` to one after it (an upward import)."""
    rank = {app: i for i, app in enumerate(layers)}
    return sorted(
        f"{app} -> {other}"
        for app, others in graph.items()
        for other in others
        if app in rank and other in rank and rank[other] > rank[app]
    )


def impure_imports(root: Path, package: str, allowed: set[str]) -> list[str]:
    """Django, or ChemSec packages not in ``allowed``, imported by a pure package."""
    found = []
    for path in _sources(root / package):
        for name in _imported(path):
            bits = name.split(".")
            chemsec_app = bits[0] == root.name and len(bits) > 1 and bits[1] not in allowed
            if bits[0] == "django" or chemsec_app:
                found.append(f"{path.relative_to(root.parent)}: {name}")
    return found


# The tree as it is


def test_it_finds_no_cycle_between_apps():
    graph = app_graph(CHEMSEC)
    assert graph["risk"], "the graph is empty: the reader finds no imports"
    assert find_cycle(graph) is None


def test_core_imports_no_domain_app():
    assert app_graph(CHEMSEC)["core"] <= BASE


def test_apps_depend_downwards_only():
    assert layering_breaches(app_graph(CHEMSEC), LAYERS) == []


@pytest.mark.parametrize(("package", "allowed"), sorted(PURE.items()))
def test_the_pure_packages_import_no_django_and_no_app(package, allowed):
    assert impure_imports(CHEMSEC, package, allowed) == []


# The checks themselves, on inputs that must fail (so they cannot pass vacuously)


def test_it_reports_a_cycle():
    graph = {"core": {"facilities"}, "facilities": {"core", "lib"}, "lib": set()}
    assert find_cycle(graph) == ["core", "facilities", "core"]
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": set()}) is None


def test_it_reports_an_upward_import():
    graph = {"facilities": {"core", "protection"}, "protection": {"facilities"}, "core": set()}
    assert layering_breaches(graph, LAYERS) == ["facilities -> protection"]


def _write(root: Path, relative: str, text: str) -> None:
    path = root / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def test_it_reads_the_graph_from_source_and_skips_tests_and_migrations(tmp_path):
    root = tmp_path / "chemsec"
    for app in ("core", "facilities", "science"):
        _write(root, f"{app}/__init__.py", "")
    _write(root, "core/demo.py", "from chemsec.facilities.models import Facility\n")
    _write(root, "facilities/models.py", "import chemsec.core.models\n")
    _write(root, "facilities/views.py", "def f():\n    from chemsec.science import easi\n")
    _write(root, "core/tests/test_x.py", "import chemsec.science\n")
    _write(root, "core/migrations/0001_initial.py", "import chemsec.science\n")
    _write(root, "science/easi.py", "from django.db import models\nimport chemsec.core\n")
    graph = app_graph(root)
    assert graph == {"core": {"facilities"}, "facilities": {"core", "science"}, "science": {"core"}}
    assert find_cycle(graph) == ["core", "facilities", "core"]
    assert graph["core"] - BASE == {"facilities"}
    assert impure_imports(root, "science", PURE["science"]) == [
        "chemsec/science/easi.py: django.db",
        "chemsec/science/easi.py: chemsec.core",
    ]
