"""Install the app into the user's desktop: launcher (.desktop), AppStream metainfo and icons.

`b12ref install-desktop` copies the files from resources/ into the XDG data folder
(~/.local/share unless XDG_DATA_HOME says otherwise), with the launcher's Exec line pointing at
the `b12ref` that is running, so a pipx or venv install starts from the menu without PATH set-up.
Standard library only.
"""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

from b12ref import paths
from b12ref.app_id import APP_ID, ICON_SIZES  # noqa: F401 - re-exported


def desktop_file() -> Path:
    return paths.resources_dir() / "desktop" / f"{APP_ID}.desktop"


def metainfo_file() -> Path:
    return paths.resources_dir() / "desktop" / f"{APP_ID}.metainfo.xml"


def icon_files() -> dict[str, Path]:
    """Icon files by their folder under hicolor/ ("scalable/apps", "48x48/apps", ...)."""
    hicolor = paths.resources_dir() / "icons" / "hicolor"
    found = {"scalable/apps": hicolor / "scalable" / "apps" / f"{APP_ID}.svg"}
    for size in ICON_SIZES:
        found[f"{size}x{size}/apps"] = hicolor / f"{size}x{size}" / "apps" / f"{APP_ID}.png"
    return found


def data_home() -> Path:
    base = os.environ.get("XDG_DATA_HOME")
    return Path(base) if base else Path.home() / ".local" / "share"


def launch_command() -> str:
    """The command line the launcher runs: this `b12ref` by its full path, or this Python with -m."""
    script = Path(sys.argv[0])
    if script.name == "b12ref" and script.exists():
        return f"{shlex.quote(str(script.resolve()))} gui"
    found = shutil.which("b12ref")
    if found:
        return f"{shlex.quote(str(Path(found).resolve()))} gui"
    return f"{shlex.quote(sys.executable)} -m b12ref gui"


def desktop_entry_text(command: str) -> str:
    """The launcher with its Exec and TryExec lines set for this installation."""
    lines = []
    for line in desktop_file().read_text(encoding="utf-8").splitlines():
        if line.startswith("Exec="):
            line = f"Exec={command}"
        elif line.startswith("TryExec="):
            line = f"TryExec={shlex.split(command)[0]}"
        lines.append(line)
    return "\n".join(lines) + "\n"


@dataclass
class Installed:
    files: list[Path] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def install(target: Path | None = None, command: str | None = None) -> Installed:
    """Write the launcher, metainfo and icons under target (the XDG data folder by default)."""
    target = target or data_home()
    done = Installed()
    launcher = target / "applications" / f"{APP_ID}.desktop"
    launcher.parent.mkdir(parents=True, exist_ok=True)
    launcher.write_text(desktop_entry_text(command or launch_command()), encoding="utf-8")
    done.files.append(launcher)
    meta = target / "metainfo" / f"{APP_ID}.metainfo.xml"
    meta.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(metainfo_file(), meta)
    done.files.append(meta)
    for folder, source in icon_files().items():
        dest = target / "icons" / "hicolor" / folder / source.name
        dest.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, dest)
        done.files.append(dest)
    done.notes += _refresh_caches(target)
    return done


def uninstall(target: Path | None = None) -> Installed:
    """Remove what install() wrote."""
    target = target or data_home()
    done = Installed()
    candidates = [target / "applications" / f"{APP_ID}.desktop", target / "metainfo" / f"{APP_ID}.metainfo.xml"]
    candidates += [target / "icons" / "hicolor" / folder / source.name for folder, source in icon_files().items()]
    for path in candidates:
        if path.exists():
            path.unlink()
            done.files.append(path)
    done.notes += _refresh_caches(target)
    return done


def _refresh_caches(target: Path) -> list[str]:
    """Tell the menu and icon caches, where their tools are installed (optional: both rescan anyway)."""
    notes = []
    for tool, arg in (("update-desktop-database", target / "applications"),
                      ("gtk-update-icon-cache", target / "icons" / "hicolor")):
        exe = shutil.which(tool)
        if exe and arg.is_dir():
            extra = ["-f", "-t"] if tool == "gtk-update-icon-cache" else []
            try:
                subprocess.run([exe, *extra, str(arg)], capture_output=True, timeout=30)
            except (OSError, subprocess.SubprocessError) as exc:
                notes.append(f"{tool}: {exc}")
    return notes
