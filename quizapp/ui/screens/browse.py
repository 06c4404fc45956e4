"""Browse: search cards by text (either language) or tag, see their state, suspend them.

The search field has the focus when the screen opens, so typing searches. The keys that
change a card (suspend, bury) belong to the table: they act only while it has the
focus, say what they did, and ``u`` undoes the last change.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Header, Input

from quizapp.i18n import pick, space_after, t
from quizapp.study.sitting import format_when
from quizapp.ui.base import QuizFooter, QuizScreen, chrome_text, one_language
from quizapp.ui.widgets.prose import Prose

if TYPE_CHECKING:
    from quizapp.library import BrowseRow, CardChange

#: How many matching cards the table shows at once (the search narrows the rest).
MAX_ROWS = 500
#: The prompt column never gets narrower than this.
MIN_PROMPT_WIDTH = 20


class BrowseTable(DataTable[object]):
    """The table of cards; the keys that change a card act only while it has the focus."""

    BINDINGS = [
        Binding("s", "screen.toggle_suspend", "binding.toggle_suspend", id="toggle_suspend"),
        Binding("b", "screen.toggle_bury", "binding.toggle_bury", id="toggle_bury"),
        Binding("u", "screen.undo", "binding.undo", id="undo"),
        Binding("j", "cursor_down", "binding.down", show=False),
        Binding("k", "cursor_up", "binding.up", show=False),
    ]


class BrowseScreen(QuizScreen):
    """A searchable table of every card with its scheduling state."""

    CSS_PATH = "browse.tcss"

    BINDINGS = [
        Binding("slash", "focus_search", "binding.search", id="search"),
        Binding("down", "focus_table", "binding.down", show=False),
        Binding("escape", "back", "binding.back", id="back"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.changes: list[CardChange] = []
        """The changes made here, the last one undone first."""

    def compose(self) -> ComposeResult:
        yield Header()
        yield Input(id="browse-search")
        yield BrowseTable(id="browse-table", cursor_type="row", zebra_stripes=True)
        yield Prose(id="browse-detail")
        yield QuizFooter()

    def on_mount(self) -> None:
        self.render_rows()
        self.query_one("#browse-search").focus()

    def on_language_changed(self) -> None:
        self.render_rows()

    @on(Input.Changed, "#browse-search")
    def search_changed(self) -> None:
        self.render_rows()

    @on(Input.Submitted, "#browse-search")
    def search_submitted(self) -> None:
        self.query_one("#browse-table").focus()

    def render_rows(self) -> None:
        lang = self.lang
        text_lang = one_language(lang)
        library = self.app.library  # type: ignore[attr-defined]
        self.sub_title = chrome_text("browse.title", lang)
        search = self.query_one("#browse-search", Input)
        search.placeholder = t("browse.placeholder", lang)
        table = self.query_one("#browse-table", DataTable)
        table.clear(columns=True)
        others = {"deck": 12, "state": 10, "due": 10, "lapses": 8}
        card_width = max(MIN_PROMPT_WIDTH, self.size.width - sum(others.values()) - 16)
        table.add_column(chrome_text("browse.col.card", lang), key="card", width=card_width)
        for column, width in others.items():
            table.add_column(chrome_text(f"browse.col.{column}", lang), key=column, width=width)
        now = library.now()
        self.rows = library.browse(search.value)[:MAX_ROWS]
        for row in self.rows:
            prompt = pick(row.prompt, text_lang).replace("\n", " ")
            state = t(f"browse.state.{row.state}", lang)
            table.add_row(
                Text(prompt, no_wrap=True, overflow="ellipsis"),
                row.card.deck_id,
                Text(state, style="dim" if row.state == "suspended" else ""),
                format_when(row.due, now, lang) if row.due is not None else "—",
                str(row.lapses),
                key=str(row.card.key),
            )
        self.render_detail()

    @on(DataTable.RowHighlighted, "#browse-table")
    def row_highlighted(self) -> None:
        self.render_detail()

    def _current_row(self):  # type: ignore[no-untyped-def]
        table = self.query_one("#browse-table", DataTable)
        if not self.rows or table.cursor_row < 0 or table.cursor_row >= len(self.rows):
            return None
        return self.rows[table.cursor_row]

    def render_detail(self) -> None:
        lang = self.lang
        detail = self.query_one("#browse-detail", Prose)
        row = self._current_row()
        if row is None:
            detail.update(t("browse.no_match", lang))
            return
        text = Text()
        text.append(f"{row.card.key}  ", style="bold")
        text.append(" ".join(f"#{tag}" for tag in row.card.tags) + "\n", style="dim")
        text.append(pick(row.prompt, lang) + "\n")
        if row.last_answers:
            label = t("browse.last_answers", lang)
            text.append(label + space_after(label), style="bold")
            text.append(
                "  ".join(
                    f"{answer.when:%Y-%m-%d} {answer.text or t(f'binding.{answer.rating}', lang)}"
                    for answer in row.last_answers
                )
            )
        else:
            text.append(t("browse.never_reviewed", lang), style="dim")
        detail.update(text)

    def action_toggle_suspend(self) -> None:
        """Suspend the highlighted card, or unsuspend it."""
        row = self._current_row()
        if row is not None:
            self._change(row, "unsuspend" if row.state == "suspended" else "suspend")

    def action_toggle_bury(self) -> None:
        """Bury the highlighted card until the next study day, or unbury it."""
        row = self._current_row()
        if row is not None:
            self._change(row, "unbury" if row.state == "buried" else "bury")

    def _change(self, row: BrowseRow, action: str) -> None:
        library = self.app.library  # type: ignore[attr-defined]
        self.changes.append(library.change_card(row.card.key, action))
        self.notify(t(f"browse.did.{action}", self.lang, card=str(row.card.key)), timeout=6)
        self._rerender_keeping_cursor()

    def action_undo(self) -> None:
        """Undo the last suspend or bury made here."""
        if not self.changes:
            self.notify(t("browse.nothing_to_undo", self.lang), timeout=3)
            return
        change = self.changes.pop()
        self.app.library.undo_change(change)  # type: ignore[attr-defined]
        self.notify(t("browse.undone", self.lang, card=str(change.key)), timeout=4)
        self._rerender_keeping_cursor()

    def _rerender_keeping_cursor(self) -> None:
        table = self.query_one("#browse-table", DataTable)
        cursor = table.cursor_row
        self.render_rows()
        table.move_cursor(row=cursor)

    def action_focus_search(self) -> None:
        self.query_one("#browse-search").focus()

    def action_focus_table(self) -> None:
        self.query_one("#browse-table").focus()

    def action_back(self) -> None:
        """Escape: clear a search being typed; otherwise leave the screen."""
        search = self.query_one("#browse-search", Input)
        if search.has_focus and search.value:
            search.value = ""
        else:
            self.app.pop_screen()
