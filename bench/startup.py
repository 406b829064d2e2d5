"""Start-up: process start to first painted main window, and peak memory, b12ref vs a bare window.

    .venv/bin/python bench/startup.py [--runs 12] [--size 1366x768] [--no-bytecode-cache]

Runs bench/first_paint.py alternately as b12ref (the app's own run(), as `python main.py`
does) and as a bare PySide6 script showing an empty QMainWindow of the same size, with
QT_QPA_PLATFORM=offscreen, temporary cache/data/config folders and the content database
built by an untimed warm-up run first. Time: time.monotonic() in this process just before
the child starts to the child's first paint. Memory: the child's peak RSS (ru_maxrss) at
that moment. Prints the medians and the ratios. Goal: b12ref within 1.3x of the bare window
on both (the window's frame: the library is opened just after its first paint). A third run,
b12ref-ready, times the start until the window's `ready` signal: the first screen built (search
pane with the browse tree, my note, bookmarks and history (their lists when their tab is first
shown), the start page) and search working; the databases are opened on first use or in the first
pause after `ready`. The menus' actions and keyboard access are built in the next turn of the
event loop, before the child exits, so its peak memory (the whole process's) counts them; the
page views are built when the first page is opened. A fourth, first-start, is the first start
after install: the package laid out as the wheel installs it, with the database its build hook
ships if it ships one (B12REF_SHIP_DATABASE=1), and an empty cache, data and settings folder for each run; timed to the
window's `usable` signal (the first screen but search, usable, with the database built in a
process of its own meanwhile), and the time until search works is printed beside it. Goals:
first paint within 1.3x of the bare window in time and memory; ready within 1.3x in time and
1.25x in memory; first start within 1.5x in time.

The app reads a snapshot of db/content (B12REF_CONTENT_DIR), so that content edited while
the benchmark runs cannot trigger a rebuild in a timed run. Byte code is cached in a
temporary PYTHONPYCACHEPREFIX, as an installed app has its .pyc files, even where
PYTHONDONTWRITEBYTECODE is set; --no-bytecode-cache keeps the environment as it is.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from stats import median  # noqa: E402

REPO = Path(__file__).resolve().parent.parent
PROBE = REPO / "bench" / "first_paint.py"
MODES = ("b12ref", "b12ref-ready", "bare", "first-start")  # run in turn, so that a slow spell hits all
READY_MODES = ("b12ref-ready", "first-start")  # timed to `ready` (first-start: `usable`); memory: the whole process's peak
# What the wheel puts in the package besides the code (pyproject.toml's force-include)
INSTALLED = (("db/content", "_content"), ("resources/templates", "_resources/templates"),
             ("resources/icons", "_resources/icons"), ("resources/desktop", "_resources/desktop"))


# The wheel ships the built database only when built with B12REF_SHIP_DATABASE=1 (hatch_build.py);
# the first start is measured as the wheel being measured would be built.
SHIPS_DATABASE = os.environ.get("B12REF_SHIP_DATABASE") == "1"
SEARCH_WORKS: list[float] = []  # first-start: seconds to `ready` (search works), after the background build


def installed_copy(work: Path, content: Path) -> Path:
    """A folder laid out as the wheel installs b12ref, with the content database the build hook
    ships (built here, untimed, as the wheel build does): the first start after install runs this
    package (PYTHONPATH), with an empty cache. Code that does not use a shipped database builds
    into the cache as before."""
    site = work / "site"
    shutil.copytree(REPO / "b12ref", site / "b12ref", ignore=shutil.ignore_patterns("__pycache__", "_data"))
    for source, target in INSTALLED:
        shutil.copytree(content if source == "db/content" else REPO / source, site / "b12ref" / target)
    if not SHIPS_DATABASE:
        return site  # as the default wheel: the first start builds the database
    subprocess.run([sys.executable, "-c", "import sys; from pathlib import Path; from b12ref.core.build import build; "
                    "build(Path(sys.argv[1]), Path(sys.argv[2]))", str(site / "b12ref" / "_content"),
                    str(site / "b12ref" / "_data" / "content.sqlite")],
                   env=dict(os.environ, PYTHONPATH=str(site)), check=True, capture_output=True)
    return site


def first_start_env(env: dict, work: Path, site: Path, run: int) -> dict:
    fresh = work / f"first-{run}"
    env = dict(env, PYTHONPATH=str(site), B12REF_CACHE_DIR=str(fresh / "cache"), B12REF_DATA_DIR=str(fresh / "data"),
               XDG_CONFIG_HOME=str(fresh / "config"))
    env.pop("B12REF_CONTENT_DIR")
    return env


def one_run(mode: str, env: dict, size: str, probe: str = "window") -> tuple[float, int]:
    """Seconds to first paint and peak RSS in KB by then, of one child process; for b12ref-ready,
    seconds to `ready` and the peak RSS of the whole process (os.wait4); for first-start, seconds
    to `usable` (and SEARCH_WORKS gets the seconds to `ready`)."""
    t0 = time.monotonic()
    child = subprocess.Popen([sys.executable, str(PROBE), mode, repr(t0), size, probe], env=env, cwd=REPO,
                             stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    out = child.stdout.read()
    _, status, usage = os.wait4(child.pid, 0)
    child.returncode = os.waitstatus_to_exitcode(status)
    mark = "usable " if mode == "first-start" else "ready " if mode in READY_MODES else "first-paint "
    lines = [ln for ln in out.splitlines() if ln.startswith(mark)]
    if child.returncode != 0 or not lines:
        raise SystemExit(f"{mode} run failed (exit {child.returncode}):\n{out}")
    if mode == "first-start":
        SEARCH_WORKS.extend(float(ln.split()[1]) for ln in out.splitlines() if ln.startswith("ready "))
    fields = lines[0].split()
    return float(fields[1]), int(fields[2]) if mode not in READY_MODES else usage.ru_maxrss


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=12, help="runs of each (at least 10)")
    parser.add_argument("--size", default="1366x768", help="window size of both")
    parser.add_argument("--probe", choices=["window", "app"], default="window",
                        help="event filter on the main window (default) or on the whole application "
                             "(the older probe; see first_paint.py)")
    parser.add_argument("--no-bytecode-cache", action="store_true",
                        help="leave PYTHONDONTWRITEBYTECODE/PYTHONPYCACHEPREFIX as they are")
    args = parser.parse_args(argv)

    work = Path(tempfile.mkdtemp(prefix="b12ref-startup-"))
    shutil.copytree(REPO / "db" / "content", work / "content")
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", B12REF_CACHE_DIR=str(work / "cache"),
               B12REF_DATA_DIR=str(work / "data"), XDG_CONFIG_HOME=str(work / "config"),
               B12REF_CONTENT_DIR=str(work / "content"))
    env.pop("B12REF_DB", None)
    if not args.no_bytecode_cache:
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        env["PYTHONPYCACHEPREFIX"] = str(work / "pycache")
    bytecode = "as the environment has it" if args.no_bytecode_cache else "cached (.pyc)"
    print(f"b12ref start-up benchmark, {time.strftime('%Y-%m-%d %H:%M')}, {os.cpu_count()} CPUs, "
          f"Python {sys.version.split()[0]}, offscreen, window {args.size}, byte code {bytecode}, "
          f"{args.probe} probe")
    try:
        started = time.monotonic()
        one_run("b12ref-ready", env, args.size)  # builds the content database, writes first settings
        one_run("bare", env, args.size)
        print(f"warm-up (builds the database): {time.monotonic() - started:.1f} s")
        site = installed_copy(work, work / "content")
        times: dict[str, list[float]] = {mode: [] for mode in MODES}
        rss: dict[str, list[int]] = {mode: [] for mode in MODES}
        for run in range(args.runs):
            for mode in MODES:
                run_env = first_start_env(env, work, site, run) if mode == "first-start" else env
                seconds, kb = one_run(mode, run_env, args.size, args.probe)
                times[mode].append(seconds)
                rss[mode].append(kb)
    finally:
        shutil.rmtree(work, ignore_errors=True)

    for mode in MODES:
        t = sorted(x * 1000 for x in times[mode])
        what = "usable     " if mode == "first-start" else "ready      " if mode in READY_MODES else "first paint"
        print(f"  {mode:<12} {what}: median {median(t):7.0f} ms  (min {t[0]:.0f}, max {t[-1]:.0f})   "
              f"peak RSS: median {median(rss[mode]) / 1024:6.1f} MB  (min {min(rss[mode]) / 1024:.1f}, "
              f"max {max(rss[mode]) / 1024:.1f})   n={len(t)}")
    time_ratio = median(times["b12ref"]) / median(times["bare"])
    rss_ratio = median(rss["b12ref"]) / median(rss["bare"])
    print(f"  ratio b12ref/bare: time {time_ratio:.2f}x, memory {rss_ratio:.2f}x")
    ready_time = median(times["b12ref-ready"]) / median(times["bare"])
    ready_rss = median(rss["b12ref-ready"]) / median(rss["bare"])
    print(f"  ratio b12ref-ready/bare: time {ready_time:.2f}x, memory {ready_rss:.2f}x")
    first_time = median(times["first-start"]) / median(times["bare"])
    first_rss = median(rss["first-start"]) / median(rss["bare"])
    print(f"  ratio first-start/bare: time {first_time:.2f}x, memory {first_rss:.2f}x")
    if SHIPS_DATABASE:
        print("  (first start with the database shipped (B12REF_SHIP_DATABASE=1): ready at once)")
    else:
        works = sorted(x * 1000 for x in SEARCH_WORKS)
        print(f"  (first start of the default wheel: usable at once, the database built in the background; "
              f"search works after: median {median(works):.0f} ms, min {works[0]:.0f}, max {works[-1]:.0f})")
    print("Goals:")
    for name, ratio, goal in (("first paint time", time_ratio, 1.3), ("first paint memory", rss_ratio, 1.3),
                              ("ready time", ready_time, 1.3), ("ready memory", ready_rss, 1.25),
                              ("first start time", first_time, 1.5)):
        print(f"  {name:<19} {ratio:.2f}x: {'pass' if ratio <= goal else f'MISS (goal {goal}x)'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
