"""The user's own data — bookmarks, notes, history — in a SQLite file apart from the content.

Durability: WAL journal, synchronous=FULL, every write in one transaction, a busy timeout so a
second copy of the app waits instead of failing. The schema is versioned; before a migration the
file is copied to a dated backup. A damaged file is moved aside (kept, never deleted) and a new one
started; a folder that cannot be written leaves the store read-only with a message.
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

SCHEMA_VERSION = 2
BUSY_TIMEOUT_MS = 10_000
MAX_NOTE_CHARS = 200_000
EXPORT_FORMAT = "b12ref-userdata"

_MIGRATIONS = {
    1: [
        "CREATE TABLE IF NOT EXISTS bookmarks (page_id TEXT PRIMARY KEY, title TEXT NOT NULL, "
        "created TEXT NOT NULL)",
        "CREATE TABLE IF NOT EXISTS notes (page_id TEXT PRIMARY KEY, body TEXT NOT NULL, updated TEXT NOT NULL)",
        "CREATE TABLE IF NOT EXISTS history (id INTEGER PRIMARY KEY, page_id TEXT NOT NULL, title TEXT NOT NULL, "
        "visited TEXT NOT NULL)",
    ],
    2: [
        "ALTER TABLE bookmarks ADD COLUMN tags TEXT NOT NULL DEFAULT '[]'",
        "CREATE INDEX IF NOT EXISTS history_visited ON history(visited)",
    ],
}


class UserDataError(Exception):
    """A user-data operation that could not be done; the message says why, for the user."""


@dataclass
class Bookmark:
    page_id: str
    title: str
    created: str
    tags: list[str]


@dataclass
class Note:
    page_id: str
    body: str
    updated: str


@dataclass
class Visit:
    page_id: str
    title: str
    visited: str


def _now() -> str:
    return dt.datetime.now().isoformat(timespec="seconds")


class UserData:
    """Open (creating, migrating or recovering) the user database at path.

    After opening, `message` holds anything the user should be told (a damaged file moved
    aside, a read-only folder) and `read_only` says whether writes are refused.
    """

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self.message = ""
        self.read_only = False
        self.conn = self._open()

    # ---- opening -----------------------------------------------------------------------
    def _connect(self, read_only: bool = False) -> sqlite3.Connection:
        if read_only:
            conn = sqlite3.connect(f"file:{self.path}?mode=ro", uri=True, timeout=BUSY_TIMEOUT_MS / 1000,
                                   isolation_level=None, check_same_thread=False)
        else:
            conn = sqlite3.connect(self.path, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None,
                                   check_same_thread=False)
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute("PRAGMA synchronous=FULL")
        conn.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        conn.row_factory = sqlite3.Row
        return conn

    def _open(self) -> sqlite3.Connection:
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            conn = self._connect()
            self._check(conn)
            self._migrate(conn)
            return conn
        except sqlite3.DatabaseError as exc:
            if _is_damage(exc) and self.path.exists():
                return self._recover(exc)
            return self._fallback(exc)
        except OSError as exc:
            return self._fallback(exc)

    def _check(self, conn: sqlite3.Connection) -> None:
        result = conn.execute("PRAGMA quick_check").fetchone()[0]
        if result != "ok":
            raise sqlite3.DatabaseError(f"database disk image is malformed ({result})")

    def _recover(self, exc: Exception) -> sqlite3.Connection:
        stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
        aside = self.path.with_name(f"{self.path.stem}.damaged-{stamp}{self.path.suffix}")
        for suffix in ("", "-wal", "-shm"):
            part = Path(str(self.path) + suffix)
            if part.exists():
                part.rename(Path(str(aside) + suffix))
        self.message = (f"Your notes and bookmarks file was damaged ({exc}). It was kept as {aside}; "
                        "a new, empty one was started.")
        conn = self._connect()
        self._migrate(conn)
        return conn

    def _fallback(self, exc: Exception) -> sqlite3.Connection:
        """The folder cannot be written: read what is there, or keep data in memory only."""
        self.read_only = True
        self.message = (f"Cannot save notes, bookmarks or history in {self.path.parent} ({exc}). "
                        "b12ref goes on, but nothing you add will be kept.")
        try:
            if self.path.exists():
                return self._connect(read_only=True)
        except sqlite3.Error:
            pass
        conn = sqlite3.connect(":memory:", isolation_level=None, check_same_thread=False)
        conn.row_factory = sqlite3.Row
        self._migrate(conn, backup=False)
        return conn

    def _migrate(self, conn: sqlite3.Connection, backup: bool = True) -> None:
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        if version > SCHEMA_VERSION:
            raise UserDataError(f"{self.path} was written by a newer b12ref (schema {version})")
        if version == SCHEMA_VERSION:
            return
        if backup and version > 0:
            stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
            target = self.path.with_name(f"{self.path.stem}.backup-v{version}-{stamp}{self.path.suffix}")
            conn.execute(f"VACUUM INTO '{_sql_str(str(target))}'")
        conn.execute("BEGIN IMMEDIATE")
        try:
            for step in range(version + 1, SCHEMA_VERSION + 1):
                for statement in _MIGRATIONS[step]:
                    conn.execute(statement)
            conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise

    def close(self) -> None:
        self.conn.close()

    # ---- writing -----------------------------------------------------------------------
    def _write(self, statements: list[tuple[str, tuple]]) -> None:
        if self.read_only:
            raise UserDataError(self.message or "the user data is read-only")
        try:
            self.conn.execute("BEGIN IMMEDIATE")
            try:
                for sql, params in statements:
                    self.conn.execute(sql, params)
                self.conn.execute("COMMIT")
            except BaseException:
                self.conn.execute("ROLLBACK")
                raise
        except sqlite3.OperationalError as exc:
            raise UserDataError(f"could not save ({exc})") from exc

    def set_bookmark(self, page_id: str, title: str, on: bool = True, tags: list[str] | None = None) -> None:
        if on:
            self._write([("INSERT INTO bookmarks(page_id, title, created, tags) VALUES (?, ?, ?, ?) "
                          "ON CONFLICT(page_id) DO UPDATE SET title=excluded.title, tags=excluded.tags",
                          (page_id, title, _now(), json.dumps(tags or [])))])
        else:
            self._write([("DELETE FROM bookmarks WHERE page_id = ?", (page_id,))])

    def is_bookmarked(self, page_id: str) -> bool:
        return self.conn.execute("SELECT 1 FROM bookmarks WHERE page_id = ?", (page_id,)).fetchone() is not None

    def bookmarks(self) -> list[Bookmark]:
        rows = self.conn.execute("SELECT * FROM bookmarks ORDER BY created DESC, title")
        return [Bookmark(r["page_id"], r["title"], r["created"], json.loads(r["tags"] or "[]")) for r in rows]

    def save_note(self, page_id: str, body: str) -> None:
        body = body[:MAX_NOTE_CHARS]
        if body.strip():
            self._write([("INSERT INTO notes(page_id, body, updated) VALUES (?, ?, ?) ON CONFLICT(page_id) "
                          "DO UPDATE SET body=excluded.body, updated=excluded.updated", (page_id, body, _now()))])
        else:
            self._write([("DELETE FROM notes WHERE page_id = ?", (page_id,))])

    def note(self, page_id: str) -> str:
        row = self.conn.execute("SELECT body FROM notes WHERE page_id = ?", (page_id,)).fetchone()
        return row["body"] if row else ""

    def notes(self) -> list[Note]:
        return [Note(r["page_id"], r["body"], r["updated"])
                for r in self.conn.execute("SELECT * FROM notes ORDER BY updated DESC")]

    def search_notes(self, text: str, limit: int = 20) -> list[Note]:
        words = [w for w in text.lower().split() if w][:12]
        if not words:
            return []
        sql = "SELECT * FROM notes WHERE " + " AND ".join("instr(lower(body), ?) > 0" for _ in words)
        rows = self.conn.execute(sql + " ORDER BY updated DESC LIMIT ?", (*words, limit))
        return [Note(r["page_id"], r["body"], r["updated"]) for r in rows]

    def add_visit(self, page_id: str, title: str) -> None:
        if not self.read_only:
            self._write([("INSERT INTO history(page_id, title, visited) VALUES (?, ?, ?)", (page_id, title, _now()))])

    def history(self, limit: int = 200) -> list[Visit]:
        rows = self.conn.execute("SELECT page_id, title, visited FROM history ORDER BY id DESC LIMIT ?", (limit,))
        return [Visit(r["page_id"], r["title"], r["visited"]) for r in rows]

    def clear_history(self) -> None:
        self._write([("DELETE FROM history", ())])

    # ---- export and import -------------------------------------------------------------
    def export_data(self) -> dict[str, Any]:
        return {"format": EXPORT_FORMAT, "version": SCHEMA_VERSION, "exported": _now(),
                "bookmarks": [asdict(b) for b in self.bookmarks()],
                "notes": [asdict(n) for n in self.notes()],
                "history": [asdict(v) for v in self.history(limit=100_000)]}

    def import_data(self, data: Any) -> dict[str, int]:
        """Validate everything first, then write all of it in one transaction (or nothing)."""
        records = validate_export(data)
        statements: list[tuple[str, tuple]] = []
        for b in records["bookmarks"]:
            statements.append(("INSERT INTO bookmarks(page_id, title, created, tags) VALUES (?, ?, ?, ?) "
                               "ON CONFLICT(page_id) DO UPDATE SET title=excluded.title, tags=excluded.tags",
                               (b["page_id"], b["title"], b["created"], json.dumps(b["tags"]))))
        for n in records["notes"]:
            statements.append(("INSERT INTO notes(page_id, body, updated) VALUES (?, ?, ?) ON CONFLICT(page_id) "
                               "DO UPDATE SET body=excluded.body, updated=excluded.updated",
                               (n["page_id"], n["body"], n["updated"])))
        for v in records["history"]:
            statements.append(("INSERT INTO history(page_id, title, visited) VALUES (?, ?, ?)",
                               (v["page_id"], v["title"], v["visited"])))
        self._write(statements)
        return {k: len(v) for k, v in records.items()}


def validate_export(data: Any) -> dict[str, list[dict]]:
    """The records of an export file, or UserDataError naming the first thing wrong."""
    if not isinstance(data, dict) or data.get("format") != EXPORT_FORMAT:
        raise UserDataError(f"not a b12ref user-data file (expected \"format\": \"{EXPORT_FORMAT}\")")
    fields = {"bookmarks": {"page_id": str, "title": str, "created": str, "tags": list},
              "notes": {"page_id": str, "body": str, "updated": str},
              "history": {"page_id": str, "title": str, "visited": str}}
    out: dict[str, list[dict]] = {}
    for key, spec in fields.items():
        items = data.get(key, [])
        if not isinstance(items, list):
            raise UserDataError(f"{key}: expected a list")
        for i, item in enumerate(items):
            if not isinstance(item, dict):
                raise UserDataError(f"{key}[{i}]: expected an object")
            for name, kind in spec.items():
                value = item.get(name, [] if kind is list else None)
                if not isinstance(value, kind):
                    raise UserDataError(f"{key}[{i}].{name}: expected {kind.__name__}")
                if kind is str and ("\x00" in value or len(value) > MAX_NOTE_CHARS):
                    raise UserDataError(f"{key}[{i}].{name}: not valid text")
            if key == "bookmarks" and not all(isinstance(t, str) for t in item.get("tags", [])):
                raise UserDataError(f"{key}[{i}].tags: expected a list of text")
            if not item["page_id"].strip():
                raise UserDataError(f"{key}[{i}].page_id: empty")
        out[key] = [{name: item.get(name, []) for name in spec} for item in items]
    return out


def _is_damage(exc: sqlite3.DatabaseError) -> bool:
    text = str(exc).lower()
    return any(w in text for w in ("malformed", "not a database", "file is encrypted", "disk image"))


def _sql_str(text: str) -> str:
    return text.replace("'", "''")
