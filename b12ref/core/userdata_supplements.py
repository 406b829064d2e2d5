"""My supplements in the user-data store: the products a person takes (a name, the label's lines,
how many a day), saved, read back, exported and validated on import like the rest of their data.

The lines are kept as typed ("vitamin d 25 mcg"); b12ref.core.supplements reads and adds them up.
"""

from __future__ import annotations

import json
import math
from dataclasses import asdict, dataclass, field
from typing import Any

from b12ref.core import usertext
from b12ref.core.userdata_store import UserDataError

MAX_NAME = 200       # characters in a product's name
MAX_LINE = 200       # characters in one label line
MAX_LINES = 60       # lines on one label
MAX_PRODUCTS = 500
MAX_PER_DAY = 50.0   # tablets, capsules or servings a day

@dataclass
class Product:
    """A supplement the user takes: its label's lines, how many a day, and lines not understood."""

    name: str
    lines: list[str]
    per_day: float = 1.0
    added: str = ""
    problems: list[str] = field(default_factory=list)  # lines that could not be read (filled by supplements.py)

    def to_dict(self) -> dict[str, Any]:
        return {k: v for k, v in asdict(self).items() if k != "problems"}


def clean_product(name: str, lines: list[str], per_day: float) -> tuple[str, list[str], float]:
    """The name, lines and count as stored, or UserDataError naming what is wrong (for the user)."""
    name = " ".join(usertext.storable(str(name)).split())
    if not name:
        raise UserDataError("a product needs a name")
    if len(name) > MAX_NAME:
        raise UserDataError(f"the product's name is longer than {MAX_NAME} characters")
    kept = [" ".join(usertext.storable(str(line)).split()) for line in lines]
    kept = [line for line in kept if line]
    if not kept:
        raise UserDataError(f"{name}: give at least one label line, e.g. \"vitamin d 25 mcg\"")
    if len(kept) > MAX_LINES:
        raise UserDataError(f"{name}: more than {MAX_LINES} label lines")
    for line in kept:
        if len(line) > MAX_LINE:
            raise UserDataError(f"{name}: the line \"{line[:40]}…\" is longer than {MAX_LINE} characters")
    return name, kept, check_per_day(per_day, name)


def check_per_day(per_day: Any, name: str = "") -> float:
    where = f"{name}: " if name else ""
    try:
        if isinstance(per_day, bool) or not isinstance(per_day, (int, float)) or not math.isfinite(per_day):
            raise UserDataError(f"{where}how many a day must be a number")
    except OverflowError:  # an integer of hundreds of digits
        raise UserDataError(f"{where}how many a day must be a number of usual size") from None
    if per_day <= 0:
        raise UserDataError(f"{where}how many a day must be more than 0 (it is {per_day:g})")
    if per_day > MAX_PER_DAY:
        raise UserDataError(f"{where}{per_day:g} a day is more than anyone takes (at most {MAX_PER_DAY:g})")
    return float(per_day)


class SupplementRecords:
    """The supplements table of a UserStore (mixed into UserData)."""

    def add_supplement(self, name: str, lines: list[str], per_day: float = 1.0) -> bool:
        """Save a product (replacing one of the same name, any case); True when it replaced one."""
        name, lines, per_day = clean_product(name, lines, per_day)
        existed = bool(self._rows("SELECT 1 FROM supplements WHERE name = ?", (name,)))
        if not existed and len(self.supplements()) >= MAX_PRODUCTS:
            raise UserDataError(f"at most {MAX_PRODUCTS} products can be listed")
        self._write([("INSERT INTO supplements(name, lines, per_day, added) VALUES (?, ?, ?, ?) ON CONFLICT(name) "
                      "DO UPDATE SET name=excluded.name, lines=excluded.lines, per_day=excluded.per_day",
                      (name, json.dumps(lines, ensure_ascii=False), per_day, usertext.now()))])
        return existed

    def remove_supplement(self, name: str) -> bool:
        """Remove the product of that name (any case); False when there is none."""
        name = " ".join(usertext.storable(str(name)).split())
        if not self._rows("SELECT 1 FROM supplements WHERE name = ?", (name,)):
            return False
        self._write([("DELETE FROM supplements WHERE name = ?", (name,))])
        return True

    def supplements(self, strict: bool = False) -> list[Product]:
        rows = self._rows("SELECT name, lines, per_day, added FROM supplements ORDER BY rowid", strict=strict)
        out = []
        for r in rows:
            per_day = r["per_day"]
            out.append(Product(usertext.column_text(r["name"]), usertext.json_strings(r["lines"]),
                               float(per_day) if isinstance(per_day, (int, float)) and per_day > 0 else 1.0,
                               usertext.column_text(r["added"])))
        return out

    @staticmethod
    def supplement_statements(products: list[dict]) -> list[tuple[str, tuple]]:
        """The writes that import validated products (a product of the same name is replaced)."""
        return [("INSERT INTO supplements(name, lines, per_day, added) VALUES (?, ?, ?, ?) ON CONFLICT(name) "
                 "DO UPDATE SET lines=excluded.lines, per_day=excluded.per_day, added=excluded.added",
                 (p["name"], json.dumps(p["lines"], ensure_ascii=False), p["per_day"], p["added"] or usertext.now()))
                for p in products]


def validate_supplements(items: Any) -> list[dict]:
    """The products of an export file's "supplements", or UserDataError naming the first thing wrong."""
    if not isinstance(items, list):
        raise UserDataError("supplements: expected a list")
    if len(items) > MAX_PRODUCTS:
        raise UserDataError(f"supplements: more than {MAX_PRODUCTS} products")
    out = []
    for i, item in enumerate(items):
        where = f"supplements[{i}]"
        if not isinstance(item, dict):
            raise UserDataError(f"{where}: expected an object")
        lines, name, added = item.get("lines"), item.get("name"), item.get("added", "")
        if not isinstance(name, str) or not isinstance(added, str):
            raise UserDataError(f"{where}.{'name' if not isinstance(name, str) else 'added'}: expected text")
        if not isinstance(lines, list) or not all(isinstance(x, str) for x in lines):
            raise UserDataError(f"{where}.lines: expected a list of text")
        for field_name, text in [("name", name), ("added", added), *(("lines", x) for x in lines)]:
            bad = usertext.unstorable(text)
            if bad:
                raise UserDataError(f"{where}.{field_name}: not valid text (it holds {bad})")
        if len(added) > usertext.MAX_DATE:
            raise UserDataError(f"{where}.added: longer than {usertext.MAX_DATE} characters")
        try:
            clean_name, clean_lines, per_day = clean_product(name, lines, item.get("per_day", 1))
        except UserDataError as exc:
            raise UserDataError(f"{where}: {exc}") from None
        out.append({"name": clean_name, "lines": clean_lines, "per_day": per_day, "added": added})
    return out


def export_supplements(store: SupplementRecords) -> list[dict]:
    return [p.to_dict() for p in store.supplements(strict=True)]


