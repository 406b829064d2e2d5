"""SQLite file URIs that name any path: `#`, `?`, `%` and spaces in a folder name are quoted."""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import quote


def sqlite_uri(path: Path | str, **params: str) -> str:
    """`file:` URI for path with query params (e.g. mode="ro"), for sqlite3.connect(..., uri=True).

    A path written straight into "file:{path}?mode=ro" breaks at the first `#` or `?`: SQLite
    reads the rest as the query or the fragment, and opens (or fails to open) another file."""
    text = str(Path(path).absolute())
    query = "&".join(f"{k}={quote(str(v), safe='')}" for k, v in params.items())
    return f"file:{quote(os.fsencode(text), safe='/')}" + (f"?{query}" if query else "")
