"""The start page's HTML, kept in the cache folder. The page (every nutrient of the database as a link,
the suggestions, the disclaimer) stays the same until the database or the code that writes it changes,
so a start shows it from the file: no document model, writer or their dataclasses are imported (~4 ms).
It is written again, by report.welcome and the HTML writer, whenever its first line (the stat of the
database and of that code) differs."""

from __future__ import annotations

import os
from pathlib import Path

from b12ref import paths
from b12ref.core.db_verified import file_key

FILE = "start-page.html"
WRITERS = ("report/welcome.py", "report/html_writer.py", "report/html_text.py", "report/document.py",
           "core/notices.py")  # what the page is written by, under b12ref/
PACKAGE = Path(__file__).resolve().parent.parent


def _key(library) -> str | None:
    try:
        stats = [file_key(os.fspath(p)) for p in (library.path, *(PACKAGE / w for w in WRITERS))]
    except OSError:
        return None
    return f"b12ref start page {os.fspath(library.path)!r} {' '.join(stats)}"


def start_page_html(library) -> str:
    """The start page's body for library (None: the library is being prepared, and the page says so)."""
    key = _key(library) if library is not None else None
    cached = paths.cache_dir() / FILE
    if key is not None:
        try:
            head, newline, body = cached.read_text(encoding="utf-8").partition("\n")
        except (OSError, UnicodeDecodeError):
            head, newline, body = "", "", ""
        if newline and head == key:
            return body
    from b12ref.core.atomic import write_atomic
    from b12ref.report.html_writer import screen_html
    from b12ref.report.welcome import SUGGESTIONS, welcome_doc

    body = screen_html(welcome_doc(library.deficiencies() if library is not None else None, SUGGESTIONS))
    if key is not None:
        try:  # best effort: a cache folder that cannot take it only means the next start writes it again
            write_atomic(cached, f"{key}\n{body}".encode("utf-8"), durable=False)
        except OSError:
            pass
    return body
