"""No import cycle between the project's apps.

The allowed direction of dependency, lowest first (``LAYERS`` below; an app imports only
from apps in layers below its own):

    core <- organisations <- schemes <- applications <- reporting <- payments <- demo <- portal

``core`` holds what every app uses and imports no project app. ``reporting`` sits below
``payments`` because withholding a payment reads overdue reports. ``demo`` drives every app's
services; ``portal`` (the shell) is on top and imports the demo logins only to print them.
``imdi_portal`` (settings, URLconf, Celery app), ``bench`` and ``manage.py`` wire the apps
together and nothing imports them. Where a lower app must set off work that a higher app owns
(a grant accepted creates report obligations and a payment plan), a caller above both takes
that step, or the higher app registers a hook with the lower one, so the import still points
down.

The graph is built statically with ``ast`` from every project ``.py`` file outside migrations and
tests, counting module-level and function-level imports alike: a cycle deferred into a function
body is still a cycle between apps. Each module maps to its top-level package (its app).
"""

import ast
from collections import defaultdict
from pathlib import Path

from tests.architecture.project_files import ROOT, project_paths

# The layers, lowest first: an app imports only from apps in layers below its own.
LAYERS = [
    {"core"},
    {"organisations"},
    {"schemes"},
    {"applications"},
    {"reporting"},
    {"payments"},
    {"demo"},
    {"portal", "opendata", "casework"},
    {"imdi_portal", "bench", "manage"},
]
SKIPPED_DIRS = frozenset({"migrations", "tests", "templates"})


def project_files() -> list[Path]:
    return [path for path in project_paths(ROOT, skip=SKIPPED_DIRS) if path.suffix == ".py"]


def project_apps(files: list[Path]) -> set[str]:
    """Top-level packages and modules of the project (core, applications, manage, ...)."""
    return {path.relative_to(ROOT).parts[0].removesuffix(".py") for path in files}


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def imported_modules(path: Path):
    """(module, line, enclosing function) for every import in the file, at any depth."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    name = module_name(path)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]

    def visit(node, scope):
        for child in ast.iter_child_nodes(node):
            inner = scope
            if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
                inner = f"{scope}.{child.name}" if scope else child.name
            if isinstance(child, ast.Import):
                for alias in child.names:
                    yield alias.name, child.lineno, scope
            elif isinstance(child, ast.ImportFrom):
                if child.level:
                    base = package.split(".")
                    base = base[: len(base) - (child.level - 1)] if child.level > 1 else base
                    target = ".".join([*base, child.module] if child.module else base)
                else:
                    target = child.module or ""
                yield target, child.lineno, scope
            yield from visit(child, inner)

    yield from visit(tree, "")


def app_import_graph() -> dict[str, dict[str, list[str]]]:
    """{importing app: {imported app: ["file:line (function)", ...]}} between distinct apps."""
    files = project_files()
    apps = project_apps(files)
    graph: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for path in files:
        source_app = path.relative_to(ROOT).parts[0].removesuffix(".py")
        for target, line, scope in imported_modules(path):
            target_app = target.split(".")[0]
            if target_app in apps and target_app != source_app:
                where = f"{path.relative_to(ROOT)}:{line}" + (f" ({scope})" if scope else " (module level)")
                graph[source_app][target_app].append(where)
    return graph


def strongly_connected_components(graph) -> list[list[str]]:
    """Tarjan's algorithm; returns the components with more than one app."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    components = []
    counter = 0

    def connect(node):
        nonlocal counter
        index[node] = low[node] = counter
        counter += 1
        stack.append(node)
        on_stack.add(node)
        for succ in sorted(graph.get(node, {})):
            if succ not in index:
                connect(succ)
                low[node] = min(low[node], low[succ])
            elif succ in on_stack:
                low[node] = min(low[node], index[succ])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                components.append(sorted(component))

    nodes = set(graph) | {t for targets in graph.values() for t in targets}
    for node in sorted(nodes):
        if node not in index:
            connect(node)
    return components


