"""Remember which databases were found current, by the stat of their files, so that a start
need not hash the content and the builder again (~40-60 ms) nor run quick_check.

The memo (`verified.memo` in the cache folder) maps a database's path to a signature of the
stat (size, modification time, inode) of the database file, of every content file and of the
code that builds the database, and to what the first screen lists of that database (every
deficiency and symptom by name: library.first_screen), so that a start opens no database at
all. Any change to one of them (an edited content file, a new version of b12ref or of the
stemmer, a rebuilt or damaged database) changes the signature, and the full check runs again.
Standard library only, nothing imported that the start does not already need: the memo is written
with marshal (json would be ~1.3 ms of imports at start), behind a line that names the format, the
Python version and a CRC-32 of the data, so that a memo of another Python, or damaged, reads as none.
"""

from __future__ import annotations

import marshal
import os
import sys
import zlib
from importlib.util import find_spec
from pathlib import Path

from b12ref.core.fingerprint import BUILDER_FILES


def file_key(path: str) -> str:
    """A file's size, modification time and inode: any change to the file changes it."""
    st = os.stat(path)
    return f"{st.st_size}:{st.st_mtime_ns}:{st.st_ino}"


def signature(db_path: Path, content_root: Path) -> str | None:
    """What a check of db_path against content_root depends on, or None if a file cannot be read."""
    try:
        parts = [f"db={file_key(os.fspath(db_path))}"]
        with os.scandir(content_root) as folders:
            for folder in sorted((f for f in folders if f.is_dir()), key=lambda f: f.name):
                with os.scandir(folder.path) as files:
                    for entry in sorted((e for e in files if e.name.endswith(".yaml")), key=lambda e: e.name):
                        st = entry.stat()
                        parts.append(f"{folder.name}/{entry.name}={st.st_size}:{st.st_mtime_ns}")
        here = os.path.dirname(os.path.abspath(__file__))
        parts += [f"{name}={file_key(os.path.join(here, name))}" for name in BUILDER_FILES
                  if os.path.exists(os.path.join(here, name))]
        stemmer = find_spec("snowballstemmer")
        if stemmer is not None and stemmer.origin:
            parts.append(f"stemmer={file_key(stemmer.origin)}")
    except OSError:
        return None
    return "\n".join(parts)


def _memo_path() -> Path:
    from b12ref import paths

    return paths.cache_dir() / "verified.memo"


def _header(payload: bytes) -> bytes:
    """The memo's first line: what it is, the marshal format of this Python, and the data's CRC-32."""
    version = f"{sys.version_info[0]}.{sys.version_info[1]}/{marshal.version}"
    return f"b12ref verified memo {version} {zlib.crc32(payload):08x}\n".encode("ascii")


def _read() -> dict:
    try:
        data = _memo_path().read_bytes()
    except OSError:
        return {}
    header, newline, payload = data.partition(b"\n")
    if not newline or header + newline != _header(payload):  # another Python's, or damaged
        return {}
    try:
        memo = marshal.loads(payload)
    except (ValueError, EOFError, TypeError):
        return {}
    return memo if isinstance(memo, dict) else {}


def verified(db_path: Path, content_root: Path) -> dict | None:
    """What was remembered with db_path ({"first_screen": ...}) when it was found current against
    content_root, if nothing has changed since; else None (a memo written by an older b12ref, which
    kept the signature alone, counts as none)."""
    known = _read().get(os.fspath(Path(db_path).absolute()))
    if not isinstance(known, dict) or not isinstance(known.get("signature"), str):
        return None
    return known if known["signature"] == signature(db_path, content_root) else None


def is_verified(db_path: Path, content_root: Path) -> bool:
    """True when db_path was found current against content_root and nothing has changed since."""
    return verified(db_path, content_root) is not None


def remember(db_path: Path, content_root: Path, first_screen: dict | None = None) -> None:
    """Record that db_path is current against content_root, with what its first screen lists (best
    effort: a read-only or full cache folder only means the next start checks again)."""
    from b12ref.core.atomic import write_atomic  # (a start that finds the memo current writes nothing)

    sig = signature(db_path, content_root)
    if sig is None:
        return
    memo = _read()
    memo[os.fspath(Path(db_path).absolute())] = {"signature": sig, "first_screen": first_screen}
    target = _memo_path()
    payload = marshal.dumps(memo)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(target, _header(payload) + payload, durable=False)
        (target.parent / "verified.json").unlink(missing_ok=True)  # an older b12ref's memo
    except OSError:
        pass
