"""What the user's own text may hold: checked once, where it enters (typed, imported or on the command line).

SQLite and JSON can store and give back any text except lone surrogates (half of a UTF-16 pair,
as a "\\ud800" escape or a non-UTF-8 byte decoded with surrogateescape) and NUL characters, which
also cut strings short in Qt and C. Typed text has them removed; an import that holds them is
refused (see userdata.validate_export). Every field also has a length limit, the same for both
ways in, so that whatever was saved is exported, and whatever was exported imports again.
"""

from __future__ import annotations

import re

# the longest text each field of the user's data holds (characters)
MAX_PAGE_ID = 200
MAX_TITLE = 1_000
MAX_TAG = 200
MAX_TAGS = 100
MAX_NOTE = 200_000
MAX_DATE = 64

_UNSTORABLE = re.compile("[\x00\ud800-\udfff]")


def unstorable(text: str) -> str | None:
    """A description of the first character that cannot be stored, or None when all can."""
    found = _UNSTORABLE.search(text)
    if found is None:
        return None
    char = found.group()
    return "a NUL character" if char == "\x00" else f"a lone surrogate (\\u{ord(char):04x})"


def storable(text: str, limit: int | None = None) -> str:
    """text without NUL characters or lone surrogates, cut to at most limit characters."""
    text = _UNSTORABLE.sub("", text) if _UNSTORABLE.search(text) else text
    return text if limit is None else text[:limit]


def from_argv(text: str) -> str:
    """A command-line argument as text: bytes that are not UTF-8 (which Python keeps as
    surrogateescape surrogates) become U+FFFD, so the argument can be searched, shown and
    stored like any other text."""
    try:
        raw = text.encode("utf-8", "surrogateescape")
    except UnicodeEncodeError:  # a surrogate that did not come from a byte: replace it
        return _UNSTORABLE.sub(lambda m: "\ufffd" if m.group() != "\x00" else "", text)
    return raw.decode("utf-8", "replace").replace("\x00", "")


def column_text(value) -> str:
    """A column read back as text, whatever a hand-edited file put there."""
    if isinstance(value, str):
        return value
    if isinstance(value, bytes):
        return storable(value.decode("utf-8", "replace"))
    return "" if value is None else str(value)


def json_strings(value) -> list[str]:
    """A JSON list of strings read back from a column (tags, label lines); anything else is empty."""
    import json

    try:
        items = json.loads(value) if isinstance(value, (str, bytes)) and value else []
    except (ValueError, RecursionError):
        return []
    return [x for x in items if isinstance(x, str)] if isinstance(items, list) else []


def now() -> str:
    """The time a record is saved, to the second."""
    import datetime as dt

    return dt.datetime.now().isoformat(timespec="seconds")
