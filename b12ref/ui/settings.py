"""Every setting declared once, with its default and kind; widgets only load() and save() through it.

A value of the wrong kind (a settings file edited by hand, cut short in the middle of a
`@ByteArray(`, or not readable at all) reads as the default, and `message` says so: nothing
read from the file ever reaches a Qt call (restoreState, restoreGeometry) as anything but what
that call takes.
"""

from __future__ import annotations

from typing import Any, NamedTuple

from PySide6.QtCore import QByteArray, QSettings


class Option(NamedTuple):
    """A setting: its key, default, title (for the user) and the kind a stored value must be. (A
    NamedTuple: the window's frame imports no dataclasses, ~1.5 ms.)"""

    key: str
    default: Any
    title: str
    kind: type = object  # what a stored value must be; QByteArray for saved window states
    choices: tuple = ()


OPTIONS = {o.key: o for o in (
    Option("window/geometry", None, "Window position and size", QByteArray),
    Option("window/state", None, "Tool bars and docks", QByteArray),
    Option("window/main_splitter", None, "Search | page split", QByteArray),
    Option("window/page_splitter", None, "Article | symptoms | treatment split", QByteArray),
    Option("view/zoom", 0, "Text zoom steps", int),
    Option("view/theme", "system", "Theme: system, light or dark", str, ("system", "light", "dark")),
    Option("app/disclaimer_seen", False, "First-start disclaimer shown", bool),
)}

_TRUE, _FALSE = ("true", "1", "yes"), ("false", "0", "no", "")


class Settings:
    def __init__(self, qsettings: QSettings | None = None) -> None:
        self.q = qsettings or QSettings("b12ref", "b12ref")
        self.ignored: list[str] = []  # keys whose stored value was not usable
        self.message = ""
        if self.q.status() != QSettings.NoError:
            self.message = (f"The settings file {self.q.fileName()} could not be read; "
                            "the default layout and theme are used.")

    def get(self, key: str) -> Any:
        option = OPTIONS[key]
        try:
            value = self.q.value(key, option.default)
        except Exception:  # noqa: BLE001 - a value Qt stored but Python cannot take: use the default
            value = None
        if value is None or (type(value) is type(option.default) and value == option.default):
            return option.default
        usable = _as_kind(value, option)
        if usable is None:
            self._ignore(key)
            return option.default
        return usable

    def check(self) -> str:
        """Read every setting once, so that `message` names all that cannot be used (not only those
        read so far: the page views read theirs when the first page is opened); the message."""
        for key in OPTIONS:
            self.get(key)
        return self.message

    def _ignore(self, key: str) -> None:
        if key not in self.ignored:
            self.ignored.append(key)
        self.message = (f"Some settings in {self.q.fileName()} could not be read ({', '.join(self.ignored)}); "
                        "their defaults are used.")

    def set(self, key: str, value: Any) -> None:
        if key not in OPTIONS:
            raise KeyError(key)
        self.q.setValue(key, value)

    def sync(self) -> None:
        self.q.sync()


def _as_kind(value: Any, option: Option) -> Any:
    """value as option.kind, or None when it cannot be."""
    if option.kind is QByteArray:
        return value if isinstance(value, QByteArray) and not value.isEmpty() else None
    if option.kind is bool:
        if isinstance(value, bool):
            return value
        text = str(value).strip().lower() if isinstance(value, (str, int)) else None
        return True if text in _TRUE else False if text in _FALSE else None
    if option.kind is int:
        if isinstance(value, bool):
            return None
        try:
            number = int(value) if isinstance(value, (int, str)) else None
        except ValueError:
            return None
        return number if number is not None and -1000 <= number <= 1000 else None
    if option.kind is str:
        if not isinstance(value, str):
            return None
        return value if not option.choices or value in option.choices else None
    return value
