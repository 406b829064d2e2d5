"""The first start's build process: its steps, its exit status, and nothing left half-written."""

import shutil
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def _run(content: Path, out: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "b12ref.core.build_worker", str(content), str(out)],
                          capture_output=True, text=True, timeout=300, cwd=REPO)


def test_the_worker_tells_each_step_and_builds_the_database(tmp_path):
    run = _run(REPO / "db" / "content", tmp_path / "c.sqlite")
    assert run.returncode == 0, run.stderr
    assert run.stdout.splitlines() == ["step 1/3: reading the content files", "step 2/3: checking the content",
                                       "step 3/3: writing the database and its search index", "done"]
    assert (tmp_path / "c.sqlite").stat().st_size > 1_000_000


def test_content_with_problems_exits_2_and_writes_nothing(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(REPO / "db" / "content", content)
    (content / "symptoms" / "fatigue.yaml").write_text("name: [unclosed\n", encoding="utf-8")
    run = _run(content, tmp_path / "c.sqlite")
    assert run.returncode == 2 and "problem" in run.stderr and "Traceback" not in run.stderr
    assert list(tmp_path.glob("*.sqlite")) == []


def test_a_place_that_cannot_be_written_exits_3(tmp_path):
    (tmp_path / "file").write_text("not a folder", encoding="utf-8")
    run = _run(REPO / "db" / "content", tmp_path / "file" / "c.sqlite")
    assert run.returncode == 3 and "Traceback" not in run.stderr
