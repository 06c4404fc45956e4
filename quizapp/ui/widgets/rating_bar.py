"""The line under the card: what to do now, or the four rating buttons with intervals."""

from __future__ import annotations

from typing import Literal

from rich.text import Text
from textual.reactive import reactive
from textual.widget import Widget

from quizapp.i18n import Lang, t
from quizapp.study.sitting import RATING_KEYS, Presented
from quizapp.ui.base import chrome_text
from quizapp.ui.widgets.prose import Typeset, typeset

#: Where the learner is with the card on screen.
State = Literal["question", "revealed", "grading", "feedback", "done"]


class RatingBar(Widget):
    """Instructions for the question, the rating buttons for a revealed flashcard, "enter
    for the next card" after feedback."""

    DEFAULT_CSS = "RatingBar { height: auto; }"

    presented: reactive[Presented | None] = reactive(None, layout=True)
    """The card on screen."""
    state: reactive[State] = reactive("question", layout=True)
    """Where the learner is with it."""
    intervals: reactive[dict[int, str]] = reactive(dict, layout=True)
    """Each rating key's interval, as text (shown with the buttons)."""
    language: reactive[Lang] = reactive("en", layout=True)
    """The learner's language."""

    def render(self) -> Typeset:
        return typeset(self._text())

    def _text(self) -> Text:
        lang, state = self.language, self.state
        if state == "revealed":
            parts = []
            for number, name in RATING_KEYS.items():
                part = Text()
                part.append(str(number), style="bold")
                part.append(f" {chrome_text(f'binding.{name}', lang)}")
                if number in self.intervals:  # none in a drill: it does not move the schedule
                    part.append(f" {self.intervals[number]}", style="dim")
                parts.append(part)
            return Text("   ").join(parts)
        if state == "feedback":
            return Text(t("study.enter_next", lang))
        if state == "grading":
            return Text(t("study.checking", lang))
        if self.presented is None:
            return Text("")
        kind = self.presented.card.kind
        key = kind if kind in ("flashcard", "choice", "code") else "typed"
        return Text(t(f"study.instructions.{key}", lang))
