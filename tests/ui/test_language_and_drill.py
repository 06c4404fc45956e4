"""Language switching, theme, drills and the other screens, driven by keys."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

from textual.widgets import Static

from quizapp.decks.model import CardKey
from quizapp.ui.screens.browse import BrowseScreen
from quizapp.ui.screens.stats import StatsScreen
from quizapp.ui.screens.study import StudyScreen

SIZE = (100, 30)


def _footer_labels(app) -> set[str]:  # type: ignore[no-untyped-def]
    return {active.binding.description for active in app.screen.active_bindings.values()}


async def test_l_cycles_the_language_relabels_the_footer_and_is_remembered(
    app_factory, four_flashcards: Path
):  # type: ignore[no-untyped-def]
    app = app_factory(four_flashcards)
    async with app.run_test(size=SIZE) as pilot:
        assert "Quit" in _footer_labels(app)
        await pilot.press("l")
        assert app.lang == "zh"
        assert "退出" in _footer_labels(app)
        header = str(app.screen.query_one("#decks-header", Static).render())
        assert header.split()[:4] == ["卡组", "新卡", "学习中", "待复习"]
        await pilot.press("l")
        assert app.lang == "both"
        assert "Quit" in _footer_labels(app)  # the footer stays English in "both" mode
        assert str(app.screen.query_one("#decks-header", Static).render()).startswith("Deck 卡组")
    settings = tomllib.loads(app.library.settings_path.read_text(encoding="utf-8"))
    assert settings["language"] == "both"


async def test_theme_toggle_is_remembered(app_factory, four_flashcards: Path):  # type: ignore[no-untyped-def]
    app = app_factory(four_flashcards)
    async with app.run_test(size=SIZE) as pilot:
        assert app.theme == "quizapp-dark"
        await pilot.press("t")
        assert app.theme == "quizapp-light"
    settings = tomllib.loads(app.library.settings_path.read_text(encoding="utf-8"))
    assert settings["theme"] == "light"


async def test_a_drill_logs_reviews_without_moving_the_schedule(app_factory, four_flashcards: Path):  # type: ignore[no-untyped-def]
    app = app_factory(four_flashcards)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter")
        screen = app.screen
        assert isinstance(screen, StudyScreen)
        await pilot.press("space", "3")  # one scheduled review gives c? a state
        await pilot.pause()
        reviewed = next(
            key
            for key in (CardKey("four", f"c{n}") for n in range(1, 5))
            if app.library.store.get_state(key) is not None
        )
        before = app.library.store.get_state(reviewed)
        await pilot.press("escape")
        await pilot.press("d")  # drill dialog, the highlighted deck preselected
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        drill = app.screen
        assert isinstance(drill, StudyScreen) and drill.sitting.drill
        assert drill.sitting.current.card.key == reviewed  # type: ignore[union-attr]
        await pilot.press("space", "1")
        await pilot.pause()
        reviews = app.library.store.reviews_of(reviewed)
        assert [(r.rating, r.drill) for r in reviews] == [(3, False), (1, True)]
        assert app.library.store.get_state(reviewed) == before


async def test_browse_finds_cards_in_either_language_and_suspends(
    app_factory, four_flashcards: Path
):  # type: ignore[no-untyped-def]
    app = app_factory(four_flashcards)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("b")
        screen = app.screen
        assert isinstance(screen, BrowseScreen)
        await pilot.press(*"问题 3")  # the search field has the focus
        await pilot.pause()
        assert [row.card.id for row in screen.rows] == ["c3"]
        await pilot.press("enter", "s")
        await pilot.pause()
        state = app.library.store.get_state(CardKey("four", "c3"))
        assert state is not None and state.suspended
        await pilot.press("s")
        await pilot.pause()
        assert not app.library.store.get_state(CardKey("four", "c3")).suspended  # type: ignore[union-attr]


async def test_stats_screen_shows_todays_reviews(app_factory, four_flashcards: Path):  # type: ignore[no-untyped-def]
    app = app_factory(four_flashcards)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter", "space", "3", "escape")
        await pilot.pause()
        await pilot.press("s")
        await pilot.pause()
        assert isinstance(app.screen, StatsScreen)
        assert "1 today" in str(app.screen.query_one("#stats-totals").render())


async def test_stats_screen_lists_a_recognised_mistake(app_factory):  # type: ignore[no-untyped-def]
    from textual.widgets import Input

    from .conftest import SAMPLE_DECK

    app = app_factory(SAMPLE_DECK)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter")
        screen = app.screen
        while screen.sitting.current.card.id != "huber":  # type: ignore[union-attr]
            screen.query_one("#card").focus()
            await pilot.press("b")
            await pilot.pause()
        problem = screen.sitting.current.problem  # type: ignore[union-attr]
        mistake = problem.mistakes[0]
        screen.query_one("#answer", Input).value = repr(float(mistake.value))
        await pilot.press("enter")
        for _ in range(50):
            await pilot.pause()
            if screen.state == "feedback":
                break
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("s")
        await pilot.pause()
        body = str(app.screen.query_one("#stats-body").render())
        assert mistake.feedback["en"][:30] in body
        assert "(1 of 1 answers to Huber loss: value)" in body and "loss.huber" not in body
        # the wrong answer counts in its topic (the deck) too; self-rated cards do not
        assert "Sample deck: 0% (0 of 1)" in body


async def test_the_command_palette_offers_the_app_commands(app_factory, four_flashcards: Path):  # type: ignore[no-untyped-def]
    from textual.system_commands import SystemCommandsProvider

    from .conftest import SAMPLE_DECK

    app = app_factory(four_flashcards, SAMPLE_DECK)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+p")
        await pilot.pause()
        provider = SystemCommandsProvider(app.screen)
        titles = [title async for title in _titles(provider)]
        for expected in (
            "Study deck: Four cards",
            "Drill deck: Four cards",
            "Drill tag: sample",
            "Switch language: Chinese",
            "Open stats",
            "Reload decks",
            "Validate decks",
        ):
            assert expected in titles
        hits = [hit async for hit in provider.search("drill four")]
        assert hits and "Drill deck" in str(hits[0].text)


async def _titles(provider):  # type: ignore[no-untyped-def]
    async for hit in provider.discover():
        yield str(hit.text)


async def test_in_both_languages_the_rating_buttons_stay_on_one_line(
    app_factory, four_flashcards: Path
):  # type: ignore[no-untyped-def]
    app = app_factory(four_flashcards, lang="both")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter", "space")
        await pilot.pause()
        ratings = str(app.screen.query_one("#ratings").render())
    assert "\n" not in ratings
    assert "1 Again 重来" in ratings and "4 Easy 简单" in ratings


async def test_in_chinese_the_palette_and_textual_commands_speak_chinese(
    app_factory, four_flashcards: Path, tmp_path: Path
):  # type: ignore[no-untyped-def]
    from textual.command import CommandInput
    from textual.system_commands import SystemCommandsProvider

    app = app_factory(four_flashcards, lang="zh")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+p")
        await pilot.pause()
        assert app.screen.query_one(CommandInput).placeholder == "搜索命令…"
        provider = SystemCommandsProvider(app.screen)
        hits = [hit async for hit in provider.discover()]
        titles = {str(hit.text): hit.help for hit in hits}
        for title in ("主题", "退出", "按键", "截图", "学习卡组：四张卡片", "打开统计"):
            assert title in titles
        for english in ("Theme", "Quit", "Keys", "Screenshot", "Maximize"):
            assert english not in titles
        assert titles["退出"] == "退出 quizapp（所有作答都已保存）"
        # every title and description of every command is Chinese (or a deck/tag name)
        assert not any(help_text and help_text.isascii() for help_text in titles.values())
        # the theme command switches quizapp's own themes, and is remembered
        before = app.theme
        next(hit for hit in hits if str(hit.text) == "主题").command()
        await pilot.pause()
        assert app.theme != before and app.theme.startswith("quizapp-")
        # the screenshot is saved where asked and announced in Chinese
        app.save_screenshot(str(tmp_path))
        await pilot.pause(0.3)
        await pilot.pause()
        assert list(tmp_path.glob("*.svg"))
        notes = [str(n.message) for n in app._notifications]  # noqa: SLF001
        assert any(note.startswith("截图已保存到") for note in notes)


async def test_in_both_languages_the_settings_screen_speaks_both(
    app_factory, four_flashcards: Path
):  # type: ignore[no-untyped-def]
    from textual.widgets import Label, Select

    from quizapp.i18n import t

    app = app_factory(four_flashcards, lang="both")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("comma")
        await pilot.pause()
        screen = app.screen
        assert screen.sub_title == "Settings 设置"
        labels = [str(label.render()) for label in screen.query(".setting-label").results(Label)]
        assert len(labels) >= 6
        for key, label in zip(
            ("language", "theme", "new_per_day", "reviews_per_day", "desired_retention",
             "day_start_hour"),
            labels,
        ):
            assert t(f"settings.{key}", "en") in label and t(f"settings.{key}", "zh") in label
        for label in labels:  # every setting, including any added later
            english, _, chinese = label.partition("\n")
            assert re.search("[A-Za-z]", english) and re.search("[\u4e00-\u9fff]", chinese), label
        theme = screen.query_one("#theme", Select)
        options = [(str(prompt), value) for prompt, value in theme._options]  # noqa: SLF001
        assert ("Dark 深色", "dark") in options and ("Light 浅色", "light") in options
        status = str(screen.query_one("#settings-status").render())
        for single in ("en", "zh"):
            assert t("settings.how_to_save", single) in status
