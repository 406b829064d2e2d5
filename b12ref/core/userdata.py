"""The user's own data — bookmarks, notes, history — in a SQLite file apart from the content.

Durability: WAL journal, synchronous=FULL, every write in one transaction, a busy timeout so a
second copy of the app waits instead of failing. The schema is versioned; before a migration the
file is copied to a dated backup. A damaged file is moved aside (kept, never deleted) and a new one
started. A store that cannot be written (a read-only or full folder, a read-only file, a file
written by a newer b12ref) is read into memory and shown read-only with a message: it opens
whatever its state, and `export_data` can still rescue what it holds.

Text enters through one gate (b12ref.core.usertext): what is typed loses NUL characters and lone
surrogates and is cut to each field's limit; an import holding them is refused. So everything
saved can be exported, and every export imports again.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from b12ref.core import usertext
from b12ref.core.userdata_supplements import SupplementRecords, export_supplements, validate_supplements
from b12ref.core.userdata_store import (  # noqa: F401 - re-exported
    BUSY_TIMEOUT_MS, SCHEMA_VERSION, UserDataError, UserStore,
)

MAX_NOTE_CHARS = usertext.MAX_NOTE
EXPORT_FORMAT = "b12ref-userdata"


@dataclass
class Bookmark:
    """A bookmarked page, with its tags."""

    page_id: str
    title: str
    created: str
    tags: list[str]


@dataclass
class Note:
    """The user's note on a page."""

    page_id: str
    body: str
    updated: str


@dataclass
class Visit:
    """A page in the history, when it was visited."""

    page_id: str
    title: str
    visited: str


class UserData(UserStore, SupplementRecords):
    """Open (creating, migrating or recovering) the user database at path.

    After opening, `message` holds anything the user should be told (a damaged file moved
    aside, a read-only folder, a newer file) and `read_only` says whether writes are refused.
    `damaged_aside` is where a damaged file was moved this time, and `unreadable` says that a
    file was there but nothing could be read from it.
    """

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self.message = ""
        self.read_only = False
        self.damaged_aside: Path | None = None
        self.unreadable = False
        self.conn = self._open()

    def set_bookmark(self, page_id: str, title: str, on: bool = True, tags: list[str] | None = None) -> None:
        page_id = _page_id(page_id)
        if on:
            title = usertext.storable(title, usertext.MAX_TITLE)
            tags = [usertext.storable(t, usertext.MAX_TAG) for t in (tags or [])][:usertext.MAX_TAGS]
            self._write([("INSERT INTO bookmarks(page_id, title, created, tags) VALUES (?, ?, ?, ?) "
                          "ON CONFLICT(page_id) DO UPDATE SET title=excluded.title, tags=excluded.tags",
                          (page_id, title, usertext.now(), json.dumps(tags, ensure_ascii=False)))])
        else:
            self._write([("DELETE FROM bookmarks WHERE page_id = ?", (page_id,))])

    def is_bookmarked(self, page_id: str) -> bool:
        return bool(self._rows("SELECT 1 FROM bookmarks WHERE page_id = ?", (usertext.storable(page_id, usertext.MAX_PAGE_ID),)))

    def bookmarks(self, strict: bool = False) -> list[Bookmark]:
        rows = self._rows("SELECT page_id, title, created, tags FROM bookmarks ORDER BY created DESC, title",
                          strict=strict)
        return [Bookmark(usertext.column_text(r["page_id"]), usertext.column_text(r["title"]), usertext.column_text(r["created"]), usertext.json_strings(r["tags"]))
                for r in rows]

    def save_note(self, page_id: str, body: str) -> None:
        page_id = _page_id(page_id)
        body = usertext.storable(body, MAX_NOTE_CHARS)
        if body.strip():
            self._write([("INSERT INTO notes(page_id, body, updated) VALUES (?, ?, ?) ON CONFLICT(page_id) "
                          "DO UPDATE SET body=excluded.body, updated=excluded.updated", (page_id, body, usertext.now()))])
        else:
            self._write([("DELETE FROM notes WHERE page_id = ?", (page_id,))])

    def note(self, page_id: str) -> str:
        rows = self._rows("SELECT body FROM notes WHERE page_id = ?", (usertext.storable(page_id, usertext.MAX_PAGE_ID),))
        return usertext.column_text(rows[0]["body"]) if rows else ""

    def notes(self, strict: bool = False) -> list[Note]:
        return [Note(usertext.column_text(r["page_id"]), usertext.column_text(r["body"]), usertext.column_text(r["updated"]))
                for r in self._rows("SELECT page_id, body, updated FROM notes ORDER BY updated DESC", strict=strict)]

    def search_notes(self, text: str, limit: int = 20) -> list[Note]:
        words = [w for w in usertext.storable(text).lower().split() if w][:12]
        if not words:
            return []
        sql = "SELECT page_id, body, updated FROM notes WHERE " + " AND ".join("instr(lower(body), ?) > 0"
                                                                              for _ in words)
        rows = self._rows(sql + " ORDER BY updated DESC LIMIT ?", (*words, limit))
        return [Note(usertext.column_text(r["page_id"]), usertext.column_text(r["body"]), usertext.column_text(r["updated"])) for r in rows]

    def add_visit(self, page_id: str, title: str) -> bool:
        """Record a visit when the store can take it: history is kept on a best-effort basis, and a
        visit that cannot be saved (a full disk) leaves the reason in `message`, never an error."""
        if self.read_only:
            return False
        try:
            self._write([("INSERT INTO history(page_id, title, visited) VALUES (?, ?, ?)",
                          (_page_id(page_id), usertext.storable(title, usertext.MAX_TITLE), usertext.now()))])
        except UserDataError as exc:
            self.message = f"History not saved: {exc}"
            return False
        return True

    def history(self, limit: int = 200, strict: bool = False) -> list[Visit]:
        rows = self._rows("SELECT page_id, title, visited FROM history ORDER BY id DESC LIMIT ?", (limit,),
                          strict=strict)
        return [Visit(usertext.column_text(r["page_id"]), usertext.column_text(r["title"]), usertext.column_text(r["visited"])) for r in rows]

    def clear_history(self) -> None:
        self._write([("DELETE FROM history", ())])

    # ---- export and import -------------------------------------------------------------
    def export_data(self) -> dict[str, Any]:
        """Everything the store holds; UserDataError when it cannot be read (never an empty export
        in place of what is there)."""
        return {"format": EXPORT_FORMAT, "version": SCHEMA_VERSION, "exported": usertext.now(),
                "bookmarks": [asdict(b) for b in self.bookmarks(strict=True)],
                "notes": [asdict(n) for n in self.notes(strict=True)],
                "history": [asdict(v) for v in self.history(limit=10_000_000, strict=True)],
                "supplements": export_supplements(self)}

    def import_data(self, data: Any) -> dict[str, int]:
        """Validate everything first, then write all of it in one transaction (or nothing)."""
        records = validate_export(data)
        if self.read_only:
            raise UserDataError(self.message or "the user data is read-only")
        statements: list[tuple[str, tuple]] = []
        for b in records["bookmarks"]:
            statements.append(("INSERT INTO bookmarks(page_id, title, created, tags) VALUES (?, ?, ?, ?) "
                               "ON CONFLICT(page_id) DO UPDATE SET title=excluded.title, tags=excluded.tags",
                               (b["page_id"], b["title"], b["created"], json.dumps(b["tags"], ensure_ascii=False))))
        for n in records["notes"]:
            statements.append(("INSERT INTO notes(page_id, body, updated) VALUES (?, ?, ?) ON CONFLICT(page_id) "
                               "DO UPDATE SET body=excluded.body, updated=excluded.updated",
                               (n["page_id"], n["body"], n["updated"])))
        for v in records["history"]:
            statements.append(("INSERT INTO history(page_id, title, visited) VALUES (?, ?, ?)",
                               (v["page_id"], v["title"], v["visited"])))
        statements += self.supplement_statements(records["supplements"])
        self._write(statements)
        return {k: len(v) for k, v in records.items()}


