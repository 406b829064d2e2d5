"""The content version: a hash of every content file's name and bytes (no parsing, standard library only)."""

from __future__ import annotations

import os
from pathlib import Path


def content_files(root: Path) -> list[Path]:
    """Every YAML file of the content folders (all of them: a new folder is content too)."""
    return sorted(p for p in root.glob("*/*.yaml") if p.is_file())


def content_hash(root: Path) -> str:
    import hashlib  # here, not at import: OpenSSL is ~3.5 MB, and a verified start hashes nothing

    digest = hashlib.sha256()
    for path in content_files(root):
        digest.update(path.relative_to(root).as_posix().encode())
        digest.update(b"\0")
        digest.update(path.read_bytes())
        digest.update(b"\0")
    return digest.hexdigest()[:16]


BUILDER_FILES = ("build.py", "build_sides.py", "build_db.py", "normalize.py", "content.py", "yaml_load.py",
                 "validate.py", "placeholder.py", "schema.py")


def builder_hash() -> str:
    """A hash of the code that turns content into a database: a new version of it rebuilds the file."""
    import hashlib

    here = Path(__file__).resolve().parent
    digest = hashlib.sha256()
    for name in BUILDER_FILES:
        if (here / name).exists():
            digest.update((here / name).read_bytes())
    digest.update(_stemmer_version().encode())  # the stemmer decides the index's terms
    return digest.hexdigest()[:16]


def _stemmer_version() -> str:
    """The installed snowballstemmer's version, read from its dist-info folder's name: the same
    answer as importlib.metadata.version, without importing importlib.metadata (~20 ms, email and
    zipfile with it) on every start."""
    import sys

    for folder in sys.path:
        try:
            names = os.listdir(folder or ".")
        except OSError:
            continue
        for name in names:
            if name.lower().startswith("snowballstemmer-") and name.endswith((".dist-info", ".egg-info")):
                return name.split("-")[1].removesuffix(".dist").removesuffix(".egg")
    return ""
