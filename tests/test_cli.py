"""The console script as a user runs it."""

import subprocess
import sys
from pathlib import Path

import quizapp


def test_version_from_outside_the_repository(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "quizapp", "--version"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=True,
    )
    assert result.stdout.strip() == f"quizapp {quizapp.__version__}"


def test_engine_and_quizapp_import_from_outside_the_repository(tmp_path: Path) -> None:
    subprocess.run([sys.executable, "-c", "import engine, quizapp"], cwd=tmp_path, check=True)
