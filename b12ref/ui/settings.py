"""Every setting declared once, with its default; widgets only load() and save() through it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QSettings


@dataclass(frozen=True)
class Option:
    key: str
    default: Any
    title: str


OPTIONS = {o.key: o for o in (
    Option("window/geometry", None, "Window position and size"),
    Option("window/state", None, "Tool bars and docks"),
    Option("window/main_splitter", None, "Search | page split"),
    Option("window/page_splitter", None, "Article | symptoms | treatment split"),
    Option("view/zoom", 0, "Text zoom steps"),
    Option("view/theme", "system", "Theme: system, light or dark"),
    Option("app/disclaimer_seen", False, "First-start disclaimer shown"),
)}


class Settings:
    def __init__(self, qsettings: QSettings | None = None) -> None:
        self.q = qsettings or QSettings("b12ref", "b12ref")

    def get(self, key: str) -> Any:
        option = OPTIONS[key]
        value = self.q.value(key, option.default)
        if isinstance(option.default, bool) and isinstance(value, str):
            return value.lower() == "true"
        if isinstance(option.default, int) and not isinstance(option.default, bool):
            try:
                return int(value)
            except (TypeError, ValueError):
                return option.default
        return value

    def set(self, key: str, value: Any) -> None:
        if key not in OPTIONS:
            raise KeyError(key)
        self.q.setValue(key, value)

    def sync(self) -> None:
        self.q.sync()
