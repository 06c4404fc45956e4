"""The question of the card on screen, and its hint once opened."""

from __future__ import annotations

from rich.text import Text
from textual.reactive import reactive
from textual.widget import Widget

from quizapp.i18n import Lang, space_after, t
from quizapp.study.sitting import Presented
from quizapp.ui import cardview
from quizapp.ui.widgets.prose import Typeset, typeset


class CardPrompt(Widget):
    """The card's question: a generated card's title above its problem, else its prompt."""

    DEFAULT_CSS = "CardPrompt { height: auto; }"

    presented: reactive[Presented | None] = reactive(None, layout=True)
    """The card on screen."""
    language: reactive[Lang] = reactive("en", layout=True)
    """The learner's language."""

    def render(self) -> Typeset:
        return typeset(self._text())

    def _text(self) -> Text:
        if self.presented is None:
            return Text("")
        return cardview.prompt(self.presented, self.language)


class HintNote(Widget):
    """The card's hint, shown once the learner asks for it."""

    DEFAULT_CSS = "HintNote { height: auto; }"

    hint: reactive[dict[str, str]] = reactive(dict, layout=True)
    """The opened hint (empty: none opened, and the note is hidden)."""
    no_hint: reactive[bool] = reactive(False, layout=True)
    """The learner asked and the card has no hint: the note says so."""
    language: reactive[Lang] = reactive("en", layout=True)
    """The learner's language."""

    def watch_hint(self) -> None:
        self.display = bool(self.hint) or self.no_hint

    def watch_no_hint(self) -> None:
        self.display = bool(self.hint) or self.no_hint

    def render(self) -> Typeset:
        return typeset(self._text())

    def _text(self) -> Text:
        lang = self.language
        ui = "en" if lang == "both" else lang
        if not self.hint:
            return Text(t("study.no_hint", ui) if self.no_hint else "", style="dim")
        label = t("study.hint_label", ui)
        return Text(label + space_after(label)).append_text(cardview.bilingual(self.hint, lang))
