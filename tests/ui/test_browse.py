"""Browse: typing searches, card-changing keys act only on the focused table, say what
they did, and can be undone; template prompts show sample numbers."""

from __future__ import annotations

import re
from pathlib import Path

from textual.widgets import DataTable, Input

from quizapp.decks.model import CardKey
from quizapp.ui.screens.browse import BrowseScreen

from .conftest import SAMPLE_DECK

SIZE = (100, 30)


def _notes(app) -> list[str]:  # type: ignore[no-untyped-def]
    return [str(note.message) for note in app._notifications]  # noqa: SLF001


async def _open_browse(app, pilot) -> BrowseScreen:  # type: ignore[no-untyped-def]
    await pilot.press("b")
    await pilot.pause()
    screen = app.screen
    assert isinstance(screen, BrowseScreen)
    return screen


async def test_typing_goes_into_the_search_and_changes_no_card(
    app_factory, four_flashcards: Path
):  # type: ignore[no-untyped-def]
    app = app_factory(four_flashcards, SAMPLE_DECK)
    async with app.run_test(size=SIZE) as pilot:
        screen = await _open_browse(app, pilot)
        search = screen.query_one("#browse-search", Input)
        assert search.has_focus
        await pilot.press(*"#kmeans++ sub")  # s, b and u are the table's keys
        await pilot.pause()
        assert search.value == "#kmeans++ sub"
        assert screen.rows == []  # no card has that tag
        assert app.library.store.states() == []  # nothing suspended or buried
        assert not any("Suspended" in note or "Buried" in note for note in _notes(app))
        # escape first clears the search, then leaves
        await pilot.press("escape")
        assert search.value == "" and app.screen is screen
        await pilot.press("escape")
        assert app.screen is not screen


async def test_suspend_and_bury_on_the_table_say_so_and_undo(
    app_factory, four_flashcards: Path
):  # type: ignore[no-untyped-def]
    app = app_factory(four_flashcards)
    async with app.run_test(size=SIZE) as pilot:
        screen = await _open_browse(app, pilot)
        await pilot.press(*"问题 3", "enter")  # enter: from the search to the table
        await pilot.pause()
        assert screen.query_one("#browse-table", DataTable).has_focus
        key = CardKey("four", "c3")
        store = app.library.store
        assert store.get_state(key) is None  # new and untouched

        await pilot.press("s")
        await pilot.pause()
        assert store.get_state(key).suspended  # type: ignore[union-attr]
        assert _notes(app)[-1] == "Suspended four/c3: left out of every session. u undoes."
        assert screen.rows[0].state == "suspended"
        await pilot.press("u")
        await pilot.pause()
        state = store.get_state(key)
        assert state is not None and not state.suspended and state.buried_until is None
        assert state.reps == 0 and screen.rows[0].state == "new"
        assert _notes(app)[-1] == "Undone: four/c3 is as it was."

        await pilot.press("b")
        await pilot.pause()
        buried = store.get_state(key)
        assert buried is not None and buried.buried_until is not None
        assert buried.buried_until > app.library.now() and screen.rows[0].state == "buried"
        assert _notes(app)[-1].startswith("Buried four/c3 until the next study day")
        await pilot.press("b")  # unbury
        await pilot.pause()
        assert store.get_state(key).buried_until is None  # type: ignore[union-attr]
        await pilot.press("u", "u")  # undo the unbury, then the bury
        await pilot.pause()
        assert store.get_state(key) == state
        await pilot.press("u")
        await pilot.pause()
        assert _notes(app)[-1] == "Nothing to undo here."


async def test_the_footer_offers_card_keys_only_on_the_table(
    app_factory, four_flashcards: Path
):  # type: ignore[no-untyped-def]
    app = app_factory(four_flashcards, lang="zh")
    async with app.run_test(size=SIZE) as pilot:
        await _open_browse(app, pilot)
        labels = {a.binding.description for a in app.screen.active_bindings.values()}
        assert "暂停/恢复" not in labels and "搁置/取消搁置" not in labels
        await pilot.press("down")  # from the search to the table
        await pilot.pause()
        labels = {a.binding.description for a in app.screen.active_bindings.values()}
        assert {"暂停/恢复", "搁置/取消搁置", "撤销"} <= labels
        await pilot.press("s")
        await pilot.pause()
        assert _notes(app)[-1].startswith("已暂停 four/c1")


async def test_template_prompts_show_sample_numbers(app_factory):  # type: ignore[no-untyped-def]
    app = app_factory(SAMPLE_DECK)
    async with app.run_test(size=SIZE) as pilot:
        screen = await _open_browse(app, pilot)
        await pilot.press(*"SGD step")
        await pilot.pause()
        (row,) = screen.rows
        assert row.card.kind == "template" and "{lr}" in row.card.prompt["en"]
        shown = row.prompt["en"]
        match = re.search(r"learning rate (\S+) and gradient (\S+):", shown)
        assert match is not None, shown
        assert float(match.group(1)) in (0.1, 0.2, 0.3, 0.4, 0.5)
        assert float(match.group(2)) in (1, 2, 4)
        table = screen.query_one("#browse-table", DataTable)
        assert "{" not in str(table.get_row_at(0)[0])
        assert "{" not in str(screen.query_one("#browse-detail").render())
