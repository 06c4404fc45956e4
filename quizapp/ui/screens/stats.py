"""Statistics: reviews per day, retention, the due forecast, accuracy, common mistakes."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Header, Label, Sparkline, Static

from quizapp.i18n import Lang, t
from quizapp.ui.base import QuizFooter, QuizScreen, one_language

#: How many days of history the reviews chart shows (the stats keep 365).
CHART_DAYS = 60


class StatsScreen(QuizScreen):
    """What the review history says, computed by ``quizapp.study`` and drawn here."""

    CSS_PATH = "stats.tcss"

    BINDINGS = [
        Binding("escape", "app.pop_screen", "binding.back", id="back"),
        Binding("q", "app.pop_screen", "binding.back", show=False),
        Binding("l", "app.cycle_language", "binding.language", id="language"),
    ]

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="stats"):
            yield Static(id="stats-totals")
            yield Label(id="stats-reviews-label")
            yield Sparkline([], id="stats-reviews")
            yield Label(id="stats-forecast-label")
            yield Sparkline([], id="stats-forecast")
            yield Static(id="stats-body")
        yield QuizFooter()

    def on_mount(self) -> None:
        self.stats: dict[str, Any] = self.app.library.stats()  # type: ignore[attr-defined]
        self.render_stats()

    def on_language_changed(self) -> None:
        self.render_stats()

    def render_stats(self) -> None:
        lang = self.lang
        stats = self.stats
        self.sub_title = t("stats.title", lang)
        retention = stats.get("retention_30d")
        retention_text = "—" if retention is None else f"{100 * retention:.0f}%"
        self.query_one("#stats-totals", Static).update(
            t(
                "stats.totals",
                lang,
                total=stats["reviews_total"],
                today=stats["reviews_today"],
                due=stats["due_today"],
                retention=retention_text,
                streak=stats.get("streak", 0),
            )
        )
        per_day = [day["count"] for day in stats.get("reviews_per_day", [])][-CHART_DAYS:]
        self.query_one("#stats-reviews-label", Label).update(
            t("stats.reviews_chart", lang, days=CHART_DAYS, most=max(per_day, default=0))
        )
        self.query_one("#stats-reviews", Sparkline).data = per_day or [0]
        forecast = [day["count"] for day in stats.get("due_forecast", [])]
        self.query_one("#stats-forecast-label", Label).update(
            t("stats.forecast_chart", lang, days=len(forecast), most=max(forecast, default=0))
        )
        self.query_one("#stats-forecast", Sparkline).data = forecast or [0]
        self.query_one("#stats-body", Static).update(self._tables(lang))

    def _tables(self, lang: Lang) -> Text:
        stats = self.stats
        body = Text()
        row_lang = one_language(lang)  # table rows stay on one line, even in "both" mode
        body.append("\n" + t("stats.decks", lang) + "\n", style="bold")
        for deck in stats.get("decks", []):
            retention = deck.get("retention_30d")
            body.append(
                "  "
                + t(
                    "stats.deck_row",
                    row_lang,
                    deck=(deck.get("title") or {}).get(one_language(lang)) or deck["id"],
                    reviews=deck.get("reviews_30d", 0),
                    retention="—" if retention is None else f"{100 * retention:.0f}%",
                )
                + "\n"
            )
        topics = [deck for deck in stats.get("decks", []) if deck.get("graded")]
        body.append("\n" + t("stats.topics", lang) + "\n", style="bold")
        if not topics:
            body.append("  " + t("stats.none_yet", lang) + "\n", style="dim")
        for deck in topics:
            body.append(
                "  "
                + t(
                    "stats.topic_row",
                    row_lang,
                    deck=(deck.get("title") or {}).get(one_language(lang)) or deck["id"],
                    correct=deck["correct"],
                    attempts=deck["graded"],
                    percent=round(100 * deck["accuracy"]),
                )
                + "\n"
            )
        families = stats.get("families", [])
        body.append("\n" + t("stats.families", lang) + "\n", style="bold")
        if not families:
            body.append("  " + t("stats.none_yet", lang) + "\n", style="dim")
        for family in families:
            body.append(
                "  "
                + t(
                    "stats.family_row",
                    row_lang,
                    family=family["family"],
                    correct=family["correct"],
                    attempts=family["attempts"],
                    percent=round(100 * family["accuracy"]) if family["attempts"] else 0,
                )
                + "\n"
            )
        mistakes = stats.get("mistakes", [])
        body.append("\n" + t("stats.mistakes", lang) + "\n", style="bold")
        if not mistakes:
            body.append("  " + t("stats.none_yet", lang) + "\n", style="dim")
        for mistake in mistakes:
            body.append("  • " + self._mistake_line(mistake, row_lang) + "\n")
        return body

    @staticmethod
    def _mistake_line(mistake: dict[str, Any], lang: Lang) -> str:
        return t(
            "stats.mistake_row",
            lang,
            mistake=(mistake.get("feedback") or {}).get(one_language(lang)) or mistake["mistake"],
            count=mistake["count"],
            attempts=mistake["attempts"],
            family=mistake["family"],
        )
