"""Build the content database in a process of its own, for the window's first start (or a start after
the content changed): `python -m b12ref.core.build_worker CONTENT_FOLDER DATABASE`.

The window is usable meanwhile, and the build runs on another core with no lock shared with it.
Each step is one line on standard output ("step N/3: what"); the last line is "done". The database
is written whole or not at all (build.write_database), then remembered as current (db_verified).
Exit status: 0 built, 2 the content has problems (listed on standard error), 3 the database could not
be written there (the reason on standard error)."""

from __future__ import annotations

import sqlite3
import sys
from pathlib import Path

STEPS = ("reading the content files", "checking the content", "writing the database and its search index")


def _step(number: int) -> None:
    print(f"step {number}/{len(STEPS)}: {STEPS[number - 1]}", flush=True)


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print("usage: python -m b12ref.core.build_worker CONTENT_FOLDER DATABASE", file=sys.stderr)
        return 2
    root, out = Path(argv[0]), Path(argv[1])
    _step(1)
    from b12ref.core import db_verified
    from b12ref.core.build import write_database
    from b12ref.core.content import content_hash, load_content
    from b12ref.core.validate import validate

    content = load_content(root)
    _step(2)
    problems = validate(content)
    if problems:
        print(f"the content has {len(problems)} problem(s), first: {problems[0]}", file=sys.stderr)
        return 2
    _step(3)
    try:
        write_database(content, out, content_hash(root))
    except (OSError, sqlite3.Error) as exc:
        print(f"{out}: {getattr(exc, 'strerror', None) or exc}", file=sys.stderr)
        return 3
    db_verified.remember(out, root)
    print("done", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
