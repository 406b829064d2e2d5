"""The app on a real X display: Xvfb with a window manager (openbox), Qt's xcb platform, real key
events from xdotool. Skipped, with the reason, where those tools are not installed (.ci/run
installs them). Every wait is bounded."""

import os
import shutil
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from b12ref import platform_check

REPO = Path(__file__).resolve().parent.parent
SCREEN = (1920, 1080)
TOOLS = ("Xvfb", "openbox", "xdotool", "xwininfo", "xprop")
FIRST_TITLE = "b12ref — nutrient deficiencies and their symptoms"


def _skip_reason() -> str | None:
    if not sys.platform.startswith("linux"):
        return "an X display is tested on Linux only"
    missing = [tool for tool in TOOLS if not shutil.which(tool)]
    if missing:
        return (f"no {', '.join(missing)}: apt-get install xvfb openbox xdotool x11-utils "
                "(.ci/run installs them)")
    problem = platform_check.xcb_problem({"DISPLAY": ":0"})
    if problem:
        return problem.splitlines()[0]
    return None


pytestmark = pytest.mark.skipif(_skip_reason() is not None, reason=_skip_reason() or "")


def _until(check, timeout: float, what: str, step: float = 0.1):
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        value = check()
        if value:
            return value
        time.sleep(step)
    raise AssertionError(f"gave up after {timeout:.0f} s waiting for {what}")


def _x(env, *args, timeout=20) -> str:
    return subprocess.run(list(args), env=env, capture_output=True, text=True, timeout=timeout, check=True).stdout


