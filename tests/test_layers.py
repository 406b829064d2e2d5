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
