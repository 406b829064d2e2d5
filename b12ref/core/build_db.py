"""Where the build writes: a database in memory, saved whole and compacted to a file at the end.

Measured on db/content (bench/build_time.py, medians of fresh processes, 2-CPU machine): the build
wrote straight to its file, with a commit for each batch of 100 rows that sqlite-utils' insert_all
wrote (126 journal files and 500 fdatasync calls: ~80 ms), and then ran VACUUM (~28 ms). In
memory, commits cost nothing, and `VACUUM INTO` writes the same compacted file in one pass and
one fsync (~13 ms): byte for byte the file VACUUM made, but for the header's write counters.
The rows go in by plain executemany (insert_rows), into tables sqlite-utils creates: its insert_all
spent ~35 ms more of Python on them (a lookup, jsonify_if_needed and an append for every value).
"""

from __future__ import annotations

import os
import sqlite3
from operator import itemgetter
from pathlib import Path

import sqlite_utils
from sqlite_utils.db import SQLITE_MAX_VARS, jsonify_if_needed
from sqlite_utils.utils import suggest_column_types

_PLAIN = frozenset({str, int, float, type(None)})  # values that sqlite-utils' insert_all stores as they are
_BATCH = 100  # insert_all's default batch size: its first batch decides the column types


def quote_identifier(name: str) -> str:
    """A table or column name for SQL, as sqlite-utils quotes it (its own helper is newer than the
    oldest sqlite-utils b12ref accepts)."""
    return '"' + name.replace('"', '""') + '"'


def open_memory() -> sqlite3.Connection:
    conn = sqlite3.connect(":memory:")
    # VACUUM INTO writes its file as this database would be written: unsynced, as save() syncs it
    # once (13.8 ms for VACUUM INTO with the default, 8.7 + 3.9 ms for the fsync with OFF)
    conn.execute("PRAGMA synchronous = OFF")
    return conn


def save(conn: sqlite3.Connection, path: Path) -> None:
    """Write the database to path (an empty file), compacted as VACUUM would, and sync it to disk:
    the caller renames it into place only once it is whole."""
    if conn.in_transaction:
        conn.commit()
    conn.execute("VACUUM INTO ?", (os.fspath(path),))
    handle = os.open(path, os.O_RDWR | getattr(os, "O_BINARY", 0))
    try:
        os.fsync(handle)
    finally:
        os.close(handle)


def insert_rows(db: sqlite_utils.Database, name: str, rows: list[dict], pk=None) -> None:
    """db[name].insert_all(rows, pk=pk), with the same table and rows, without its per-row Python.

    sqlite-utils creates a missing table from the column types of insert_all's first batch
    (suggest_column_types, then Table.create with the same pk), and stores a row's missing key
    as NULL and a value through jsonify_if_needed: all done the same way here. No rows create
    no table, as with insert_all. The rows are then written by one executemany instead of an
    INSERT (and a transaction) per batch of 100."""
    if not rows:
        return
    table = db[name]
    if not table.exists():
        batch = max(1, min(_BATCH, SQLITE_MAX_VARS // len(rows[0]))) if rows[0] else 1
        table.create(suggest_column_types(rows[:batch]), pk=pk)
    columns = [*rows[0], *sorted(set().union(*rows).difference(rows[0]))]  # any order names them all
    values = _values(rows, columns)
    if not {type(v) for row in values for v in row} <= _PLAIN:
        values = [tuple(map(jsonify_if_needed, row)) for row in values]
    names = ", ".join(map(quote_identifier, columns))
    marks = ", ".join("?" for _ in columns)
    db.conn.executemany(f"INSERT INTO {quote_identifier(name)} ({names}) VALUES ({marks})", values)


def _values(rows: list[dict], columns: list[str]) -> list[tuple]:
    if len(columns) == 1:
        return [(row.get(columns[0]),) for row in rows]
    try:
        return list(map(itemgetter(*columns), rows))
    except KeyError:  # a row without one of the keys: NULL there, as insert_all stores it
        return [tuple(row.get(c) for c in columns) for row in rows]