class Display:
    """Xvfb on a free display number (it picks one: -displayfd) with openbox managing it."""

    def __init__(self, tmp: Path) -> None:
        read, write = os.pipe()
        self.xvfb = subprocess.Popen(["Xvfb", "-displayfd", str(write), "-screen", "0", f"{SCREEN[0]}x{SCREEN[1]}x24",
                                      "-nolisten", "tcp"], pass_fds=(write,), stderr=subprocess.DEVNULL)
        os.close(write)
        number = b""
        deadline = time.monotonic() + 30
        while not number.endswith(b"\n") and time.monotonic() < deadline:
            chunk = os.read(read, 16)  # Xvfb writes the number once the display is up
            if not chunk:
                break
            number += chunk
        os.close(read)
        if not number.strip():
            self.close()
            pytest.fail("Xvfb did not start")
        self.name = f":{number.decode().strip()}"
        self.env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "DISPLAY": self.name, "HOME": str(tmp / "home"),
                    "LANG": "C.UTF-8"}
        (tmp / "home").mkdir(exist_ok=True)
        self.wm = subprocess.Popen(["openbox"], env=self.env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        _until(lambda: "window id" in self._root_wm_check(), 20, "openbox to manage the display")

    def _root_wm_check(self) -> str:
        try:
            return _x(self.env, "xprop", "-root", "_NET_SUPPORTING_WM_CHECK")
        except subprocess.SubprocessError:
            return ""

    def close(self) -> None:
        for process in (getattr(self, "wm", None), self.xvfb):
            if process is not None and process.poll() is None:
                process.terminate()
                try:
                    process.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    process.kill()


@pytest.fixture
def display(tmp_path):
    shown = Display(tmp_path)
    yield shown
    shown.close()


class App:
    def __init__(self, display: Display, tmp: Path) -> None:
        self.dump = tmp / "accessibility.txt"
        self.dump.unlink(missing_ok=True)  # a dump left by an earlier run must not count as this one's
        self.env = dict(display.env)
        for key in ("PYTHONPATH", "VIRTUAL_ENV"):
            if key in os.environ:
                self.env[key] = os.environ[key]
        self.env.update({
            "XDG_CONFIG_HOME": str(tmp / "config"), "XDG_DATA_HOME": str(tmp / "data-home"),
            "XDG_CACHE_HOME": str(tmp / "cache-home"), "B12REF_DATA_DIR": str(tmp / "data"),
            "B12REF_CACHE_DIR": str(tmp / "cache"), "B12REF_ACCESSIBILITY_DUMP": str(self.dump),
        })  # QT_QPA_PLATFORM is not passed on: Qt picks xcb, as on a desktop
        self.log = open(tmp / "app.log", "ab")
        self.process = subprocess.Popen([sys.executable, str(REPO / "main.py")], env=self.env, cwd=tmp,
                                        stdout=self.log, stderr=subprocess.STDOUT)
        try:
            found = _x(self.env, "xdotool", "search", "--sync", "--onlyvisible", "--name", "b12ref", timeout=90)
        except subprocess.TimeoutExpired:
            self.stop()
            pytest.fail("the window never mapped: " + (tmp / "app.log").read_text(errors="replace")[-2000:])
        self.window = found.split()[0]
        # a fresh profile: the window is usable at once and the database is built in the background
        _until(lambda: "Browse deficiencies and symptoms" in self.tree(), 180, "the library to open")

    def tree(self) -> str:
        try:
            return self.dump.read_text(encoding="utf-8")
        except OSError:
            return ""

    def geometry(self) -> dict[str, int]:
        info = _x(self.env, "xwininfo", "-id", self.window)
        fields = {}
        for key, label in (("x", "Absolute upper-left X"), ("y", "Absolute upper-left Y"), ("width", "Width"),
                           ("height", "Height")):
            line = next(line for line in info.splitlines() if line.strip().startswith(label + ":"))
            fields[key] = int(line.split(":")[1])
        return fields

    def title(self) -> str:
        return _x(self.env, "xdotool", "getwindowname", self.window).strip()

    def keys(self, *args) -> None:
        _x(self.env, "xdotool", "windowactivate", "--sync", self.window)
        _x(self.env, "xdotool", *args)

    def quit_with_ctrl_q(self) -> int:
        self.keys("key", "ctrl+q")
        try:
            return self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.stop()
            raise AssertionError("Ctrl+Q did not quit the app within 30 s")

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
        self.log.close()


def _inside_screen(geometry) -> bool:
    return (geometry["x"] >= 0 and geometry["y"] >= 0 and geometry["x"] + geometry["width"] <= SCREEN[0]
            and geometry["y"] + geometry["height"] <= SCREEN[1])


def test_first_run_on_a_real_display_then_search_by_keyboard_quit_and_restore(display, tmp_path):
    app = App(display, tmp_path)
    try:
        # a fresh profile: a window fit for the screen, inside it, centred, with its title and icon
        first = app.geometry()
        assert first["width"] * first["height"] >= 0.6 * SCREEN[0] * SCREEN[1], first
        assert first["width"] >= 1024 and first["height"] >= 640, first
        assert _inside_screen(first), first
        assert abs(first["x"] + first["width"] / 2 - SCREEN[0] / 2) <= 40, first
        assert abs(first["y"] + first["height"] / 2 - SCREEN[1] / 2) <= 60, first
        assert app.title() == FIRST_TITLE
        props = _x(app.env, "xprop", "-id", app.window, "WM_CLASS", "_NET_WM_ICON")
        assert '"b12ref"' in props and "Icon (" in props, props[:300]
        # the search box has the focus at start: type into it with real key events
        app.keys("type", "--delay", "40", "twitching")
        _until(lambda: "ListItem\tsymptom Fasciculations" in app.tree(), 20, "Fasciculations in the results")
        assert "EditableText\tSearch\ttwitching" in app.tree()
        app.keys("key", "Return")  # opens the first result
        _until(lambda: app.title() == "Fasciculations — b12ref", 20, "the Fasciculations page")
        if shutil.which("import"):
            subprocess.run(["import", "-window", "root", str(tmp_path / "real-display.png")], env=app.env,
                           timeout=30, capture_output=True)
        assert app.quit_with_ctrl_q() == 0
    finally:
        app.stop()
    # what the user did was saved: the visit in the history, the window's place in the settings
    with sqlite3.connect(tmp_path / "data" / "userdata.sqlite") as db:
        visits = [row[0] for row in db.execute("SELECT page_id FROM history")]
    assert "fasciculations" in visits
    settings = (tmp_path / "config" / "b12ref" / "b12ref.conf").read_text(encoding="utf-8", errors="replace")
    assert "geometry" in settings

    again = App(display, tmp_path)  # a later run opens where the last one was left
    try:
        second = again.geometry()
        assert abs(second["width"] - first["width"]) <= 2 and abs(second["height"] - first["height"]) <= 2
        assert abs(second["x"] - first["x"]) <= 30 and abs(second["y"] - first["y"]) <= 30, (first, second)
        assert again.quit_with_ctrl_q() == 0
    finally:
        again.stop()
