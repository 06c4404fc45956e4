"""The home screen: every deck with its new / learning / due counts."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.cells import cell_len
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Footer, Header, Static

from quizapp.i18n import pick, t
from quizapp.ui.base import QuizScreen, chrome_text, one_language

if TYPE_CHECKING:
    from quizapp.homeview import HomeView

#: What the table's borders, margins and the title column's padding take.
FRAME_WIDTH = 10
#: Padding DataTable puts around each cell.
CELL_PADDING = 2
#: The deck title column never gets narrower than this.
MIN_TITLE_WIDTH = 16


class HomeScreen(QuizScreen):
    """Pick a deck to study, drill, browse, or open stats."""

    view: HomeView
    """The decks, counts and totals on show (see :meth:`QuizApp.home_view`)."""

    BINDINGS = [
        Binding("enter", "study", "binding.study", id="study", priority=True),
        Binding("d", "drill", "binding.drill", id="drill"),
        Binding("b", "app.open_browse", "binding.browse", id="browse"),
        Binding("s", "app.open_stats", "binding.stats", id="stats"),
        Binding("comma", "app.open_settings", "binding.settings", show=False, id="settings"),
        Binding("l", "app.cycle_language", "binding.language", id="language"),
        Binding("t", "app.toggle_theme", "binding.theme", show=False, id="theme"),
        Binding("question_mark", "app.open_help", "binding.help", id="help"),
        Binding("r", "app.reload_decks", "binding.reload", show=False, id="reload"),
        Binding("q", "app.quit", "binding.quit", id="quit"),
        Binding("j", "cursor_down", "binding.down", show=False),
        Binding("k", "cursor_up", "binding.up", show=False),
    ]

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="today")
        yield DataTable(id="decks", cursor_type="row", zebra_stripes=True)
        yield Static(id="home-hint")
        yield Footer()

    def on_mount(self) -> None:
        self.refresh_decks()
        self.app.theme_changed_signal.subscribe(self, lambda _theme: self.render_view())

    def on_screen_resume(self) -> None:
        self.refresh_decks()

    def on_language_changed(self) -> None:
        self.render_view()

    def on_decks_reloaded(self) -> None:
        self.refresh_decks()

    def refresh_decks(self) -> None:
        """Fill the table with every deck and its counts, keeping the cursor."""
        self.view = self.app.home_view()  # type: ignore[attr-defined]
        self.render_view()

    def on_resize(self) -> None:
        if hasattr(self, "view"):
            self.render_view()

    def render_view(self) -> None:
        """Lay the current view out for the screen's width and language."""
        view = self.view
        lang = self.lang
        table = self.query_one("#decks", DataTable)
        row = table.cursor_row
        table.clear(columns=True)
        titles = [self._title(title) for _, title in view.titles]
        header = chrome_text("home.col.deck", lang)
        count_headers = [chrome_text(f"home.col.{c}", lang) for c in ("new", "learning", "due")]
        counts_width = sum(cell_len(h) + CELL_PADDING for h in count_headers) + FRAME_WIDTH
        room = max(MIN_TITLE_WIDTH, self.size.width - counts_width)
        width = min(room, max([cell_len(title) for title in titles] + [cell_len(header)]))
        table.add_column(header, key="deck", width=width)
        for column, label in zip(("new", "learning", "due"), count_headers, strict=True):
            table.add_column(label, key=column)
        for (deck_id, _), title in zip(view.titles, titles, strict=True):
            count = view.counts[deck_id]
            table.add_row(
                Text(title, no_wrap=True, overflow="ellipsis"),
                self._count(count.new, "new"),
                self._count(count.learning, "learning"),
                self._count(count.due, "due"),
                key=deck_id,
            )
        if view.titles:
            table.move_cursor(row=min(max(row, 0), len(view.titles) - 1))
        totals = view.totals
        self.query_one("#today", Static).update(
            t("home.today", lang, reviewed=totals.reviewed, due=totals.due, new=totals.new)
        )
        hint = t("home.empty", lang) if not view.titles else t("home.hint", lang)
        self.query_one("#home-hint", Static).update(hint)
        self.sub_title = t("home.subtitle", lang)

    def _title(self, title: dict[str, str]) -> str:
        """A deck's title; in "both" mode English and Chinese side by side."""
        lang = self.lang
        shown = pick(title, one_language(lang))
        chinese = title.get("zh")
        if lang == "both" and chinese and chinese != shown:
            return f"{shown}  {chinese}"
        return shown

    def _highlighted_deck(self) -> str | None:
        table = self.query_one("#decks", DataTable)
        if table.row_count == 0:
            return None
        return str(table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value)

    def action_study(self) -> None:
        deck_id = self._highlighted_deck()
        if deck_id is not None:
            self.app.start_study(deck_id)  # type: ignore[attr-defined]

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.app.start_study(str(event.row_key.value))  # type: ignore[attr-defined]

    def action_drill(self) -> None:
        from quizapp.ui.screens.drill import DrillDialog

        self.app.push_screen(DrillDialog(default_deck=self._highlighted_deck()))

    def action_cursor_down(self) -> None:
        self.query_one("#decks", DataTable).action_cursor_down()

    def action_cursor_up(self) -> None:
        self.query_one("#decks", DataTable).action_cursor_up()

    def _count(self, value: int, column: str) -> Text:
        """A count cell in its column's theme colour (new, learning, due); zero is dim."""
        if value == 0:
            return Text("0", style="dim", justify="right")
        theme = self.app.current_theme
        colour = {"new": theme.primary, "learning": theme.warning, "due": theme.success}[column]
        return Text(str(value), style=f"bold {colour}", justify="right")
