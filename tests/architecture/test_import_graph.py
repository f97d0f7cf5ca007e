"""The package's import graph has no circles (issue 14), function-local imports included:
a circle hidden inside a function still ties two modules into one unit that neither can be
changed, tested or moved to another backend without. Imports under `if TYPE_CHECKING:`
never run and are left out."""

from __future__ import annotations

import ast
from pathlib import Path

SRC = Path(__file__).resolve().parents[2] / "src"


def _modules() -> dict[str, Path]:
    mods = {}
    for path in (SRC / "marsad").rglob("*.py"):
        parts = list(path.relative_to(SRC).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        mods[".".join(parts)] = path
    return mods


def _runtime_nodes(tree: ast.AST):
    """Every node except those under `if TYPE_CHECKING:`."""
    stack = [tree]
    while stack:
        node = stack.pop()
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            stack.extend(node.orelse)
            continue
        yield node
        stack.extend(ast.iter_child_nodes(node))


def import_graph() -> dict[str, set[str]]:
    """module -> the package modules it imports (a name imported from a package that is a
    module of its own counts as that module)."""
    mods = _modules()

    def owner(name: str) -> str | None:
        while name and name not in mods:
            name = name.rpartition(".")[0]
        return name or None

    graph: dict[str, set[str]] = {m: set() for m in mods}
    for mod, path in mods.items():
        package = mod if path.name == "__init__.py" else mod.rpartition(".")[0]
        for node in _runtime_nodes(ast.parse(path.read_text(encoding="utf-8"))):
            targets: list[str | None] = []
            if isinstance(node, ast.Import):
                targets = [owner(a.name) for a in node.names if a.name.startswith("marsad")]
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    parts = package.split(".")[: len(package.split(".")) - node.level + 1]
                    base = ".".join(parts + ([node.module] if node.module else []))
                if base.startswith("marsad"):
                    targets = [f"{base}.{a.name}" if f"{base}.{a.name}" in mods else owner(base)
                               for a in node.names]
            graph[mod].update(t for t in targets if t and t != mod)
    return graph


def circles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected groups of more than one module (Tarjan, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    for root in graph:
        if root in index:
            continue
        work = [(root, iter(sorted(graph[root])))]
        index[root] = low[root] = len(index)
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = len(index)
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph[child]))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                group = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    group.append(member)
                    if member == node:
                        break
                if len(group) > 1:
                    found.append(sorted(group))
    return found


def test_the_detector_finds_a_circle_through_a_function_local_import():
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert circles(graph) == [["a", "b", "c"]]
    assert circles({"a": {"b"}, "b": set()}) == []


def test_the_graph_sees_function_local_and_relative_imports():
    graph = import_graph()
    # runners/writer.py imports marsad.writer.stories inside write_annotations
    assert "marsad.writer.stories" in graph["marsad.writer.run"]
    assert "marsad.store.sqlite" in graph["marsad.store"]


def test_no_import_circles():
    assert circles(import_graph()) == []


# Per-document code runs in workers anywhere (a process pool, Ray): it never reads or
# writes the corpus, which is the one Writer's (marsad.writer).
PER_DOCUMENT = ("marsad.arabic", "marsad.ner", "marsad.stages", "marsad.stories",
                "marsad.translit", "marsad.ingest")


def test_per_document_code_never_sees_a_store():
    graph = import_graph()
    leaks = sorted(f"{mod} -> {dep}" for mod, deps in graph.items()
                   if mod.startswith(PER_DOCUMENT) for dep in deps
                   if dep.startswith(("marsad.store", "marsad.writer", "marsad.runners")))
    assert leaks == []
    typed = sorted(str(p.relative_to(SRC)) for pkg in PER_DOCUMENT
                   for p in (SRC / pkg.replace(".", "/")).rglob("*.py")
                   if "marsad.store" in p.read_text(encoding="utf-8"))
    assert typed == []  # not even as a type: a stage has no store parameter
