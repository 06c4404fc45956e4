"""Statistics: reviews per day, retention, the due forecast, accuracy, common mistakes."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Header, Static

from quizapp.families import family_title
from quizapp.i18n import Lang, t
from quizapp.ui.base import QuizFooter, QuizScreen, chrome_text, one_language
from quizapp.ui.widgets.charts import AnswerTimes, CardStates, Forecast, Heatmap, RetentionChart

#: The charts, top to bottom (tab walks through them in this order).
CHARTS = (
    ("chart-heatmap", Heatmap),
    ("chart-retention", RetentionChart),
    ("chart-forecast", Forecast),
    ("chart-states", CardStates),
    ("chart-times", AnswerTimes),
)


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
            for chart_id, chart in CHARTS:
                yield chart(id=chart_id)
            yield Static(id="stats-body")
        yield QuizFooter()

    def on_mount(self) -> None:
        self.stats: dict[str, Any] = self.app.library.stats()  # type: ignore[attr-defined]
        self.render_stats()

    def on_language_changed(self) -> None:
        self.render_stats()

    def on_resize(self) -> None:
        if hasattr(self, "stats"):
            self.render_stats()

    def render_stats(self) -> None:
        lang = self.lang
        stats = self.stats
        self.sub_title = chrome_text("stats.title", lang)
        retention = stats.get("retention_30d")
        retention_text = "—" if retention is None else f"{100 * retention:.0f}%"
        self.query_one("#stats-totals", Static).update(
            t(
                "stats.totals",
                lang,
                total=stats["reviews_total"],
                today=stats["reviews_today"],
                due=stats["today"]["due"] if stats.get("today") else stats["due_today"],
                retention=retention_text,
                streak=stats.get("streak", 0),
            )
        )
        chart_lang = one_language(lang)  # charts are too wide for two languages side by side
        width = min(100, self.size.width or self.app.size.width) - 8
        for chart_id, chart in CHARTS:
            self.query_one(f"#{chart_id}", chart).show(stats, chart_lang, width)
        self.query_one("#stats-body", Static).update(self._tables(lang))

    def _tables(self, lang: Lang) -> Text:
        stats = self.stats
        row_lang = one_language(lang)  # table rows stay on one line, even in "both" mode
        decks = stats.get("decks", [])

        def title(deck: dict[str, Any]) -> str:
            return str((deck.get("title") or {}).get(row_lang) or deck["id"])

        def percent(share: float | None) -> str:
            return "—" if share is None else f"{100 * share:.0f}%"

        sections = [
            (
                "stats.decks",
                [
                    t(
                        "stats.deck_row",
                        row_lang,
                        deck=title(deck),
                        reviews=deck.get("reviews_30d", 0),
                        retention=percent(deck.get("retention_30d")),
                    )
                    for deck in decks
                ],
            ),
            (
                "stats.topics",
                [
                    t(
                        "stats.topic_row",
                        row_lang,
                        deck=title(deck),
                        correct=deck["correct"],
                        attempts=deck["graded"],
                        percent=round(100 * deck["accuracy"]),
                    )
                    for deck in decks
                    if deck.get("graded")
                ],
            ),
            (
                "stats.families",
                [
                    t(
                        "stats.family_row",
                        row_lang,
                        family=family_title(family["family"], row_lang),
                        correct=family["correct"],
                        attempts=family["attempts"],
                        percent=round(100 * family["accuracy"]) if family["attempts"] else 0,
                    )
                    for family in stats.get("families", [])
                ],
            ),
            (
                "stats.mistakes",
                ["• " + self._mistake_line(m, row_lang) for m in stats.get("mistakes", [])],
            ),
        ]
        body = Text()
        for heading, rows in sections:
            body.append("\n" + t(heading, lang) + "\n", style="bold")
            if not rows:
                body.append("  " + t("stats.none_yet", lang) + "\n", style="dim")
            for row in rows:
                body.append("  " + row + "\n")
        return body

    @staticmethod
    def _mistake_line(mistake: dict[str, Any], lang: Lang) -> str:
        return t(
            "stats.mistake_row",
            lang,
            mistake=(mistake.get("feedback") or {}).get(one_language(lang)) or mistake["mistake"],
            count=mistake["count"],
            attempts=mistake["attempts"],
            family=family_title(mistake["family"], lang),
        )
