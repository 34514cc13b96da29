"""The architecture DESIGN.md describes, read from the source: no import cycle between calwizard's modules (counting
imports inside functions, not those only for type checkers), and no lower layer importing a higher one
(gui -> wizard -> engine/checks -> exchange/pbx -> settings/errors)."""

from __future__ import annotations

import ast
from pathlib import Path

import calwizard

SRC = Path(calwizard.__file__).resolve().parent.parent

LAYER = {"settings": 0, "errors": 0, "exchange": 1, "pbx": 1, "checks": 2, "engine": 2, "wizard": 3, "gui": 4}
"""Rank of each layer's top-level name below ``calwizard``; modules not listed (cli, sandbox, ...) are unranked."""


def _modules() -> dict[str, Path]:
    out = {}
    for f in (SRC / "calwizard").rglob("*.py"):
        parts = f.relative_to(SRC).with_suffix("").parts
        out[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = f
    return out


def _runtime_imports(tree: ast.AST) -> list[ast.Import | ast.ImportFrom]:
    """Every import statement, at any depth, except inside ``if TYPE_CHECKING:``."""
    found: list[ast.Import | ast.ImportFrom] = []

    def visit(node: ast.AST) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.If) and "TYPE_CHECKING" in ast.unparse(child.test):
                for other in child.orelse:
                    visit(other)
                continue
            if isinstance(child, (ast.Import, ast.ImportFrom)):
                found.append(child)
            visit(child)

    visit(tree)
    return found


def import_graph() -> dict[str, set[str]]:
    """Module -> the calwizard modules it imports at run time (a package stands for ``from pkg import name``)."""
    mods = _modules()
    graph: dict[str, set[str]] = {}
    for name, path in mods.items():
        deps: set[str] = set()
        package = name if path.name == "__init__.py" else name.rpartition(".")[0]
        for node in _runtime_imports(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                targets = [a.name for a in node.names]
            else:
                base = node.module or ""
                if node.level:
                    up = package.split(".")[: len(package.split(".")) - node.level + 1]
                    base = ".".join([*up, *([node.module] if node.module else [])])
                targets = [f"{base}.{a.name}" if f"{base}.{a.name}" in mods else base for a in node.names]
            for t in targets:
                while t not in mods and "." in t:
                    t = t.rpartition(".")[0]
                if t in mods and t != name:
                    deps.add(t)
        graph[name] = deps
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan's algorithm, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on: set[str] = set()
    out: list[list[str]] = []
    for root in graph:
        if root in index:
            continue
        work = [(root, iter(sorted(graph[root])))]
        index[root] = low[root] = len(index)
        stack.append(root)
        on.add(root)
        while work:
            v, it = work[-1]
            w = next(it, None)
            if w is not None:
                if w not in index:
                    index[w] = low[w] = len(index)
                    stack.append(w)
                    on.add(w)
                    work.append((w, iter(sorted(graph[w]))))
                elif w in on:
                    low[v] = min(low[v], index[w])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[v])
            if low[v] == index[v]:
                comp = []
                while True:
                    w = stack.pop()
                    on.discard(w)
                    comp.append(w)
                    if w == v:
                        break
                if len(comp) > 1:
                    out.append(sorted(comp))
    return out


def test_the_graph_sees_imports_inside_functions() -> None:
    graph = import_graph()
    assert "calwizard.gui.wizard" in graph["calwizard.gui.app"]  # imported inside run_gui (start-up time)
    assert "calwizard.engine.service.cli" in graph["calwizard.cli"]


def test_no_import_cycles() -> None:
    assert cycles(import_graph()) == []


def test_cycle_finder_finds_one() -> None:
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


def test_no_lower_layer_imports_a_higher_one() -> None:
    def rank(module: str) -> int | None:
        parts = module.split(".")
        if parts[-1] in ("cli", "__main__"):  # a command-line face sits on top of everything
            return None
        return LAYER.get(parts[1]) if len(parts) > 1 else None

    wrong = sorted(f"{m} -> {d}" for m, deps in import_graph().items() for d in deps
                   if rank(m) is not None and rank(d) is not None and rank(d) > rank(m))  # type: ignore[operator]
    assert wrong == []
