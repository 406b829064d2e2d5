"""Build the content database in a process of its own, for the window's first start (or a start after
the content changed): `python -m b12ref.core.build_worker CONTENT_FOLDER DATABASE`.

The window is usable meanwhile, and the build runs on another core with no lock shared with it.
Each step is one line on standard output ("step N/3: what"); the last line is "done". The database
is written whole or not at all (build.write_database), then remembered as current (db_verified).
Exit status: 0 built, 2 the content has problems (listed on standard error), 3 the database could not
be written there (the reason on standard error), 143 stopped by SIGTERM (nothing left behind)."""

from __future__ import annotations

import os
import signal
import sqlite3
import sys
from pathlib import Path


def _step(number: int, what: str) -> None:
    print(f"step {number}/3: {what}", flush=True)  # build.BUILD_STEPS


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print("usage: python -m b12ref.core.build_worker CONTENT_FOLDER DATABASE", file=sys.stderr)
        return 2
    root, out = Path(argv[0]), Path(argv[1])
    # Asked to stop (the window closed): leave as an exception does, so the build's clean-up runs and
    # no temporary file is left beside the database
    signal.signal(signal.SIGTERM, lambda _sig, _frame: sys.exit(143))
    from b12ref.core.build import BuildError, build
    from b12ref.core.library import remember_current

    try:
        build(root, out, _step)
    except SystemExit:  # stopped: write_database removes its temporary file, unless the stop came as it
        _remove_own_temporary_files(out)  # was making it (before its clean-up could know the name)
        raise
    except BuildError as exc:
        print(f"the content has {len(exc.problems)} problem(s), first: {exc.problems[0]}", file=sys.stderr)
        return 2
    except (OSError, sqlite3.Error) as exc:
        print(f"{out}: {getattr(exc, 'strerror', None) or exc}", file=sys.stderr)
        return 3
    remember_current(out, root)
    print("done", flush=True)
    return 0


def _remove_own_temporary_files(out: Path) -> None:
    from b12ref.core.build import TEMP_PREFIX

    for leftover in out.parent.glob(f"{TEMP_PREFIX}{os.getpid()}-*"):
        leftover.unlink(missing_ok=True)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
