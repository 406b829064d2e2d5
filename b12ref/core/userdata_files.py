"""User data to and from JSON files: export writes atomically, import is all-or-nothing."""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

from b12ref.core.userdata import UserData, UserDataError

MAX_IMPORT_BYTES = 50 * 1024 * 1024


def write_export(userdata: UserData, path: Path) -> None:
    text = json.dumps(userdata.export_data(), ensure_ascii=False, indent=2)
    fd, tmp = tempfile.mkstemp(prefix=".b12ref-export-", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


def read_import(userdata: UserData, path: Path) -> dict[str, int]:
    if path.stat().st_size > MAX_IMPORT_BYTES:
        raise UserDataError(f"{path.name} is too large to be a b12ref user-data file")
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except UnicodeDecodeError:
        raise UserDataError(f"{path.name} is not a text file") from None
    except json.JSONDecodeError as exc:
        raise UserDataError(f"{path.name} is not valid JSON (line {exc.lineno}: {exc.msg})") from None
    return userdata.import_data(data)
