"""Open the content database (building it when missing, stale or damaged) and read pages.

A start opens no database: the first screen's lists come from what was remembered when the database
was found current (db_verified, first_screen), and the connection is made on first use. sqlite3 is
imported where a connection is made (~2 ms and ~1.4 MB that the first screen does without)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Callable, NamedTuple

from b12ref.core import db_verified
from b12ref.core.fingerprint import builder_hash, content_hash
from b12ref.core.summaries import DeficiencySummary, SymptomSummary
from b12ref.core.database_schema import (  # noqa: F401 - re-exported: the errors callers catch
    REQUIRED_TABLES, SCHEMA_VERSION, BuildError, DatabaseDamaged, NotFound, loads_json,
)
from b12ref.core.sqlite_uri import sqlite_uri

if TYPE_CHECKING:  # imported where used: the first screen lists names and needs neither
    import sqlite3

    from b12ref.core.records import CitedItem, DeficiencyPage, Link, Source, SymptomPage
    from b12ref.core.sides import SideReader

class EnsureResult(NamedTuple):
    """Where the database is, whether it was (re)built, and why."""

    path: Path
    rebuilt: bool
    reason: str


PAGE_TABLES = (("deficiencies", "deficiency"), ("symptoms", "symptom"), ("nutrients", "nutrient"),
               ("medicines", "medicine"), ("outcomes", "outcome"))


def _items(value: str | None) -> list[CitedItem]:
    from b12ref.core.records import CitedItem

    return [CitedItem(i["text"], i.get("sources") or []) if isinstance(i, dict) else CitedItem(str(i), [])
            for i in loads_json(value)]


def database_status(path: Path, content_root: Path | None) -> str:
    """'' when the database at path is usable and current, else why it is not."""
    if not path.exists():
        return "missing"
    import sqlite3

    try:
        conn = sqlite3.connect(sqlite_uri(path, mode="ro"), uri=True)
        try:
            version = conn.execute("PRAGMA user_version").fetchone()[0]
            tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
            if version != SCHEMA_VERSION or not REQUIRED_TABLES <= tables:
                return "built by another version"
            quick = conn.execute("PRAGMA quick_check").fetchone()[0]
            if quick != "ok":
                return "damaged"
            meta = dict(conn.execute("SELECT key, value FROM meta WHERE key IN ('content_hash', 'builder_hash')"))
        finally:
            conn.close()
    except sqlite3.DatabaseError:
        return "damaged"
    if content_root is not None and content_root.is_dir():
        if meta.get("content_hash") != content_hash(content_root):
            return "content changed"
        if meta.get("builder_hash") != builder_hash():
            return "built by another version"
    return ""


def _current(path: Path, content_root: Path) -> tuple[str, dict | None]:
    """('', its first screen's lists) when the database at path is current for content_root
    (remembered, so that the next start checks it by stat alone: db_verified), else (why not, None)."""
    known = db_verified.verified(path, content_root)
    if known is not None and isinstance(known.get("first_screen"), dict):
        return "", known["first_screen"]
    reason = database_status(path, content_root)
    return (reason, None) if reason else ("", remember_current(path, content_root))


def first_screen(path: Path) -> dict:
    """What the first screen lists of the database at path, as db_verified keeps it: every deficiency
    and symptom as a list of its summary's fields."""
    import sqlite3

    library = Library(path)
    try:
        return {"deficiencies": [list(d) for d in library.deficiencies()],
                "symptoms": [list(s) for s in library.symptoms()]}
    except sqlite3.DatabaseError as exc:
        raise DatabaseDamaged(f"{path}: cannot list its pages ({exc})") from exc
    finally:
        library.close()


def remember_current(path: Path, content_root: Path) -> dict:
    """Remember the database at path as current for content_root, with its first screen's lists
    (returned)."""
    lists = first_screen(path)
    db_verified.remember(path, content_root, lists)
    return lists


def ensure_database(path: Path, content_root: Path,
                    progress: Callable[[str], None] | None = None) -> EnsureResult:
    """Make sure a current, undamaged database is at path; build it from content if not.

    A database found current before, with none of its files changed since, is not checked
    again (db_verified): the start skips hashing the content and quick_check."""
    reason, _lists = _current(path, content_root)
    if not reason:
        return EnsureResult(path, False, "")
    if progress:
        progress(f"Building the content database ({reason})…")
    from b12ref.core.build import build  # sqlite-utils and YAML are only needed to build

    build(content_root, path)
    remember_current(path, content_root)
    return EnsureResult(path, True, reason)


def shipped_database(content_root: Path) -> Library | None:
    """The database built into the package (pyproject's build hook), when it is there and current
    for content_root: used read-only where it is, nothing built."""
    from b12ref import paths

    shipped = paths.shipped_db_path()
    if not shipped.is_file():
        return None
    reason, lists = _current(shipped, content_root)
    return None if reason else Library(shipped, lists)


class Library:
    """Read-only access to one content database. Every method returns plain records.

    Opened with first_screen (what db_verified remembered of this file), it makes its connection on
    first use and lists deficiencies and symptoms from first_screen; else it connects at once, and
    raises DatabaseDamaged when the file is not a b12ref content database."""

    def __init__(self, path: Path, first_screen: dict | None = None) -> None:
        self.path = Path(path)
        self._first_screen = first_screen
        self._conn: sqlite3.Connection | None = None if first_screen else self._open_connection()
        self._sources: dict[str, Source] | None = None
        self._sides: SideReader | None = None
        self.rebuilt_reason = ""  # set by open_library when it had to (re)build the file

    @property
    def conn(self) -> sqlite3.Connection:
        if self._conn is None:  # a start's library, on first use
            try:
                self._conn = self._open_connection()
            except DatabaseDamaged:  # the file has gone since the start found it current
                _build_again(self.path)
                self._conn = self._open_connection()
        return self._conn

    @property
    def connected(self) -> bool:
        return self._conn is not None

    def close(self) -> None:
        if self._conn is not None:
            self._conn.close()

    def connect(self) -> sqlite3.Connection:
        """Another read-only connection to the same database, for an owner that closes it."""
        return self._open_connection()

    def _open_connection(self) -> sqlite3.Connection:
        import sqlite3

        try:
            conn = sqlite3.connect(sqlite_uri(self.path, mode="ro"), uri=True, check_same_thread=False)
            conn.row_factory = sqlite3.Row
            conn.execute("SELECT 1 FROM deficiencies LIMIT 1").fetchall()
        except sqlite3.DatabaseError as exc:
            raise DatabaseDamaged(f"{self.path}: not a b12ref content database ({exc})") from exc
        return conn

    def _first_screen_lists(self) -> tuple[list[DeficiencySummary], list[SymptomSummary]]:
        """The remembered lists as records, made once (the first screen asks twice), the fields dropped."""
        if isinstance(self._first_screen, dict):
            self._first_screen = ([DeficiencySummary(*fields) for fields in self._first_screen["deficiencies"]],
                                  [SymptomSummary(*fields) for fields in self._first_screen["symptoms"]])
        return self._first_screen

    def meta(self) -> dict[str, str]:
        return {r["key"]: r["value"] for r in self.conn.execute("SELECT key, value FROM meta")}

    # ---- lists -------------------------------------------------------------------------
    def deficiencies(self) -> list[DeficiencySummary]:
        if self._first_screen is not None:
            return list(self._first_screen_lists()[0])
        rows = self.conn.execute(
            "SELECT id, name, category, aliases, summary FROM deficiencies ORDER BY name COLLATE NOCASE")
        return [DeficiencySummary(r["id"], r["name"], r["category"], loads_json(r["aliases"]), r["summary"])
                for r in rows]

    def symptoms(self) -> list[SymptomSummary]:
        if self._first_screen is not None:
            return list(self._first_screen_lists()[1])
        rows = self.conn.execute(
            "SELECT id, name, body_system, synonyms, hpo_id FROM symptoms ORDER BY name COLLATE NOCASE")
        return [SymptomSummary(r["id"], r["name"], r["body_system"], loads_json(r["synonyms"]), r["hpo_id"])
                for r in rows]

    def sources(self) -> dict[str, Source]:
        if self._sources is None:
            from b12ref.core.records import Source

            rows = self.conn.execute("SELECT * FROM sources ORDER BY id")
            self._sources = {r["id"]: Source(**dict(r)) for r in rows}
        return self._sources

    def kind_of(self, page_id: str) -> str | None:
        """'deficiency', 'symptom', 'nutrient', 'medicine', 'outcome' or None."""
        for table, kind in PAGE_TABLES:
            if self.conn.execute(f"SELECT 1 FROM {table} WHERE id = ?", (page_id,)).fetchone():
                return kind
        return None

    @property
    def sides(self) -> SideReader:
        """The other sides of each nutrient: too much, studied, taking it, reference values."""
        if self._sides is None:
            from b12ref.core.sides import SideReader

            self._sides = SideReader(self.conn)
        return self._sides

    # ---- links -------------------------------------------------------------------------
    def links(self, deficiency_id: str | None = None, symptom_id: str | None = None) -> list[Link]:
        from b12ref.core.records import Link
        from b12ref.core.sides import where

        sql = ("SELECT l.*, d.name AS deficiency_name, s.name AS symptom_name, s.body_system, "
               "s.synonyms FROM links l JOIN deficiencies d ON d.id = l.deficiency_id "
               "JOIN symptoms s ON s.id = l.symptom_id WHERE 1=1")
        sql, params = where(sql, l__deficiency_id=deficiency_id, l__symptom_id=symptom_id)
        links = [Link(r["deficiency_id"], r["deficiency_name"], r["symptom_id"], r["symptom_name"],
                      r["body_system"], r["frequency"], r["evidence"], r["mechanism"], r["note"],
                      bool(r["red_flag"]), bool(r["hallmark"]), loads_json(r["sources"]),
                      loads_json(r["synonyms"]))
                 for r in self.conn.execute(sql + " ORDER BY l.ord", params)]
        return links

    def link(self, deficiency_id: str, symptom_id: str) -> Link | None:
        found = self.links(deficiency_id, symptom_id)
        return found[0] if found else None

    def narrower(self, symptom_id: str) -> list[str]:
        """Symptoms that are specific forms of this one ("proximal muscle weakness" of "muscle weakness")."""
        return [r[0] for r in self.conn.execute(
            "SELECT narrower_id FROM narrower WHERE symptom_id = ? ORDER BY narrower_id", (symptom_id,))]

    # ---- pages -------------------------------------------------------------------------
    def _cited(self, ids) -> list[Source]:
        known = self.sources()
        return [known[i] for i in dict.fromkeys(ids) if i in known]

    def deficiency(self, deficiency_id: str) -> DeficiencyPage:
        from b12ref.core.records import DeficiencyPage, FoodSource, LabTest, RiskFactor, Section, Treatment

        row = self.conn.execute("SELECT * FROM deficiencies WHERE id = ?", (deficiency_id,)).fetchone()
        if row is None:
            raise NotFound(deficiency_id)

        def rows(table: str):
            return self.conn.execute(f"SELECT * FROM {table} WHERE deficiency_id = ? ORDER BY ord",
                                     (deficiency_id,)).fetchall()

        return DeficiencyPage(
            id=row["id"], name=row["name"], category=row["category"],
            aliases=loads_json(row["aliases"]), conditions=loads_json(row["conditions"]),
            summary=row["summary"], reviewed=row["reviewed"],
            sections=[Section(r["key"], r["title"], r["body"]) for r in rows("sections")],
            symptoms=self.links(deficiency_id=deficiency_id),
            treatments=[Treatment(r["name"], r["route"], r["adult_dose"], r["duration"], r["monitoring"],
                                  bool(r["first_line"]), r["notes"], r["clinician_plan"],
                                  loads_json(r["sources"])) for r in rows("treatments")],
            tests=[LabTest(r["name"], r["what_it_shows"], r["reference_range"], r["pitfalls"],
                           loads_json(r["sources"])) for r in rows("tests")],
            food_sources=[FoodSource(r["food"], r["serving"], r["amount"], loads_json(r["sources"]))
                          for r in rows("food_sources")],
            risk_factors=[RiskFactor(r["factor"], r["kind"], loads_json(r["aliases"]), r["note"],
                                     loads_json(r["sources"])) for r in rows("risk_factors")],
            sources=self._cited(loads_json(row["sources"])),
            related=self.related(deficiency_id),
        )

    def related(self, deficiency_id: str, limit: int = 4) -> list[dict]:
        """Deficiencies that share the most symptoms with this one, hallmark features counting double."""
        rows = self.conn.execute(
            "SELECT o.deficiency_id, d.name, count(*) + sum(l.hallmark AND o.hallmark) AS weight, "
            "group_concat(s.name, '; ') AS shared FROM links l "
            "JOIN links o ON o.symptom_id = l.symptom_id AND o.deficiency_id != l.deficiency_id "
            "JOIN deficiencies d ON d.id = o.deficiency_id JOIN symptoms s ON s.id = l.symptom_id "
            "WHERE l.deficiency_id = ? GROUP BY o.deficiency_id ORDER BY weight DESC, d.name LIMIT ?",
            (deficiency_id, limit))
        return [{"id": r[0], "name": r[1], "shared": r[3].split("; ")} for r in rows]

    def symptom(self, symptom_id: str) -> SymptomPage:
        from b12ref.core.records import SymptomPage

        row = self.conn.execute("SELECT * FROM symptoms WHERE id = ?", (symptom_id,)).fetchone()
        if row is None:
            raise NotFound(symptom_id)
        direct = sorted(self.links(symptom_id=symptom_id), key=lambda link: link.rank)
        seen = {link.deficiency_id for link in direct}
        specific = []
        for link in sorted((x for s in self.narrower(symptom_id) for x in self.links(symptom_id=s)),
                           key=lambda link: link.rank):
            if link.deficiency_id not in seen:
                seen.add(link.deficiency_id)
                specific.append(link)
        causes = direct + specific
        items = [*_items(row["other_causes"]), *_items(row["red_flags"])]
        cited = ([s for link in causes for s in link.sources] + [s for i in items for s in i.sources]
                 + loads_json(row["sources"]))
        return SymptomPage(
            id=row["id"], name=row["name"], hpo_id=row["hpo_id"], hpo_name=row["hpo_name"],
            body_system=row["body_system"], synonyms=loads_json(row["synonyms"]),
            description=row["description"], causes=causes,
            other_causes=_items(row["other_causes"]), red_flags=_items(row["red_flags"]),
            sources=self._cited(cited))

    def page(self, page_id: str) -> DeficiencyPage | SymptomPage:
        kind = self.kind_of(page_id)
        if kind == "deficiency":
            return self.deficiency(page_id)
        if kind == "symptom":
            return self.symptom(page_id)
        raise NotFound(page_id)

    def reviewed_dates(self) -> dict[str, str]:
        return {r["name"]: r["reviewed"] for r in
                self.conn.execute("SELECT name, reviewed FROM deficiencies ORDER BY name")}


def _app_paths(path: Path | None, content_root: Path | None) -> tuple[Library | None, Path, Path]:
    """(the shipped database's library when it is the one to use, the database path, the content folder)."""
    from b12ref import paths

    root = content_root if content_root is not None else paths.content_dir()
    shipped = shipped_database(root) if path is None and not paths.content_db_overridden() else None
    return shipped, Path(path) if path is not None else paths.content_db_path(), root


def open_library(path: Path | None = None, content_root: Path | None = None,
                 progress: Callable[[str], None] | None = None) -> Library:
    """The app's library: the default database, built or rebuilt first when needed."""
    shipped, db_path, root = _app_paths(path, content_root)
    if shipped is not None:
        return Library(shipped.path)  # connected at once: a command says at once if it cannot read it
    result = ensure_database(db_path, root, progress)
    library = Library(db_path)
    library.rebuilt_reason = result.reason
    return library


def library_if_current(path: Path | None = None, content_root: Path | None = None) -> tuple[Library | None, str]:
    """(the app's library, "") when its database is there and current, nothing built; else (None, why
    not), and the window builds it in the background (ui/content_build.py) instead of waiting."""
    shipped, db_path, root = _app_paths(path, content_root)
    if shipped is not None:
        return shipped, ""
    reason, lists = _current(db_path, root)
    return (None, reason) if reason else (Library(db_path, lists), "")


def reopen_library(path: Path) -> Library:
    """Another connection to the library at path (for a worker thread). When the file has gone
    since the window opened it (its cache folder emptied), it is built again first."""
    try:
        return Library(path)
    except DatabaseDamaged:
        _build_again(path)
        return Library(path)


def _build_again(path: Path) -> None:
    """Build the database at path again if it is not there and current (its cache folder emptied)."""
    from b12ref import paths

    ensure_database(Path(path), paths.content_dir())