def cycles_in(graph, components) -> list[list[str]]:
    """One shortest cycle through each edge inside a component, each listed once
    (as apps, the first repeated at the end, starting from the alphabetically first)."""
    cycles = []
    for component in components:
        members = set(component)
        for source in component:
            for target in sorted(graph[source]):
                if target not in members:
                    continue
                # Breadth first from target back to source, inside the component.
                previous = {target: None}
                queue = [target]
                while queue and source not in previous:
                    node = queue.pop(0)
                    for succ in sorted(graph.get(node, {})):
                        if succ in members and succ not in previous:
                            previous[succ] = node
                            queue.append(succ)
                path = [source]
                while path[-1] != target:
                    path.append(previous[path[-1]])
                # path runs source <- ... <- target; the ring is source -> target -> ... -> back.
                ring = [source, *reversed(path[1:])]
                start = ring.index(min(ring))
                ring = ring[start:] + ring[:start]
                if ring + [ring[0]] not in cycles:
                    cycles.append(ring + [ring[0]])
    return cycles


def describe_cycles(graph, components, shown_per_edge: int = 3) -> str:
    """Each cycle on one line, then each edge on a cycle once, with where the imports are."""
    cycles = cycles_in(graph, components)
    lines = ["Import cycle between apps: " + " -> ".join(cycle) for cycle in cycles]
    edges = sorted({(a, b) for cycle in cycles for a, b in zip(cycle, cycle[1:], strict=False)})
    for source, target in edges:
        places = graph[source][target]
        more = f" and {len(places) - shown_per_edge} more" if len(places) > shown_per_edge else ""
        lines.append(f"  {source} -> {target}: {'; '.join(places[:shown_per_edge])}{more}")
    return "\n".join(lines)


def test_the_import_graph_sees_function_level_and_relative_imports(tmp_path, monkeypatch):
    """The analyser itself: an import inside a function and a relative import both count."""
    package = tmp_path / "alpha"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "models.py").write_text("def f():\n    from beta.services import g\n")
    (package / "views.py").write_text("from .models import f\n")
    beta = tmp_path / "beta"
    beta.mkdir()
    (beta / "__init__.py").write_text("")
    (beta / "services.py").write_text("import alpha.models\n")
    (tmp_path / "alpha" / "migrations").mkdir()
    (tmp_path / "alpha" / "migrations" / "0001.py").write_text("import gamma\n")
    monkeypatch.setattr(f"{__name__}.ROOT", tmp_path)

    graph = app_import_graph()

    assert dict(graph["alpha"]) == {"beta": ["alpha/models.py:2 (f)"]}
    assert dict(graph["beta"]) == {"alpha": ["beta/services.py:1 (module level)"]}
    components = strongly_connected_components(graph)
    assert components == [["alpha", "beta"]]
    assert "alpha -> beta: alpha/models.py:2 (f)" in describe_cycles(graph, components)


def test_no_import_cycle_between_apps():
    graph = app_import_graph()
    components = strongly_connected_components(graph)
    assert not components, "\n" + describe_cycles(graph, components)


def test_every_app_has_a_layer():
    apps = project_apps(project_files())
    placed = set().union(*LAYERS)
    assert apps <= placed, f"Place each new app in LAYERS (and the README): {sorted(apps - placed)}"


def test_imports_point_down_the_layers():
    """Stricter than acyclic: also an edge that does not (yet) close a cycle may not point up."""
    layer_of = {app: number for number, layer in enumerate(LAYERS) for app in layer}
    graph = app_import_graph()
    upward = [
        f"  {source} -> {target}: {where}"
        for source in sorted(graph)
        for target in sorted(graph[source])
        if layer_of.get(target, -1) >= layer_of.get(source, len(LAYERS))
        for where in graph[source][target]
    ]
    assert not upward, "Imports that point up (or sideways) the layers:\n" + "\n".join(upward)
