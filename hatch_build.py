"""Wheel build hook: build the content database from db/content and ship it in the wheel as
b12ref/_data/content.sqlite, stamped (meta) with the hashes of the content and of the code that
built it. At start b12ref checks those against the installed content and code (once; then by the
files' stat, core/db_verified.py) and uses the file read-only where it is; a stale or missing
one is built into the cache folder as before. Editable installs ship none: a checkout builds
into the cache on first start.

Only when asked: B12REF_SHIP_DATABASE=1 python -m build. The database is 4.4 MB, and a wheel keeps
every file under 300 KB (issue 16), so the default wheel builds it on first start instead."""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
from pathlib import Path

from hatchling.builders.hooks.plugin.interface import BuildHookInterface

ROOT = Path(__file__).resolve().parent


class ContentDatabaseHook(BuildHookInterface):
    PLUGIN_NAME = "custom"

    def initialize(self, version: str, build_data: dict) -> None:
        if self.target_name != "wheel" or version == "editable" or os.environ.get("B12REF_SHIP_DATABASE") != "1":
            return
        sys.path.insert(0, str(ROOT))
        try:
            from b12ref.core.build import build
        except ImportError as exc:  # sqlite-utils or PyYAML missing from the build environment
            self.app.display_warning(f"b12ref: content database not shipped ({exc}); it is built on first start")
            return
        finally:
            sys.path.remove(str(ROOT))
        self._folder = Path(tempfile.mkdtemp(prefix="b12ref-wheel-db-"))
        out = self._folder / "content.sqlite"
        build(ROOT / "db" / "content", out)
        build_data["force_include"][str(out)] = "b12ref/_data/content.sqlite"

    def finalize(self, version: str, build_data: dict, artifact_path: str) -> None:
        """The wheel holds its copy now: the temporary folder goes."""
        folder = getattr(self, "_folder", None)
        if folder is not None:
            shutil.rmtree(folder, ignore_errors=True)
