"""A choice card's options, numbered, with the learner's marks and, after grading, the key."""

from __future__ import annotations

from rich.text import Text
from textual.reactive import reactive
from textual.widget import Widget

from quizapp.i18n import Lang, t
from quizapp.study.sitting import Presented
from quizapp.ui import cardview
from quizapp.ui.widgets.prose import Typeset, typeset


class ChoiceList(Widget):
    """The options of a choice card; hidden for other kinds."""

    DEFAULT_CSS = "ChoiceList { height: auto; }"

    presented: reactive[Presented | None] = reactive(None, layout=True)
    """The card on screen."""
    selected: reactive[frozenset[int]] = reactive(frozenset, layout=True)
    """The options marked (0-based, as shown)."""
    graded: reactive[bool] = reactive(False, layout=True)
    """The choice was graded: right options green, wrong marks red."""
    language: reactive[Lang] = reactive("en", layout=True)
    """The learner's language."""

    def watch_presented(self, presented: Presented | None) -> None:
        self.display = presented is not None and presented.card.kind == "choice"

    def render(self) -> Typeset:
        return typeset(self._text())

    def _text(self) -> Text:
        current = self.presented
        text = Text()
        if current is None or current.problem is None or current.card.kind != "choice":
            return text
        answer = set(current.problem.answer)
        for index, option in enumerate(cardview.options(current, self.language)):
            mark = "■" if index in self.selected else "□"
            line = Text(f" {index + 1}  {mark}  ").append_text(option).append("\n")
            if self.graded:
                if index in answer:
                    line.stylize("bold green")
                elif index in self.selected:
                    line.stylize("red")
            elif index in self.selected:
                line.stylize("bold")
            text.append_text(line)
        if not self.graded:
            key = "study.choose_many" if current.many_answers else "study.choose_one"
            text.append(t(key, self.language), style="dim")
        return text
