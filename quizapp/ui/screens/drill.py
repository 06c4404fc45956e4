"""Pick what to drill: a deck or a tag, and how many of its weakest cards."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Input, Label, OptionList
from textual.widgets.option_list import Option

from quizapp.i18n import pick, t
from quizapp.ui.base import QuizFooter, QuizModal, one_language

DEFAULT_DRILL_SIZE = 20


class DrillDialog(QuizModal):
    """Choose a deck or a tag; enter starts a drill of its weakest N cards."""

    CSS_PATH = "drill.tcss"

    BINDINGS = [
        Binding("enter", "start", "binding.drill", id="start", priority=True),
        Binding("escape", "app.pop_screen", "binding.back", id="back"),
    ]

    def __init__(self, default_deck: str | None = None) -> None:
        super().__init__()
        self.default_deck = default_deck

    def compose(self) -> ComposeResult:
        with Vertical(id="drill-dialog"):
            yield Label(id="drill-title")
            with Horizontal(id="drill-count-row"):
                yield Label(id="drill-count-label")
                yield Input(str(DEFAULT_DRILL_SIZE), id="drill-count", type="integer", max_length=4)
            yield OptionList(id="drill-scope")
        yield QuizFooter()

    def on_mount(self) -> None:
        self.render_dialog()
        self.query_one("#drill-scope").focus()

    def on_language_changed(self) -> None:
        self.render_dialog()

    def render_dialog(self) -> None:
        lang = self.lang
        library = self.app.library  # type: ignore[attr-defined]
        self.query_one("#drill-title", Label).update(t("drill.title", lang))
        self.query_one("#drill-count-label", Label).update(t("drill.count", lang))
        scope = self.query_one("#drill-scope", OptionList)
        highlighted = scope.highlighted
        scope.clear_options()
        label_lang = one_language(lang)
        for deck in library.decks:
            title = pick(deck.title, label_lang)
            if lang == "both" and deck.title.get("zh", title) != title:
                title = f"{title}  {deck.title['zh']}"
            label = t("drill.deck", label_lang, deck=title)
            scope.add_option(Option(label, id=f"deck:{deck.id}"))
        for tag in library.tags():
            scope.add_option(Option(t("drill.tag", label_lang, tag=tag), id=f"tag:{tag}"))
        if highlighted is None and self.default_deck is not None:
            highlighted = scope.get_option_index(f"deck:{self.default_deck}")
        if scope.option_count:
            scope.highlighted = highlighted or 0

    @on(OptionList.OptionSelected, "#drill-scope")
    def scope_chosen(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.action_start()

    def action_start(self) -> None:
        scope = self.query_one("#drill-scope", OptionList)
        if scope.highlighted is None:
            return
        option_id = scope.get_option_at_index(scope.highlighted).id or ""
        try:
            count = max(1, int(self.query_one("#drill-count", Input).value))
        except ValueError:
            count = DEFAULT_DRILL_SIZE
        kind, _, value = option_id.partition(":")
        self.app.pop_screen()
        if kind == "deck":
            self.app.start_drill(deck_id=value, count=count)  # type: ignore[attr-defined]
        else:
            self.app.start_drill(tag=value, count=count)  # type: ignore[attr-defined]
