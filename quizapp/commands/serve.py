"""``quizapp serve``: the same app in a web browser, through textual-serve.

Every browser tab that opens the page starts its own ``quizapp`` process on this
machine, with the same data folder, decks and language as this command. There is no
login, so the server listens on this machine only unless told otherwise, and says so
when it is not.
"""

from __future__ import annotations

import argparse
import ipaddress
import shlex
import sys
from typing import Any

from quizapp.errors import QuizappError
from quizapp.i18n import Lang, t

#: Where the server listens by default: this machine only.
DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000


def register(subparsers: Any) -> None:
    """Add the ``serve`` subcommand."""
    parser = subparsers.add_parser(
        "serve", help=t("serve.help", "both"), description=t("serve.help", "both")
    )
    parser.add_argument("--host", default=DEFAULT_HOST, help=t("serve.host_help", "both"))
    parser.add_argument("--port", type=int, default=DEFAULT_PORT, help=t("serve.port_help", "both"))
    parser.set_defaults(handler=run)


def is_local(host: str) -> bool:
    """Whether ``host`` is reachable from this machine only (a loopback address)."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def app_command(args: argparse.Namespace) -> str:
    """The shell command each browser session runs: this Python, this app, these options."""
    parts = [sys.executable, "-m", "quizapp"]
    if getattr(args, "data_dir", None):
        parts += ["--data-dir", str(args.data_dir)]
    for deck in getattr(args, "deck", None) or []:
        parts += ["--deck", str(deck)]
    lang = getattr(args, "lang_option", getattr(args, "lang", None))
    if lang:  # only when given: each session otherwise starts in the saved language
        parts += ["--lang", lang]
    return shlex.join(parts)


def run(args: argparse.Namespace) -> int:
    """Serve the app until interrupted; 0 after a normal stop."""
    lang: Lang = args.lang
    if not 0 < args.port < 65536:
        raise QuizappError.of("serve.bad_port", port=args.port)
    try:
        from textual_serve.server import Server
    except ImportError as error:
        raise QuizappError.of("serve.needs_web") from error
    if not is_local(args.host):
        print(t("serve.exposed", lang, host=args.host), file=sys.stderr)
    print(t("serve.listening", lang, url=f"http://{_url_host(args.host)}:{args.port}"))
    Server(app_command(args), host=args.host, port=args.port, title="quizapp").serve()
    return 0


def _url_host(host: str) -> str:
    return f"[{host}]" if ":" in host else host
