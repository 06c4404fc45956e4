"""The end of a study session: what was done, how well, and what comes next."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Header

from quizapp.i18n import pick, t
from quizapp.study.sitting import SessionSummary, format_duration, format_when
from quizapp.ui.base import QuizFooter, QuizScreen
from quizapp.ui.widgets.prose import Prose


class SummaryScreen(QuizScreen):
    """Cards done, accuracy, time spent, mistakes seen, when the next cards are due."""

    CSS_PATH = "summary.tcss"

    BINDINGS = [
        Binding("enter", "app.pop_screen", "binding.back", id="back"),
        Binding("escape", "app.pop_screen", "binding.back", show=False),
        Binding("l", "app.cycle_language", "binding.language", id="language"),
        Binding("q", "app.quit", "binding.quit", id="quit"),
    ]

    def __init__(self, summary: SessionSummary) -> None:
        super().__init__()
        self.summary = summary

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="summary", classes="reading"):
            yield Prose(id="summary-body")
        yield QuizFooter()

    def on_mount(self) -> None:
        self.render_summary()

    def on_language_changed(self) -> None:
        self.render_summary()

    def render_summary(self) -> None:
        lang = self.lang
        summary = self.summary
        self.sub_title = t("summary.title", lang)
        body = Text()
        body.append(t("summary.heading", lang) + "\n\n", style="bold")
        body.append(t("summary.cards", lang, count=summary.cards_done) + "\n")
        if summary.graded:
            body.append(
                t(
                    "summary.accuracy",
                    lang,
                    percent=round(100 * summary.correct / summary.graded),
                    correct=summary.correct,
                    graded=summary.graded,
                )
                + "\n"
            )
        if summary.self_rated:
            body.append(
                t(
                    "summary.recalled",
                    lang,
                    percent=round(100 * summary.recalled / summary.self_rated),
                    recalled=summary.recalled,
                    rated=summary.self_rated,
                )
                + "\n"
            )
        body.append(t("summary.time", lang, time=format_duration(summary.seconds, lang)) + "\n")
        if summary.mistakes:
            body.append("\n" + t("summary.mistakes", lang) + "\n", style="bold")
            for feedback, count in summary.mistakes:
                body.append(f"  • {pick(feedback, lang)}  ×{count}\n")
        body.append("\n")
        if summary.next_due is None:
            body.append(t("summary.nothing_due", lang) + "\n")
        else:
            when = format_when(summary.next_due, summary.finished_at, lang)
            body.append(t("summary.next_due", lang, when=when) + "\n")
        self.query_one("#summary-body", Prose).update(body)
