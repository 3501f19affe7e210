"""The app graph: which of the project's packages import which, and every cycle (`make graph`).

Counts every import grimp finds (import-linter's own graph builder): at module level, inside functions and
under TYPE_CHECKING. Migrations, management commands and the tests are left out: they are entry points
outside the running app. Prints the app-to-app edges and the strongly connected components of more than
one member, between apps and between the modules of each app; a layered project has none.

    .venv/bin/python -m devtools.app_graph            # or: make graph
    .venv/bin/python -m devtools.app_graph /other/checkout
"""

from __future__ import annotations

import sys
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

import grimp

LEFT_OUT = frozenset({"migrations", "management", "tests"})


@dataclass(frozen=True)
class AppGraph:
    packages: tuple[str, ...]
    # (importer app, imported app) -> how many module-to-module imports make that edge.
    app_edges: Mapping[tuple[str, str], int]
    app_cycles: tuple[tuple[str, ...], ...]
    # app -> the cycles between its own modules.
    module_cycles: Mapping[str, tuple[tuple[str, ...], ...]]


def project_packages(root: Path) -> tuple[str, ...]:
    """Every top-level Python package of the checkout except the tests."""
    return tuple(
        sorted(p.parent.name for p in root.glob("*/__init__.py") if p.parent.name not in {"tests", "node_modules"})
    )


def _counted(module: str) -> bool:
    return LEFT_OUT.isdisjoint(module.split(".")[1:])


def strongly_connected(nodes: Iterable[str], edges: Mapping[str, set[str]]) -> tuple[tuple[str, ...], ...]:
    """Tarjan's strongly connected components with more than one node, each sorted, sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[tuple[str, ...]] = []
    counter = 0
    for start in sorted(nodes):
        if start in index:
            continue
        # Iterative depth-first search: (node, iterator over its successors).
        work = [(start, iter(sorted(edges.get(start, ()))))]
        index[start] = low[start] = counter
        counter += 1
        stack.append(start)
        on_stack.add(start)
        while work:
            node, successors = work[-1]
            advanced = False
            for nxt in successors:
                if nxt not in index:
                    index[nxt] = low[nxt] = counter
                    counter += 1
                    stack.append(nxt)
                    on_stack.add(nxt)
                    work.append((nxt, iter(sorted(edges.get(nxt, ())))))
                    advanced = True
                    break
                if nxt in on_stack:
                    low[node] = min(low[node], index[nxt])
            if advanced:
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                if len(component) > 1:
                    found.append(tuple(sorted(component)))
    return tuple(sorted(found))


def build(root: Path) -> AppGraph:
    packages = project_packages(root)
    sys.path.insert(0, str(root))
    try:
        graph = grimp.build_graph(*packages, cache_dir=None)
    finally:
        sys.path.remove(str(root))
    modules = sorted(m for m in graph.modules if _counted(m))
    app_edges: Counter[tuple[str, str]] = Counter()
    app_successors: dict[str, set[str]] = {p: set() for p in packages}
    inside: dict[str, dict[str, set[str]]] = {p: {} for p in packages}
    for importer in modules:
        importer_app = importer.split(".")[0]
        for imported in graph.find_modules_directly_imported_by(importer):
            if not _counted(imported):
                continue
            imported_app = imported.split(".")[0]
            if imported_app == importer_app:
                inside[importer_app].setdefault(importer, set()).add(imported)
            else:
                app_edges[(importer_app, imported_app)] += 1
                app_successors[importer_app].add(imported_app)
    module_cycles = {}
    for app, edges in inside.items():
        app_modules = [m for m in modules if m.split(".")[0] == app]
        cycles = strongly_connected(app_modules, edges)
        if cycles:
            module_cycles[app] = cycles
    return AppGraph(
        packages=packages,
        app_edges=dict(sorted(app_edges.items())),
        app_cycles=strongly_connected(packages, app_successors),
        module_cycles=module_cycles,
    )


def report(result: AppGraph) -> str:
    lines = [
        "App graph: imports at module level, inside functions and under TYPE_CHECKING;",
        "migrations, management commands and tests left out.",
        f"Packages ({len(result.packages)}): {', '.join(result.packages)}",
        f"App-to-app edges: {len(result.app_edges)}",
    ]
    lines += [f"  {a} -> {b}  ({n} module import{'s' if n != 1 else ''})" for (a, b), n in result.app_edges.items()]
    lines.append(f"Cycles between apps: {len(result.app_cycles)}")
    lines += [f"  {' <-> '.join(cycle)}" for cycle in result.app_cycles]
    total = sum(len(c) for c in result.module_cycles.values())
    lines.append(f"Cycles between modules inside an app: {total}")
    for cycles in result.module_cycles.values():
        lines += [f"  {' <-> '.join(cycle)}" for cycle in cycles]
    return "\n".join(lines)


def main(argv: list[str]) -> int:
    root = Path(argv[1] if len(argv) > 1 else ".").resolve()
    result = build(root)
    print(report(result))
    return 1 if result.app_cycles or result.module_cycles else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
