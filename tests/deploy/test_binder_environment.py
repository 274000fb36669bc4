"""The Binder image's environment, rebuilt the way repo2docker builds it, runs every lesson.

repo2docker (what mybinder.org and BinderHub use) creates a fresh environment, runs
``pip install -r binder/requirements.txt`` from the repository root, then ``binder/postBuild``. This
test does the same in a new virtual environment -- so nothing from the developer's ``.venv`` (test
extras, playwright, hypothesis) can hide a missing dependency -- and then executes the whole lesson
suite with nbval inside it. It is what catches a Binder build that would fail, or a lesson that only
works on a developer's machine. Docker is not available here, so the image itself is not built; the
steps it runs are.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
BINDER = ROOT / "binder"

pytestmark = pytest.mark.slow


def _run(command: list[str], *, env: dict[str, str] | None = None, timeout: int) -> subprocess.CompletedProcess:
    result = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout, check=False)
    assert result.returncode == 0, (
        f"{' '.join(command)} exited {result.returncode}\n--- stdout ---\n{result.stdout[-6000:]}"
        f"\n--- stderr ---\n{result.stderr[-6000:]}"
    )
    return result


@pytest.fixture(scope="module")
def binder_env(tmp_path_factory) -> dict[str, str]:
    """A fresh venv with only what ``binder/`` asks for, installed as repo2docker installs it."""
    runtime = (BINDER / "runtime.txt").read_text("utf-8").strip()
    wanted = runtime.removeprefix("python-")
    assert f"{sys.version_info.major}.{sys.version_info.minor}" == wanted, (
        f"binder/runtime.txt asks for Python {wanted}; run this test with that Python"
    )
    venv = tmp_path_factory.mktemp("binder") / "venv"
    _run([sys.executable, "-m", "venv", str(venv)], timeout=300)
    env = {key: value for key, value in os.environ.items() if key not in {"VIRTUAL_ENV", "PYTHONPATH", "PYTHONHOME"}}
    env["PATH"] = f"{venv / 'bin'}{os.pathsep}{env.get('PATH', '')}"
    env["VIRTUAL_ENV"] = str(venv)
    python = str(venv / "bin" / "python")
    _run([python, "-m", "pip", "install", "--quiet", "--upgrade", "pip"], env=env, timeout=600)
    _run([python, "-m", "pip", "install", "--quiet", "-r", "binder/requirements.txt"], env=env, timeout=1800)
    env["CIVIC_KIT_BINDER_PYTHON"] = python
    return env


def test_postbuild_succeeds_and_enables_the_server_extension(binder_env):
    _run(["bash", str(BINDER / "postBuild")], env=binder_env, timeout=600)
    listed = _run(["jupyter", "server", "extension", "list"], env=binder_env, timeout=300)
    lines = (listed.stdout + listed.stderr).splitlines()
    assert any("civic_kit.jupyter_ext" in line and "enabled" in line for line in lines), "\n".join(lines)


def test_binder_environment_has_no_test_only_packages(binder_env):
    """The lessons must not lean on something only the developers' test extras bring."""
    python = binder_env["CIVIC_KIT_BINDER_PYTHON"]
    probe = "import importlib.util as u; print([m for m in ('playwright', 'hypothesis') if u.find_spec(m)])"
    found = _run([python, "-c", probe], env=binder_env, timeout=120)
    assert found.stdout.strip() == "[]"


def test_every_lesson_runs_in_the_binder_environment(binder_env):
    python = binder_env["CIVIC_KIT_BINDER_PYTHON"]
    lessons = sorted((ROOT / "notebooks" / "lessons").rglob("*.ipynb"))
    assert len(lessons) >= 36
    command = [
        python,
        "-m",
        "pytest",
        "-q",
        "-p",
        "no:cacheprovider",
        "-o",
        "addopts=",
        "--nbval-lax",
        "--nbval-current-env",
        "notebooks/lessons",
    ]
    result = _run(command, env=binder_env, timeout=3600)
    summary = result.stdout.strip().splitlines()[-1]
    passed = re.search(r"(\d+) passed", summary)
    assert passed and "failed" not in summary and "error" not in summary, summary
    assert int(passed.group(1)) >= 3 * len(lessons), f"too few cells ran for {len(lessons)} lessons: {summary}"
