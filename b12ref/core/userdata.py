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

import datetime as dt
import json
import shutil
import sqlite3
import tempfile
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from b12ref.core import usertext
from b12ref.core.sqlite_uri import sqlite_uri

SCHEMA_VERSION = 2
BUSY_TIMEOUT_MS = 10_000
MAX_NOTE_CHARS = usertext.MAX_NOTE
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

    # ---- opening -----------------------------------------------------------------------
    def _connect(self) -> sqlite3.Connection:
        conn = sqlite3.connect(self.path, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None,
                               check_same_thread=False)
        conn.row_factory = sqlite3.Row
        conn.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("PRAGMA synchronous=FULL")
        return conn

    def _open(self) -> sqlite3.Connection:
        conn: sqlite3.Connection | None = None
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            conn = self._connect()
            self._check(conn)
            version = conn.execute("PRAGMA user_version").fetchone()[0]
            if version > SCHEMA_VERSION:
                conn.close()
                return self._read_only(
                    f"{self.path} was written by a newer version of b12ref (data format {version}; this one "
                    f"reads format {SCHEMA_VERSION}). It is shown read-only, so that nothing in it is changed: "
                    "nothing you add will be kept until b12ref is updated.")
            self._migrate(conn)
            _verify_shape(conn)
            _probe_write(conn)
            return conn
        except (sqlite3.Error, OSError, UserDataError) as exc:
            if conn is not None:
                _close_quietly(conn)
            if isinstance(exc, sqlite3.DatabaseError) and _is_damage(exc) and self.path.is_file():
                return self._recover(exc)
            return self._read_only(self._cannot_write(exc))

    def _cannot_write(self, exc: Exception) -> str:
        where = self.path if self.path.exists() and "readonly" in str(exc).replace("-", "") else self.path.parent
        return (f"Cannot save notes, bookmarks or history in {where} ({_reason(exc)}). What is there is shown "
                "read-only; nothing you add will be kept.")

    def _check(self, conn: sqlite3.Connection) -> None:
        result = conn.execute("PRAGMA quick_check").fetchone()[0]
        if result != "ok":
            raise sqlite3.DatabaseError(f"database disk image is malformed ({result})")

    def _recover(self, exc: Exception) -> sqlite3.Connection:
        stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
        aside = self.path.with_name(f"{self.path.stem}.damaged-{stamp}{self.path.suffix}")
        try:
            for suffix in ("", "-wal", "-shm"):
                part = Path(str(self.path) + suffix)
                if part.exists():
                    part.rename(Path(str(aside) + suffix))
        except OSError as move_exc:
            self.unreadable = True
            return self._read_only(
                f"Your notes and bookmarks file {self.path} is damaged ({_reason(exc)}) and could not be moved "
                f"aside ({_reason(move_exc)}). b12ref goes on without it; nothing you add will be kept.",
                snapshot=False)
        self.damaged_aside = aside
        self.message = (f"Your notes and bookmarks file was damaged ({_reason(exc)}). It was kept as {aside}; "
                        "a new, empty one was started.")
        try:
            conn = self._connect()
            self._migrate(conn)
            return conn
        except (sqlite3.Error, OSError, UserDataError) as new_exc:
            damaged = self.message
            memory = self._read_only(self._cannot_write(new_exc), snapshot=False)
            self.message = f"{damaged} {self.message}"
            return memory

    def _read_only(self, message: str, snapshot: bool = True) -> sqlite3.Connection:
        """Writes refused with message; what the file holds (with its WAL) is read into memory, so that
        nothing is written beside it: no -shm, no -journal, in a folder that may not take them."""
        self.read_only = True
        self.message = message
        memory = sqlite3.connect(":memory:", isolation_level=None, check_same_thread=False)
        memory.row_factory = sqlite3.Row
        if snapshot and self.path.is_file():
            try:
                _copy_into(self.path, memory)
                self._check(memory)
            except (sqlite3.Error, OSError) as exc:
                _close_quietly(memory)
                memory = sqlite3.connect(":memory:", isolation_level=None, check_same_thread=False)
                memory.row_factory = sqlite3.Row
                self.unreadable = True
                self.message += f" {self.path} could not be read either ({_reason(exc)})."
        try:
            if memory.execute("PRAGMA user_version").fetchone()[0] < SCHEMA_VERSION:
                self._migrate(memory, backup=False)
        except (sqlite3.Error, UserDataError):
            pass  # an old file of another shape: its reads give nothing
        return memory

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
            _rollback(conn)
            raise

    def close(self) -> None:
        _close_quietly(self.conn)

    # ---- reading -----------------------------------------------------------------------
    def _rows(self, sql: str, params: tuple = (), strict: bool = False) -> list[sqlite3.Row]:
        """The rows of a query; a store that cannot be read gives none (and says so in `message`),
        or, strict, UserDataError."""
        try:
            return self.conn.execute(sql, params).fetchall()
        except sqlite3.Error as exc:
            if strict:
                raise UserDataError(f"cannot read {self.path} ({_reason(exc)})") from exc
            self.message = f"Cannot read your notes and bookmarks ({_reason(exc)})."
            return []

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
                _rollback(self.conn)
                raise
        except sqlite3.Error as exc:
            raise UserDataError(f"could not save ({_reason(exc)})") from exc

    def set_bookmark(self, page_id: str, title: str, on: bool = True, tags: list[str] | None = None) -> None:
        page_id = _page_id(page_id)
        if on:
            title = usertext.storable(title, usertext.MAX_TITLE)
            tags = [usertext.storable(t, usertext.MAX_TAG) for t in (tags or [])][:usertext.MAX_TAGS]
            self._write([("INSERT INTO bookmarks(page_id, title, created, tags) VALUES (?, ?, ?, ?) "
                          "ON CONFLICT(page_id) DO UPDATE SET title=excluded.title, tags=excluded.tags",
                          (page_id, title, _now(), json.dumps(tags, ensure_ascii=False)))])
        else:
            self._write([("DELETE FROM bookmarks WHERE page_id = ?", (page_id,))])

    def is_bookmarked(self, page_id: str) -> bool:
        return bool(self._rows("SELECT 1 FROM bookmarks WHERE page_id = ?", (usertext.storable(page_id, usertext.MAX_PAGE_ID),)))

    def bookmarks(self, strict: bool = False) -> list[Bookmark]:
        rows = self._rows("SELECT page_id, title, created, tags FROM bookmarks ORDER BY created DESC, title",
                          strict=strict)
        return [Bookmark(_text(r["page_id"]), _text(r["title"]), _text(r["created"]), _tags(r["tags"]))
                for r in rows]

    def save_note(self, page_id: str, body: str) -> None:
        page_id = _page_id(page_id)
        body = usertext.storable(body, MAX_NOTE_CHARS)
        if body.strip():
            self._write([("INSERT INTO notes(page_id, body, updated) VALUES (?, ?, ?) ON CONFLICT(page_id) "
                          "DO UPDATE SET body=excluded.body, updated=excluded.updated", (page_id, body, _now()))])
        else:
            self._write([("DELETE FROM notes WHERE page_id = ?", (page_id,))])

    def note(self, page_id: str) -> str:
        rows = self._rows("SELECT body FROM notes WHERE page_id = ?", (usertext.storable(page_id, usertext.MAX_PAGE_ID),))
        return _text(rows[0]["body"]) if rows else ""

    def notes(self, strict: bool = False) -> list[Note]:
        return [Note(_text(r["page_id"]), _text(r["body"]), _text(r["updated"]))
                for r in self._rows("SELECT page_id, body, updated FROM notes ORDER BY updated DESC", strict=strict)]

    def search_notes(self, text: str, limit: int = 20) -> list[Note]:
        words = [w for w in usertext.storable(text).lower().split() if w][:12]
        if not words:
            return []
        sql = "SELECT page_id, body, updated FROM notes WHERE " + " AND ".join("instr(lower(body), ?) > 0"
                                                                              for _ in words)
        rows = self._rows(sql + " ORDER BY updated DESC LIMIT ?", (*words, limit))
        return [Note(_text(r["page_id"]), _text(r["body"]), _text(r["updated"])) for r in rows]

    def add_visit(self, page_id: str, title: str) -> bool:
        """Record a visit when the store can take it: history is kept on a best-effort basis, and a
        visit that cannot be saved (a full disk) leaves the reason in `message`, never an error."""
        if self.read_only:
            return False
        try:
            self._write([("INSERT INTO history(page_id, title, visited) VALUES (?, ?, ?)",
                          (_page_id(page_id), usertext.storable(title, usertext.MAX_TITLE), _now()))])
        except UserDataError as exc:
            self.message = f"History not saved: {exc}"
            return False
        return True

    def history(self, limit: int = 200, strict: bool = False) -> list[Visit]:
        rows = self._rows("SELECT page_id, title, visited FROM history ORDER BY id DESC LIMIT ?", (limit,),
                          strict=strict)
        return [Visit(_text(r["page_id"]), _text(r["title"]), _text(r["visited"])) for r in rows]

    def clear_history(self) -> None:
        self._write([("DELETE FROM history", ())])

    # ---- export and import -------------------------------------------------------------
    def export_data(self) -> dict[str, Any]:
        """Everything the store holds; UserDataError when it cannot be read (never an empty export
        in place of what is there)."""
        return {"format": EXPORT_FORMAT, "version": SCHEMA_VERSION, "exported": _now(),
                "bookmarks": [asdict(b) for b in self.bookmarks(strict=True)],
                "notes": [asdict(n) for n in self.notes(strict=True)],
                "history": [asdict(v) for v in self.history(limit=10_000_000, strict=True)]}

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
    return out


