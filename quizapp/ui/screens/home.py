"""The home screen: every deck with its new / learning / due counts."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.cells import cell_len
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Header, OptionList, Static
from textual.widgets.option_list import Option

from quizapp.i18n import pick, t
from quizapp.study.counts import Counts
from quizapp.ui.base import QuizFooter, QuizScreen, chrome_text, one_language

if TYPE_CHECKING:
    from quizapp.startup.memo import HomeView

#: The count columns, in order.
COUNT_COLUMNS = ("new", "learning", "due")
#: A count column is at least this wide (counts up to 9999).
COUNT_WIDTH = 4
#: What the list's border, margins, padding and column gaps take.
FRAME_WIDTH = 16
#: The deck title column never gets narrower than this.
MIN_TITLE_WIDTH = 16
#: The option id of the "all decks" row (deck ids are words, never this).
ALL_DECKS = "*all*"


class HomeScreen(QuizScreen):
    """Pick a deck to study, drill, browse, or open stats."""

    view: HomeView
    """The decks, counts and totals on show (see :meth:`QuizApp.home_view`)."""
    _drawn: tuple[HomeView, int] | None = None
    """The view the list was last laid out from, and for which width."""

    BINDINGS = [
        Binding("enter", "study", "binding.study", id="study", priority=True),
        # Not in the footer (it would push Help out at 80 columns): the first row and the
        # hint line say it.
        Binding("a", "study_all", "binding.study_all", show=False, id="study_all"),
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
        with Vertical(id="decks-box"):
            yield Static(id="decks-header")
            yield OptionList(id="decks")
        yield Static(id="home-hint")
        yield QuizFooter()

    def on_mount(self) -> None:
        self.app.theme_changed_signal.subscribe(self, self._theme_changed)

    def on_screen_resume(self) -> None:
        # Also sent when the app starts: the list is filled here, once, not on mount too.
        self.refresh_decks()

    def _theme_changed(self, _theme: object) -> None:
        if hasattr(self, "view"):
            self.render_view()  # the counts' colours come from the theme

    def on_language_changed(self) -> None:
        self.render_view()

    def on_decks_reloaded(self) -> None:
        self.refresh_decks()

    def refresh_decks(self) -> None:
        """Fill the list with every deck and its counts, keeping the highlight."""
        self.view = self.app.home_view()  # type: ignore[attr-defined]
        self._redraw_if_changed()

    def on_resize(self) -> None:
        if hasattr(self, "view"):
            self._redraw_if_changed()

    def _redraw_if_changed(self) -> None:
        """Lay the list out again unless it already shows this view at this width.

        At start-up the screen is mounted, resumed and resized (three times) before its
        first paint, all with the same view and width: drawing once is enough.
        """
        if self._drawn != (self.view, self.size.width):
            self.render_view()

    def render_view(self) -> None:
        """Lay the current view out as aligned columns for the screen's width and language."""
        view = self.view
        lang = self.lang
        decks = self.query_one("#decks", OptionList)
        highlighted = decks.highlighted
        rows = [
            (deck_id, self._title(title), view.counts[deck_id]) for deck_id, title in view.titles
        ]
        if len(rows) > 1:  # first row: every deck in one sitting, as "study all" serves it
            totals = view.totals
            everything = Counts(new=totals.new, learning=totals.learning, due=totals.due)
            rows.insert(0, (ALL_DECKS, chrome_text("home.all_decks", lang), everything))
        titles = [title for _, title, _ in rows]
        header = chrome_text("home.col.deck", lang)
        count_headers = [chrome_text(f"home.col.{c}", lang) for c in COUNT_COLUMNS]
        widths = [max(cell_len(h), COUNT_WIDTH) for h in count_headers]
        room = max(MIN_TITLE_WIDTH, self.size.width - sum(widths) - FRAME_WIDTH)
        title_width = min(room, max([cell_len(title) for title in titles] + [cell_len(header)]))
        row = Text(_fit(header, title_width), style="bold")
        for label, width in zip(count_headers, widths, strict=True):
            row.append("  " + " " * (width - cell_len(label)) + label, style="bold")
        self.query_one("#decks-header", Static).update(row)
        options = []
        for deck_id, title, count in rows:
            line = Text(_fit(title, title_width), style="bold" if deck_id == ALL_DECKS else "")
            for column, width in zip(COUNT_COLUMNS, widths, strict=True):
                line.append("  ")
                line.append_text(self._count(getattr(count, column), column, width))
            options.append(Option(line, id=deck_id))
        decks.clear_options()
        decks.add_options(options)
        if options:
            decks.highlighted = min(highlighted or 0, len(options) - 1)
        totals = view.totals
        self.query_one("#today", Static).update(
            t(
                "home.today",
                lang,
                reviewed=totals.reviewed,
                new=totals.new,
                learning=totals.learning,
                due=totals.due,
            )
        )
        hint = t("home.empty", lang) if not view.titles else t("home.hint", lang)
        self.query_one("#home-hint", Static).update(hint)
        self.sub_title = t("home.subtitle", lang)
        self._drawn = (view, self.size.width)

    def _title(self, title: dict[str, str]) -> str:
        """A deck's title; in "both" mode English and Chinese side by side."""
        lang = self.lang
        shown = pick(title, one_language(lang))
        chinese = title.get("zh")
        if lang == "both" and chinese and chinese != shown:
            return f"{shown}  {chinese}"
        return shown

    def _highlighted_row(self) -> str | None:
        decks = self.query_one("#decks", OptionList)
        if decks.highlighted is None or decks.option_count == 0:
            return None
        return decks.get_option_at_index(decks.highlighted).id

    def _highlighted_deck(self) -> str | None:
        row = self._highlighted_row()
        return None if row == ALL_DECKS else row

    def _study(self, row: str | None) -> None:
        if row is not None:
            self.app.start_study(None if row == ALL_DECKS else row)  # type: ignore[attr-defined]

    def action_study(self) -> None:
        self._study(self._highlighted_row())

    def action_study_all(self) -> None:
        """Study every deck in one sitting."""
        self.app.start_study(None)  # type: ignore[attr-defined]

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self._study(event.option.id)

    def action_drill(self) -> None:
        from quizapp.ui.screens.drill import DrillDialog

        self.app.push_screen(DrillDialog(default_deck=self._highlighted_deck()))

    def action_cursor_down(self) -> None:
        self.query_one("#decks", OptionList).action_cursor_down()

    def action_cursor_up(self) -> None:
        self.query_one("#decks", OptionList).action_cursor_up()

    def _count(self, value: int, column: str, width: int) -> Text:
        """A count, right-aligned in its column's theme colour; zero is dim."""
        text = f"{value:>{width}}"
        if value == 0:
            return Text(text, style="dim")
        if column == "new":  # plain bold: the highlight bar is the primary colour
            return Text(text, style="bold")
        theme = self.app.current_theme
        colour = theme.warning if column == "learning" else theme.success
        return Text(text, style=f"bold {colour}")


def _fit(text: str, width: int) -> str:
    """``text`` cut with … or padded to exactly ``width`` terminal cells (CJK counts 2)."""
    if cell_len(text) > width:
        while text and cell_len(text) > width - 1:
            text = text[:-1]
        text += "…"
    return text + " " * (width - cell_len(text))
