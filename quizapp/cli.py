"""Command-line entry point: parses arguments and hands paths and settings on.

``quizapp`` alone opens the study app. Subcommands live one per module in
:mod:`quizapp.commands`; each module has ``register(subparsers)`` which adds its
parser and sets ``handler`` to a function ``(args) -> int``, which finds the learner's
library in ``args.library`` and the language in ``args.lang`` (``--lang``, else the
saved setting).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from quizapp import __version__
from quizapp.errors import QuizappError
from quizapp.i18n import LANGS, Lang, t


def build_parser() -> argparse.ArgumentParser:
    """Build the argument parser with every subcommand of :mod:`quizapp.commands`."""
    parser = argparse.ArgumentParser(
        prog="quizapp",
        description=t("app.description", "both"),
    )
    parser.add_argument("--version", action="version", version=f"quizapp {__version__}")
    _add_global_options(parser, default=None)
    _add_app_options(parser)
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    import importlib
    import pkgutil  # here, not at the top: plain `quizapp` builds no subcommand parser

    import quizapp.commands as commands

    for info in sorted(pkgutil.iter_modules(commands.__path__), key=lambda m: m.name):
        module = importlib.import_module(f"quizapp.commands.{info.name}")
        module.register(subparsers)
    for subparser in subparsers.choices.values():
        # Accept the global options after the subcommand too (`quizapp validate x --lang zh`);
        # SUPPRESS keeps a value given before the subcommand.
        _add_global_options(subparser, default=argparse.SUPPRESS)
    return parser


def _add_global_options(parser: argparse.ArgumentParser, default: object) -> None:
    """Add --data-dir, --deck and --lang to ``parser`` unless it already has them."""
    known = parser._option_string_actions  # noqa: SLF001 - argparse has no public lookup
    if "--data-dir" not in known:
        parser.add_argument(
            "--data-dir",
            metavar="DIR",
            default=default,
            help=t("cli.data_dir.help", "both"),
        )
    if "--deck" not in known:
        parser.add_argument(
            "--deck",
            metavar="PATH",
            action="append",
            default=[] if default is None else default,
            help=t("cli.deck.help", "both"),
        )
    if "--lang" not in known:
        parser.add_argument(
            "--lang", choices=LANGS, default=default, help=t("cli.lang.help", "both")
        )


def _add_app_options(parser: argparse.ArgumentParser) -> None:
    """Add the options of the app itself (no subcommand): ``--study all|DECK``."""
    parser.add_argument("--study", metavar="all|DECK", help=t("cli.study.help", "both"))


def _message_lang(args: argparse.Namespace | None) -> Lang:
    lang = getattr(args, "lang", None)
    return lang if lang in LANGS else "both"


def _app_only_arguments(argv: Sequence[str]) -> argparse.Namespace | None:
    """Parse ``argv`` when it only starts the app (global options, no subcommand).

    Starting the app is the common case and must be quick, so it does not import every
    subcommand's module; anything else (a subcommand, --help, --version, a mistake) returns
    None and goes through the full parser.
    """
    parser = argparse.ArgumentParser(prog="quizapp", add_help=False, exit_on_error=False)
    _add_global_options(parser, default=None)
    _add_app_options(parser)
    try:
        args, rest = parser.parse_known_args(argv)
    except argparse.ArgumentError:
        return None
    return None if rest else args


def main(argv: Sequence[str] | None = None) -> int:
    """Run quizapp with ``argv`` (default: ``sys.argv[1:]``) and return the exit code."""
    args: argparse.Namespace | None = None
    arguments = sys.argv[1:] if argv is None else list(argv)
    try:
        args = _app_only_arguments(arguments) or build_parser().parse_args(arguments)
        handler = getattr(args, "handler", None)
        if handler is None:
            from quizapp.ui.run import run_app

            return run_app(args)
        from quizapp.commands import attach_library

        library = attach_library(args)  # also settles args.lang: --lang, else the saved one
        try:
            return int(handler(args))
        finally:
            library.close()
    except QuizappError as error:
        lang = _message_lang(args)
        message = error.text["zh"] if lang == "zh" else error.text["en"]
        if lang == "both" and error.text["zh"] != error.text["en"]:
            message = f"{error.text['en']}\n{error.text['zh']}"
        print(t("cli.error", "en" if lang == "both" else lang, message=message), file=sys.stderr)
        return error.exit_code
    except KeyboardInterrupt:
        print(t("cli.interrupted", _message_lang(args)), file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0
    except Exception as error:  # the last line of defence: never show a learner a traceback
        print(
            t("cli.unexpected", _message_lang(args), kind=type(error).__name__, message=error),
            file=sys.stderr,
        )
        return 70
