"""User data to and from JSON files: export writes atomically, import is all-or-nothing.

An import file is refused, with a message and nothing written, unless it is a regular file of at
most MAX_IMPORT_BYTES (read no further than that: a FIFO, a device such as /dev/zero or a file
still growing is never read to its end), UTF-8 JSON nested at most MAX_DEPTH deep, with integers
of at most MAX_INT_DIGITS digits and text that validate_export accepts.
"""

from __future__ import annotations

import json
import os
import re
import stat
from pathlib import Path

from b12ref.core.atomic import write_atomic
from b12ref.core.userdata import UserData, UserDataError
from b12ref.core.usertext import from_argv

MAX_IMPORT_BYTES = 50 * 1024 * 1024
MAX_DEPTH = 16  # an export is 4 deep: the file, a list, a record, its tags
MAX_INT_DIGITS = 30

_STRING = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"', re.S)
_NOT_BRACKET = re.compile(r"[^\[\]{}]+")
_INNERMOST = re.compile(r"\[\]|\{\}")


def write_export(userdata: UserData, path: Path) -> None:
    write_atomic(path, json.dumps(userdata.export_data(), ensure_ascii=False, indent=2).encode("utf-8"))


def read_import(userdata: UserData, path: Path) -> dict[str, int]:
    """Import the file at path into userdata: all of it, or (UserDataError, OSError) nothing."""
    return userdata.import_data(load_import(path))


def load_import(path: Path) -> object:
    """The parsed content of an import file, or UserDataError saying why it is refused."""
    name = from_argv(Path(path).name or str(path))  # shown in messages: bytes that are not UTF-8 as "�"
    data = _read_bounded(Path(path), name)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise UserDataError(f"{name} is not a UTF-8 text file") from None
    if _too_deep(text):
        raise UserDataError(f"{name} is nested more than {MAX_DEPTH} levels deep: not a b12ref user-data file")
    try:
        return json.loads(text, parse_int=_bounded_int, parse_constant=_no_constant)
    except json.JSONDecodeError as exc:
        raise UserDataError(f"{name} is not valid JSON (line {exc.lineno}: {exc.msg})") from None
    except _Refused as exc:
        raise UserDataError(f"{name}: {exc}") from None
    except RecursionError:  # not reached after _too_deep; kept as the last line of defence
        raise UserDataError(f"{name} is nested too deeply: not a b12ref user-data file") from None


def _read_bounded(path: Path, name: str) -> bytes:
    """At most MAX_IMPORT_BYTES of a regular file; never blocks on a FIFO or reads a device."""
    try:
        before = os.stat(path)
    except OSError as exc:
        raise UserDataError(f"cannot read {name} ({exc.strerror or exc})") from None
    if not stat.S_ISREG(before.st_mode):
        raise UserDataError(f"{name} is not a regular file (a folder, pipe or device cannot be imported)")
    if before.st_size > MAX_IMPORT_BYTES:
        raise UserDataError(f"{name} is larger than {MAX_IMPORT_BYTES // (1024 * 1024)} MB: "
                            "too large to be a b12ref user-data file")
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0))
    except OSError as exc:
        raise UserDataError(f"cannot read {name} ({exc.strerror or exc})") from None
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):  # swapped for something else since the check
            raise UserDataError(f"{name} is not a regular file (a folder, pipe or device cannot be imported)")
        chunks, size = [], 0
        while size <= MAX_IMPORT_BYTES:
            chunk = os.read(fd, min(1 << 20, MAX_IMPORT_BYTES + 1 - size))
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
    except OSError as exc:
        raise UserDataError(f"cannot read {name} ({exc.strerror or exc})") from None
    finally:
        os.close(fd)
    if size > MAX_IMPORT_BYTES:
        raise UserDataError(f"{name} is larger than {MAX_IMPORT_BYTES // (1024 * 1024)} MB: "
                            "too large to be a b12ref user-data file")
    return b"".join(chunks)


def _too_deep(text: str) -> bool:
    """Whether brackets outside strings nest deeper than MAX_DEPTH (checked before parsing, which
    recurses once per level)."""
    brackets = _NOT_BRACKET.sub("", _STRING.sub("", text))
    for _ in range(MAX_DEPTH):
        if not brackets:
            return False
        brackets, removed = _INNERMOST.subn("", brackets)
        if not removed:
            return False  # unbalanced: the parser says where
    return bool(brackets) and bool(_INNERMOST.search(brackets))


class _Refused(ValueError):
    pass


def _bounded_int(digits: str) -> int:
    if len(digits.lstrip("-")) > MAX_INT_DIGITS:
        raise _Refused(f"holds a number of {len(digits):,} digits: not a b12ref user-data file")
    return int(digits)


def _no_constant(name: str) -> float:
    raise _Refused(f"holds {name}, which is not JSON: not a b12ref user-data file")
