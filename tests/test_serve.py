"""``quizapp serve``: options, the warning when exposed, and a real browser session.

The browser test runs the server, opens the page in headless Chromium (Debian's
``chromium-headless-shell``, driven by Playwright's Python API), studies one card with
the keyboard and checks on the database that the review was recorded. It is skipped,
saying why, where no browser is installed.
"""

from __future__ import annotations

import argparse
import os
import shutil
import socket
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from quizapp.cli import main
from quizapp.commands.serve import app_command, is_local

BROWSER = shutil.which("chromium-headless-shell") or shutil.which("chromium")


@pytest.mark.parametrize(
    ("host", "local"),
    [
        ("127.0.0.1", True),
        ("localhost", True),
        ("::1", True),
        ("0.0.0.0", False),
        ("192.168.1.4", False),
        ("example.org", False),
    ],
)
def test_only_loopback_counts_as_local(host, local):
    assert is_local(host) is local


def test_each_browser_session_runs_this_app_with_the_same_options(tmp_path):
    args = argparse.Namespace(data_dir=str(tmp_path / "my data"), deck=["a.yaml"], lang="zh")
    command = app_command(args)
    assert command.split()[:3] == [sys.executable, "-m", "quizapp"]
    assert f"--data-dir '{tmp_path / 'my data'}'" in command
    assert "--deck a.yaml" in command and "--lang zh" in command


def test_a_bad_port_is_refused_in_both_languages(capsys):
    assert main(["serve", "--port", "70000"]) == 1
    err = capsys.readouterr().err
    assert "between 1 and 65535" in err and "必须在 1 到 65535 之间" in err


def test_without_the_web_extra_the_message_says_what_to_install(monkeypatch, capsys):
    monkeypatch.setitem(sys.modules, "textual_serve.server", None)
    assert main(["serve", "--lang", "en"]) == 1
    assert "pip install 'quizapp-ml[web]'" in capsys.readouterr().err


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_for_port(port: int, process: subprocess.Popen, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"the server stopped: {process.stdout.read()}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.2)
    raise AssertionError("the server did not start listening")


def _reviews(database: Path) -> int:
    if not database.exists():
        return 0
    with sqlite3.connect(database) as connection:
        try:
            return connection.execute("SELECT count(*) FROM review").fetchone()[0]
        except sqlite3.OperationalError:
            return 0


def _wait_for(condition, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.25)
    return False


def test_a_card_studied_in_the_browser_is_recorded(tmp_path):
    if BROWSER is None:
        pytest.skip("no headless Chromium here (apt-get install chromium-headless-shell)")
    playwright = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")
    pytest.importorskip("textual_serve", reason="the web extra (textual-serve) is not installed")
    port = _free_port()
    data = tmp_path / "data"
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "quizapp",
            "--data-dir",
            str(data),
            "--lang",
            "en",
            "serve",
            "--port",
            str(port),
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env=env,
        start_new_session=True,
    )
    try:
        _wait_for_port(port, server)
        with playwright.sync_playwright() as driver:
            browser = driver.chromium.launch(
                executable_path=BROWSER,
                args=[
                    "--no-sandbox",
                    "--disable-gpu",
                    "--disable-background-networking",
                    "--disable-component-update",
                    "--disable-sync",
                    "--no-first-run",
                ],
            )
            try:
                page = browser.new_page(viewport={"width": 1100, "height": 700})
                page.goto(f"http://127.0.0.1:{port}/")
                page.wait_for_selector("#terminal")
                # The app is up once it has opened its database.
                assert _wait_for(lambda: (data / "quizapp.sqlite3").exists(), 60)
                time.sleep(2)
                page.click("#terminal")
                page.keyboard.press("Enter")  # study the first deck: its first card is a flashcard
                time.sleep(2)
                page.keyboard.press("Space")  # show the answer
                time.sleep(1)
                page.keyboard.press("3")  # Good
                recorded = _wait_for(lambda: _reviews(data / "quizapp.sqlite3") >= 1, 30)
                if not recorded:
                    page.screenshot(path=str(tmp_path / "browser.png"))
                assert recorded, f"no review recorded; screenshot in {tmp_path / 'browser.png'}"
            finally:
                browser.close()
    finally:
        os.killpg(server.pid, 15)
        server.wait(timeout=10)
        server.stdout.close()
