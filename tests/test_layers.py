"""The core never hears of Qt; widgets live only in b12ref/ui."""

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "b12ref"


def _imports(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
    return names


def test_core_never_imports_qt():
    offenders = [str(p) for p in (PACKAGE / "core").rglob("*.py")
                 if any(name.startswith(("PySide6", "shiboken6")) for name in _imports(p))]
    assert offenders == []


def test_qtwidgets_only_in_ui():
    offenders = [str(p) for p in PACKAGE.rglob("*.py")
                 if "ui" not in p.relative_to(PACKAGE).parts[:1]
                 and any("QtWidgets" in name for name in _imports(p))]
    assert offenders == []


def test_core_never_imports_ui_or_report():
    offenders = [str(p) for p in (PACKAGE / "core").rglob("*.py")
                 if any(name.startswith(("b12ref.ui", "b12ref.report", "b12ref.cli")) for name in _imports(p))]
    assert offenders == []


def test_modules_stay_small():
    too_long = {str(p): n for p in PACKAGE.rglob("*.py")
                if (n := len(p.read_text(encoding="utf-8").splitlines())) > 600}
    assert too_long == {}


# ---- the import graph ------------------------------------------------------------------------
LAYERS = {"core": 0, "report": 1, "ui": 2}  # and the top: cli, __main__, main: may import any of them
MAX_MODULE_LINES = 400


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _graph() -> dict[str, set[str]]:
    """Every b12ref module and the b12ref modules it imports anywhere: at the top, inside a function,
    or only for type checking (a cycle is a cycle wherever its import sits)."""
    modules = {_module_name(p): p for p in PACKAGE.rglob("*.py")}
    graph = {}
    for name, path in modules.items():
        targets = set()
        for imported in _imports(path):
            while imported and imported not in modules:
                imported = imported.rpartition(".")[0]
            if imported and imported != name and imported != "b12ref":
                targets.add(imported)
        graph[name] = targets
    return graph


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Each strongly connected group of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for other in graph.get(node, ()):
            if other not in index:
                visit(other)
                low[node] = min(low[node], low[other])
            elif other in on_stack:
                low[node] = min(low[node], index[other])
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

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def test_cycle_finder_finds_a_cycle():
    assert _cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert _cycles({"a": {"b"}, "b": set()}) == []


def test_no_import_cycles():
    assert _cycles(_graph()) == []


def _layer(module: str) -> int | None:
    parts = module.split(".")
    return LAYERS.get(parts[1]) if len(parts) > 1 else None


def test_layer_arrows_point_down():
    wrong = [(module, target) for module, targets in _graph().items() for target in targets
             if _layer(module) is not None and _layer(target) is None and target != "b12ref"
             and target not in ("b12ref.paths", "b12ref.attribution", "b12ref.platform_check", "b12ref.desktop_install",
                                "b12ref.app_id")
             or (_layer(module) is not None and _layer(target) is not None and _layer(target) > _layer(module))]
    assert wrong == []


def test_modules_are_under_400_lines():
    too_long = {str(p.relative_to(PACKAGE)): n for p in PACKAGE.rglob("*.py")
                if (n := len(p.read_text(encoding="utf-8").splitlines())) > MAX_MODULE_LINES}
    assert too_long == {}


def test_process_wide_settings_only_at_start_up():
    starters = {"ui/app.py", "cli.py", "__main__.py"}
    calls = ("gc.freeze", "gc.set_threshold", "gc.disable", "gc.enable", "sys.setswitchinterval", "os.environ[", "os.environ.setdefault",
             "os.putenv", "setrecursionlimit", "locale.setlocale")
    offenders = [f"{p.relative_to(PACKAGE)}: {c}" for p in PACKAGE.rglob("*.py")
                 if str(p.relative_to(PACKAGE)) not in starters
                 for c in calls if c in p.read_text(encoding="utf-8")]
    assert offenders == []
