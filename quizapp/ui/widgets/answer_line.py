"""Where a typed answer is written, with the live reading of what was typed below it."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.reactive import reactive
from textual.widgets import Input

from quizapp.i18n import Lang
from quizapp.study.sitting import Presented
from quizapp.ui import cardview
from quizapp.ui.messages import AnswerChanged, AnswerSubmitted
from quizapp.ui.widgets.prose import Prose


class AnswerLine(Vertical):
    """An input line and its preview; posts :class:`AnswerChanged` and
    :class:`AnswerSubmitted`. Hidden for cards that are not typed."""

    DEFAULT_CSS = "AnswerLine { height: auto; }"

    presented: reactive[Presented | None] = reactive(None)
    """The card on screen (a new card empties the line)."""
    locked: reactive[bool] = reactive(False)
    """The answer is being graded or was graded: the line takes no input."""
    reading: reactive[Text] = reactive(Text)
    """How the input is read, or why it cannot be (shown under the line)."""
    language: reactive[Lang] = reactive("en")
    """The learner's language."""

    def compose(self) -> ComposeResult:
        yield Input(id="answer", select_on_focus=False)
        yield Prose(id="preview")

    def watch_presented(self, presented: Presented | None) -> None:
        self.display = presented is not None and presented.typed
        self.query_one("#answer", Input).value = ""
        self.reading = Text("")  # the last card's reading must not linger under a new one
        self._placeholder()

    def watch_language(self) -> None:
        self._placeholder()

    def watch_locked(self, locked: bool) -> None:
        self.query_one("#answer", Input).disabled = locked

    def watch_reading(self, reading: Text) -> None:
        self.query_one("#preview", Prose).update(reading)

    def _placeholder(self) -> None:
        if self.presented is not None and self.presented.typed:
            placeholder = cardview.placeholder(self.presented, self.language)
            self.query_one("#answer", Input).placeholder = placeholder

    def focus_input(self) -> None:
        """Put the cursor in the line."""
        self.query_one("#answer", Input).focus()

    @property
    def typing(self) -> bool:
        """The cursor is in the line."""
        return self.query_one("#answer", Input).has_focus

    @on(Input.Changed, "#answer")
    def _changed(self, event: Input.Changed) -> None:
        event.stop()
        self.post_message(AnswerChanged(event.value))

    @on(Input.Submitted, "#answer")
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if event.value.strip():
            self.post_message(AnswerSubmitted(event.value))
