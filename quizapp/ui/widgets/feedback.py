"""What the learner sees after answering: a flashcard's back, or a graded answer's verdict."""

from __future__ import annotations

from rich.text import Text
from textual.reactive import reactive
from textual.widget import Widget

from engine.problem import Verdict
from quizapp.i18n import Lang
from quizapp.study.sitting import Presented
from quizapp.ui import cardview
from quizapp.ui.widgets.prose import Typeset, typeset


class Feedback(Widget):
    """The revealed answer or the verdict panel; hidden while the question is open."""

    DEFAULT_CSS = "Feedback { height: auto; }"

    presented: reactive[Presented | None] = reactive(None, layout=True)
    """The card on screen."""
    revealed: reactive[bool] = reactive(False, layout=True)
    """A flashcard's back is shown."""
    verdict: reactive[Verdict | None] = reactive(None, layout=True)
    """The graded answer's verdict (None: not graded)."""
    language: reactive[Lang] = reactive("en", layout=True)
    """The learner's language."""

    def _update_classes(self) -> None:
        if self.presented is not None and self.presented.code:
            # a code card's report is shown under its editor
            self.set_classes("")
            self.display = False
            return
        if self.revealed:
            self.set_classes("answer")
        elif self.verdict is not None:
            self.set_classes(f"verdict-{self.verdict.status}")
        else:
            self.set_classes("")
        self.display = self.revealed or self.verdict is not None

    def watch_revealed(self) -> None:
        self._update_classes()

    def watch_verdict(self) -> None:
        self._update_classes()

    def render(self) -> Typeset:
        return typeset(self._text())

    def _text(self) -> Text:
        current = self.presented
        if current is None:
            return Text("")
        if self.revealed:
            return cardview.flashcard_answer(current, self.language)
        if self.verdict is not None:
            return cardview.feedback(current, self.verdict, self.language)
        return Text("")
