"""Deck validation: every problem found in the deck files, with file:line:column."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Header

from quizapp.i18n import t
from quizapp.ui.base import QuizFooter, QuizScreen, chrome_text, one_language
from quizapp.ui.widgets.prose import Prose


class ValidateScreen(QuizScreen):
    """What the loader skipped or warned about, so a deck author can fix it."""

    CSS_PATH = "summary.tcss"

    BINDINGS = [
        Binding("escape", "app.pop_screen", "binding.back", id="back"),
        Binding("r", "revalidate", "binding.reload", id="reload"),
    ]

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="summary", classes="reading"):
            yield Prose(id="validate-body")
        yield QuizFooter()

    def on_mount(self) -> None:
        self.render_problems()

    def on_language_changed(self) -> None:
        self.render_problems()

    def action_revalidate(self) -> None:
        self.app.action_reload_decks()  # type: ignore[attr-defined]
        self.render_problems()

    def render_problems(self) -> None:
        lang = self.lang
        library = self.app.library  # type: ignore[attr-defined]
        self.sub_title = chrome_text("validate.title", lang)
        problems = library.deck_problems
        body = Text()
        cards = sum(len(deck.cards) for deck in library.decks)
        body.append(
            t("validate.summary", lang, decks=len(library.decks), cards=cards, errors=len(problems))
            + "\n\n",
            style="bold",
        )
        for problem in problems:
            style = "red" if problem.severity == "error" else "yellow"
            body.append(problem.format(one_language(lang)) + "\n", style=style)
            if lang == "both":
                body.append(problem.format("zh") + "\n", style="dim")
        if not problems:
            body.append(t("validate.clean", lang), style="green")
        self.query_one("#validate-body", Prose).update(body)
