"""The wheel carries its content: installed into a fresh venv, it answers from another folder."""

import json
import os
import subprocess
import sys
import sysconfig
import venv
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def test_wheel_installs_and_shows_b12_from_another_folder(tmp_path):
    dist = tmp_path / "dist"
    subprocess.run([sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", str(dist), str(REPO)],
                   check=True, capture_output=True, cwd=tmp_path)
    wheel = next(dist.glob("b12ref-*.whl"))
    env_dir = tmp_path / "fresh"
    venv.create(env_dir, with_pip=False)
    python = env_dir / "bin" / "python"
    # The fresh venv borrows this environment's dependencies through a plain path entry
    # (not this checkout: the editable install's hook is not processed from there).
    site = Path(subprocess.check_output([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                                        text=True).strip())
    (site / "deps.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    subprocess.run([sys.executable, "-m", "pip", "install", "--no-deps", "--no-index", "--quiet",
                    "--target", str(site), str(wheel)], check=True, capture_output=True)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = {k: v for k, v in os.environ.items() if not k.startswith("B12REF_")}
    env["XDG_CACHE_HOME"] = str(tmp_path / "cache")
    env["XDG_DATA_HOME"] = str(tmp_path / "data")
    out = subprocess.run([str(python), "-m", "b12ref", "show", "vitamin-b12", "--json"], cwd=elsewhere,
                         env=env, capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    page = json.loads(out.stdout)
    assert any(s["symptom_id"] == "fasciculations" for s in page["symptoms"])
    where = subprocess.check_output([str(python), "-c", "import b12ref; print(b12ref.__file__)"], cwd=elsewhere,
                                    env=env, text=True)
    assert str(site) in where
