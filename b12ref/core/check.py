"""`check-db`: is the content database intact, current and (strict) true to the content rules?"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path

from b12ref.core.content import load_content
from b12ref.core.library import database_status
from b12ref.core.sqlite_uri import sqlite_uri
from b12ref.core.validate import PLACEHOLDER, validate

_TEXT_COLUMNS = {
    "deficiencies": ("name", "summary"), "sections": ("body",), "symptoms": ("name", "description"),
    "treatments": ("name", "adult_dose", "duration", "monitoring"), "tests": ("name", "reference_range"),
    "food_sources": ("food", "serving", "amount"), "sources": ("title",),
}


@dataclass
class CheckReport:
    lines: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


def _database_rules(conn: sqlite3.Connection, report: CheckReport) -> None:
    for table, columns in _TEXT_COLUMNS.items():
        for column in columns:
            for (value,) in conn.execute(f"SELECT {column} FROM {table}"):
                if not value or not str(value).strip() or PLACEHOLDER.search(str(value)):
                    report.problems.append(f"{table}.{column}: empty or placeholder text {value!r}")
    known = {r[0] for r in conn.execute("SELECT id FROM sources WHERE url IS NOT NULL "
                                        "OR doi IS NOT NULL OR pmid IS NOT NULL")}
    for did, sid, sources in conn.execute("SELECT deficiency_id, symptom_id, sources FROM links"):
        ids = json.loads(sources or "[]")
        if not ids or not set(ids) <= known:
            report.problems.append(f"link {did} -> {sid}: needs at least one source with a URL, DOI or PMID")


def check_database(path: Path, content_root: Path, strict: bool = False) -> CheckReport:
    report = CheckReport()
    status = database_status(path, content_root)
    if status:
        report.problems.append(f"{path}: {status}")
        return report
    conn = sqlite3.connect(sqlite_uri(path, mode="ro"), uri=True)
    try:
        integrity = conn.execute("PRAGMA integrity_check").fetchone()[0]
        if integrity != "ok":
            report.problems.append(f"{path}: integrity check says {integrity}")
        meta = dict(conn.execute("SELECT key, value FROM meta"))
        count = lambda sql: conn.execute(sql).fetchone()[0]  # noqa: E731
        report.lines.append(f"database: {path} (content {meta.get('content_hash')}, built {meta.get('built_at')})")
        report.lines.append(f"deficiencies: {count('SELECT count(*) FROM deficiencies')}")
        report.lines.append(f"symptoms: {count('SELECT count(*) FROM symptoms')} "
                            f"({count('SELECT count(*) FROM symptoms WHERE hpo_id IS NOT NULL')} with an HPO id)")
        grades = dict(conn.execute("SELECT evidence, count(*) FROM links GROUP BY evidence"))
        report.lines.append(f"links: {sum(grades.values())} (" + ", ".join(
            f"{g} {grades.get(g, 0)}" for g in ("established", "probable", "reported", "disputed")) + ")")
        report.lines.append(f"sources: {count('SELECT count(*) FROM sources')}")
        report.lines.append(f"integrity: {integrity}")
        if strict:
            _database_rules(conn, report)
    finally:
        conn.close()
    if strict:
        report.problems += [str(p) for p in validate(load_content(content_root), strict=True)]
        report.lines.append("strict content rules: " + ("passed" if not report.problems else "failed"))
    return report