def _page_id(page_id: str) -> str:
    cleaned = usertext.storable(page_id, usertext.MAX_PAGE_ID)
    if not cleaned.strip():
        raise UserDataError("no page is open")
    return cleaned


def _text(value: Any) -> str:
    """A column read back as text, whatever a hand-edited file put there."""
    if isinstance(value, str):
        return value
    if isinstance(value, bytes):
        return usertext.storable(value.decode("utf-8", "replace"))
    return "" if value is None else str(value)


def _tags(value: Any) -> list[str]:
    try:
        tags = json.loads(value) if isinstance(value, (str, bytes)) and value else []
    except (ValueError, RecursionError):
        return []
    return [t for t in tags if isinstance(t, str)] if isinstance(tags, list) else []


def _verify_shape(conn: sqlite3.Connection) -> None:
    """DatabaseError ('not a b12ref user-data file') when the tables lack the columns read here."""
    try:
        for sql in ("SELECT page_id, title, created, tags FROM bookmarks LIMIT 0",
                    "SELECT page_id, body, updated FROM notes LIMIT 0",
                    "SELECT id, page_id, title, visited FROM history LIMIT 0"):
            conn.execute(sql).fetchall()
    except sqlite3.OperationalError as exc:
        raise sqlite3.DatabaseError(f"not a b12ref user-data file ({exc})") from exc


