"""Help: what each key does, in the learner's language."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Static

from quizapp.i18n import Lang, t
from quizapp.ui.base import QuizFooter, QuizModal

#: The keys column's width; longer examples wrap inside it.
KEYS_WIDTH = 18

#: (catalog key of the section title, [(keys, catalog key of what they do)]).
HELP_SECTIONS: tuple[tuple[str, tuple[tuple[str, str], ...]], ...] = (
    (
        "help.section.home",
        (
            ("↑ ↓  j k", "help.move"),
            ("enter", "help.study"),
            ("a", "help.study_all"),
            ("d", "help.drill"),
            ("b", "help.browse"),
            ("s", "help.stats"),
            (",", "help.settings"),
            ("r", "help.reload"),
            ("q", "help.quit"),
        ),
    ),
    (
        "help.section.study",
        (
            ("space / enter", "help.reveal"),
            ("1 2 3 4", "help.rate"),
            ("1 … 9", "help.toggle"),
            ("enter", "help.submit"),
            ("h  /  ctrl+g", "help.hint"),
            ("u  /  ctrl+z", "help.undo"),
            ("b", "help.bury"),
            ("s", "help.suspend"),
            ("escape", "help.escape"),
        ),
    ),
    (
        "help.section.everywhere",
        (
            ("l  /  ctrl+l", "help.language"),
            ("t  /  ctrl+t", "help.theme"),
            ("ctrl+p", "help.palette"),
            ("?", "help.help"),
        ),
    ),
    (
        "help.section.answers",
        (
            ("2.5  1/8  2e-3  12.5%", "help.numbers"),
            ("[1, 2]  1 2  1 2; 3 4", "help.vectors"),
            ("x^2 exp(-x)/2  3(a - b)", "help.expressions"),
        ),
    ),
)


class HelpScreen(QuizModal):
    """The keys, grouped by screen."""

    CSS_PATH = "help.tcss"

    BINDINGS = [
        Binding("escape", "app.pop_screen", "binding.back", id="back"),
        Binding("question_mark", "app.pop_screen", "binding.back", show=False),
        Binding("q", "app.pop_screen", "binding.back", show=False),
    ]

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help"):
            yield Static(id="help-body")
        yield QuizFooter()

    def on_mount(self) -> None:
        self.render_help()

    def on_language_changed(self) -> None:
        self.render_help()

    def render_help(self) -> None:
        lang = self.lang
        body = Table.grid(padding=(0, 2))
        body.add_column(style="bold", max_width=KEYS_WIDTH, overflow="fold")
        body.add_column(overflow="fold")
        body.add_row(Text(t("help.title", _label_lang(lang)), style="bold"), "")
        for section, rows in HELP_SECTIONS:
            body.add_row("", "")
            body.add_row(Text(t(section, _label_lang(lang)), style="bold underline"), "")
            for keys, what in rows:
                description = Text(t(what, _label_lang(lang)))
                if lang == "both":
                    description.append("\n" + t(what, "zh"), style="dim")
                body.add_row(keys, description)
        self.query_one("#help-body", Static).update(body)


def _label_lang(lang: str) -> Lang:
    """Help lists English descriptions in "both" mode, each followed by its Chinese."""
    return "en" if lang == "both" else lang  # type: ignore[return-value]
