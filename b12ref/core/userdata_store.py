"""Opening the user's data store whatever its state: created, migrated (after a dated backup), a
damaged file moved aside, a store that cannot be written read into memory and kept read-only."""

from __future__ import annotations

import datetime as dt
import shutil
import sqlite3
import tempfile
from pathlib import Path

from b12ref.core.sqlite_uri import sqlite_uri

SCHEMA_VERSION = 3
BUSY_TIMEOUT_MS = 10_000

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
    3: [  # My supplements (b12ref.core.userdata_supplements)
        "CREATE TABLE IF NOT EXISTS supplements (name TEXT PRIMARY KEY COLLATE NOCASE, lines TEXT NOT NULL, "
        "per_day REAL NOT NULL DEFAULT 1, added TEXT NOT NULL)",
    ],
}


class UserDataError(Exception):
    """A user-data operation that could not be done; the message says why, for the user."""



class UserStore:
    """The file, its connection, and the state it was found in: `message` (what the user should be
    told), `read_only`, `damaged_aside` (where a damaged file was moved) and `unreadable`."""

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