def _probe_write(conn: sqlite3.Connection) -> None:
    """OperationalError now, not on the first save, when the file cannot be written (read-only
    file, a -wal or -shm that cannot be made): write a page, then roll it back."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
    finally:
        _rollback(conn)


def _copy_into(path: Path, memory: sqlite3.Connection) -> None:
    """Read the store at path (and its WAL, if any) into memory without writing beside it: from a
    copy in a temporary folder, so that neither a -shm file nor a lock is needed where it lives."""
    with tempfile.TemporaryDirectory(prefix="b12ref-userdata-") as tmp:
        copy = Path(tmp) / "userdata.sqlite"
        shutil.copyfile(path, copy)
        wal = Path(f"{path}-wal")
        if wal.is_file():
            shutil.copyfile(wal, Path(f"{copy}-wal"))
        source = sqlite3.connect(sqlite_uri(copy), uri=True)
        try:
            source.backup(memory)
        finally:
            source.close()


def _rollback(conn: sqlite3.Connection) -> None:
    if conn.in_transaction:
        try:
            conn.execute("ROLLBACK")
        except sqlite3.Error:
            pass  # SQLite has rolled back already (a full disk, an I/O error)


def _close_quietly(conn: sqlite3.Connection) -> None:
    try:
        conn.close()
    except sqlite3.Error:
        pass


def _reason(exc: Exception) -> str:
    return str(getattr(exc, "strerror", None) or exc)


def _is_damage(exc: sqlite3.DatabaseError) -> bool:
    text = str(exc).lower()
    return any(w in text for w in ("malformed", "not a database", "file is encrypted", "disk image",
                                   "not a b12ref", "duplicate column", "no such table", "no such column"))


def _sql_str(text: str) -> str:
    return text.replace("'", "''")
