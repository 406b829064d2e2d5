"""The one place that knows where content, resources, cache and user data live."""

from __future__ import annotations

import os
from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent
_REPO = _PACKAGE.parent


def _first_existing(*candidates: Path) -> Path:
    for candidate in candidates:
        if candidate.is_dir():
            return candidate
    return candidates[0]


def content_dir() -> Path:
    """The YAML content sources: db/content in a checkout, b12ref/_content in a wheel."""
    override = os.environ.get("B12REF_CONTENT_DIR")
    if override:
        return Path(override)
    return _first_existing(_REPO / "db" / "content", _PACKAGE / "_content")


def resources_dir() -> Path:
    """Icons, style sheets and templates: resources/ in a checkout, b12ref/_resources in a wheel."""
    return _first_existing(_REPO / "resources", _PACKAGE / "_resources")


def templates_dir() -> Path:
    return resources_dir() / "templates"


def _xdg(var: str, fallback: str) -> Path:
    base = os.environ.get(var)
    return Path(base) if base else Path.home() / fallback


def cache_dir() -> Path:
    """Where the built content database lives (safe to delete: it is rebuilt)."""
    override = os.environ.get("B12REF_CACHE_DIR")
    if override:
        return Path(override)
    return _xdg("XDG_CACHE_HOME", ".cache") / "b12ref"


def data_dir() -> Path:
    """Where the user's own data (bookmarks, notes, history) lives: never touched by rebuilds."""
    override = os.environ.get("B12REF_DATA_DIR")
    if override:
        return Path(override)
    return _xdg("XDG_DATA_HOME", ".local/share") / "b12ref"


def content_db_path() -> Path:
    override = os.environ.get("B12REF_DB")
    if override:
        return Path(override)
    return cache_dir() / "content.sqlite"


def content_db_overridden() -> bool:
    return bool(os.environ.get("B12REF_DB"))


def shipped_db_path() -> Path:
    """The content database built into the wheel by the build hook (hatch_build.py); a checkout
    has none unless a wheel build left one."""
    return _PACKAGE / "_data" / "content.sqlite"


def no_content_db() -> bool:
    """No content database at all, none shipped and none built: a first start (checked without
    importing the library code, which the window then needs only once the database is built)."""
    return not shipped_db_path().is_file() and not content_db_path().exists()


def user_db_path() -> Path:
    return data_dir() / "userdata.sqlite"
