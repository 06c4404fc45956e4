"""Every ``quizapp …`` example in the README runs as written and exits as documented.

The examples are read from the README's ``sh`` code blocks. Each runs in a temporary
folder with its own data dir (``my-deck.yaml`` and ``notes.txt`` are made there); the
exit code it must give is the ``exit N`` its comment names, else 0. ``[--x]`` in an
example stands for both forms. Lines that open the app or the web server (which run
until quit) are checked for the arguments they are given.
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from quizapp.cli import _app_only_arguments, build_parser

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
#: Subcommands that run until interrupted: only their arguments are checked.
LONG_RUNNING = {"serve"}


def readme_examples() -> list[tuple[str, int]]:
    """``(command, expected exit code)`` for every example line of the README."""
    examples: list[tuple[str, int]] = []
    in_shell = False
    for line in README.read_text(encoding="utf-8").splitlines():
        if line.startswith("```"):
            in_shell = line.strip() in ("```sh", "```shell", "```bash", "```console")
            continue
        if not in_shell or not line.startswith("quizapp"):
            continue
        command, _, comment = line.partition(" #")
        code = re.search(r"\bexit (\d+)", comment)
        optional = re.search(r" \[([^\]]+)\]", command)
        variants = [command]
        if optional:
            variants = [
                command.replace(optional.group(0), ""),
                command.replace(optional.group(0), " " + optional.group(1)),
            ]
        examples += [(variant.strip(), int(code.group(1)) if code else 0) for variant in variants]
    return examples


EXAMPLES = readme_examples()


def test_the_examples_are_found() -> None:
    assert len(EXAMPLES) >= 15
    assert ('quizapp grade loss.huber.value --seed 3 -- "0.6875"', 0) in EXAMPLES
    assert ("quizapp stats --json", 0) in EXAMPLES and ("quizapp stats", 0) in EXAMPLES


@pytest.mark.parametrize(("command", "expected"), EXAMPLES, ids=[c for c, _ in EXAMPLES])
def test_readme_example(command: str, expected: int, tmp_path: Path) -> None:
    argv = shlex.split(command.partition(">")[0])[1:]
    subcommand = build_parser().parse_args(argv) if argv and not argv[0].startswith("-") else None
    if subcommand is None or getattr(subcommand, "command", None) in LONG_RUNNING:
        # opens the app (or the server): the arguments must be ones it accepts
        assert subcommand is not None or _app_only_arguments(argv) is not None, command
        assert expected == 0
        return
    shutil.copy(FIXTURES / "study_deck.yaml", tmp_path / "my-deck.yaml")
    (tmp_path / "notes.txt").write_text(
        "#separator:tab\n#html:false\nWhat is MSE?\tThe mean of squared errors\n",
        encoding="utf-8",
    )
    environment = {**os.environ, "QUIZAPP_DATA_DIR": str(tmp_path / "data")}
    shell_command = f"{shlex.quote(sys.executable)} -m quizapp" + command[len("quizapp") :]
    result = subprocess.run(
        shell_command, shell=True, cwd=tmp_path, env=environment, capture_output=True, text=True
    )
    assert result.returncode == expected, f"{command}\n{result.stdout}\n{result.stderr}"
    assert "Traceback" not in result.stderr
