"""Shared fixtures: the real content database, built once per test session."""

import os
import shutil
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
_SESSION_DIR = Path(tempfile.mkdtemp(prefix="b12ref-tests-"))
os.environ["B12REF_CACHE_DIR"] = str(_SESSION_DIR / "cache")
os.environ["B12REF_DATA_DIR"] = str(_SESSION_DIR / "data")
os.environ.pop("B12REF_DB", None)
os.environ.pop("B12REF_CONTENT_DIR", None)

import pytest  # noqa: E402

from b12ref import paths  # noqa: E402
from b12ref.core.library import Library, open_library  # noqa: E402

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session")
def library() -> Library:
    """The real content database, as the app builds it."""
    return open_library()


@pytest.fixture(scope="session")
def searcher(library):
    from b12ref.core.search import Searcher

    return Searcher(library)


@pytest.fixture
def content_copy(tmp_path) -> Path:
    """A writable copy of the real content sources."""
    target = tmp_path / "content"
    shutil.copytree(paths.content_dir(), target)
    return target


@pytest.fixture
def fresh_db(tmp_path, library) -> Path:
    """A copy of the built content database that a test may change or damage."""
    target = tmp_path / "content.sqlite"
    shutil.copy(library.path, target)
    return target


def pytest_sessionfinish(session, exitstatus):
    shutil.rmtree(_SESSION_DIR, ignore_errors=True)


@pytest.fixture
def settings(tmp_path):
    """Window settings in a file of the test's own (never the user's)."""
    from PySide6.QtCore import QSettings

    from b12ref.ui.settings import Settings

    return Settings(QSettings(str(tmp_path / "settings.ini"), QSettings.IniFormat))


@pytest.fixture
def window(qtbot, library, settings):
    """The main window on the real library at 1366x768, shown."""
    from b12ref.ui.main_window import MainWindow

    win = MainWindow(library, settings=settings, theme_choice="light")
    qtbot.addWidget(win)
    win.resize(1366, 768)
    win.show()
    qtbot.waitExposed(win)
    return win