# the fields of an export file: type and longest text
_FIELDS = {"bookmarks": {"page_id": (str, usertext.MAX_PAGE_ID), "title": (str, usertext.MAX_TITLE),
                         "created": (str, usertext.MAX_DATE), "tags": (list, usertext.MAX_TAGS)},
           "notes": {"page_id": (str, usertext.MAX_PAGE_ID), "body": (str, usertext.MAX_NOTE),
                     "updated": (str, usertext.MAX_DATE)},
           "history": {"page_id": (str, usertext.MAX_PAGE_ID), "title": (str, usertext.MAX_TITLE),
                       "visited": (str, usertext.MAX_DATE)}}


def validate_export(data: Any) -> dict[str, list[dict]]:
    """The records of an export file, or UserDataError naming the first thing wrong."""
    if not isinstance(data, dict) or data.get("format") != EXPORT_FORMAT:
        raise UserDataError(f"not a b12ref user-data file (expected \"format\": \"{EXPORT_FORMAT}\")")
    out: dict[str, list[dict]] = {}
    for key, spec in _FIELDS.items():
        items = data.get(key, [])
        if not isinstance(items, list):
            raise UserDataError(f"{key}: expected a list")
        for i, item in enumerate(items):
            if not isinstance(item, dict):
                raise UserDataError(f"{key}[{i}]: expected an object")
            for name, (kind, limit) in spec.items():
                value = item.get(name, [] if kind is list else None)
                if not isinstance(value, kind):
                    raise UserDataError(f"{key}[{i}].{name}: expected {'a list' if kind is list else 'text'}")
                if len(value) > limit:
                    raise UserDataError(f"{key}[{i}].{name}: longer than {limit:,} "
                                        f"{'items' if kind is list else 'characters'}")
                for j, text in enumerate(value if kind is list else [value]):
                    where = f"{key}[{i}].{name}" + (f"[{j}]" if kind is list else "")
                    if not isinstance(text, str):
                        raise UserDataError(f"{where}: expected text")
                    if kind is list and len(text) > usertext.MAX_TAG:
                        raise UserDataError(f"{where}: longer than {usertext.MAX_TAG:,} characters")
                    bad = usertext.unstorable(text)
                    if bad:
                        raise UserDataError(f"{where}: not valid text (it holds {bad})")
            if not item["page_id"].strip():
                raise UserDataError(f"{key}[{i}].page_id: empty")
        out[key] = [{name: item.get(name, []) for name in spec} for item in items]
    out["supplements"] = validate_supplements(data.get("supplements", []))
    return out


def _page_id(page_id: str) -> str:
    cleaned = usertext.storable(page_id, usertext.MAX_PAGE_ID)
    if not cleaned.strip():
        raise UserDataError("no page is open")
    return cleaned


