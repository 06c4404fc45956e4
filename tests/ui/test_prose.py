"""Chinese on the study screen as drawn: line-breaking rules, the reading column, resizes."""

from __future__ import annotations

import asyncio
import re

import pytest
from rich.cells import cell_len
from textual.geometry import Region, Size
from textual.widget import Widget

from quizapp.ui.typeset import NO_LINE_END, NO_LINE_START

from .conftest import CHINESE_PROSE

#: The reading column's widest (quizapp/ui/app.tcss, ``.reading > *``).
READING_WIDTH = 100
BORDER = "╭╮╰╯─│ "
#: The study screen's widgets that show sentences.
PROSE = ("#prompt", "#options", "#hint-text", "#preview", "#feedback", "#ratings")


def _drawn_lines(widget: Widget) -> list[str]:
    """The text rows the widget draws, without its border and padding."""
    width, height = widget.outer_size
    rows = [strip.text for strip in widget.render_lines(Region(0, 0, width, height))]
    return [row.strip(BORDER) for row in rows if row.strip(BORDER)]


def _shown(screen) -> list[Widget]:  # type: ignore[no-untyped-def]
    return [widget for widget in screen.query(", ".join(PROSE)) if widget.display]


async def _reveal_first_card(pilot) -> None:  # type: ignore[no-untyped-def]
    await pilot.press("enter")
    await pilot.pause()
    await pilot.press("space")
    await pilot.pause()


@pytest.mark.parametrize("lang", ["zh", "both"])
@pytest.mark.parametrize("width", [60, 80, 120, 220])
async def test_no_line_starts_with_closing_punctuation(app_factory, lang: str, width: int) -> None:
    app = app_factory(CHINESE_PROSE, lang=lang)
    async with app.run_test(size=(width, 60)) as pilot:
        await _reveal_first_card(pilot)
        shown = 0
        for widget in _shown(app.screen):
            lines = _drawn_lines(widget)
            shown += len(lines)
            for line in lines:
                assert line[0] not in NO_LINE_START, line
                assert line[-1] not in NO_LINE_END, line
                assert cell_len(line) <= widget.content_size.width
        assert shown > 5
        # Nothing stranded: no short Latin word such as "k" or "1" alone above Chinese.
        for widget in _shown(app.screen):
            lines = _drawn_lines(widget)
            for line, below in zip(lines, lines[1:], strict=False):
                assert not (re.fullmatch(r"[!-~]{1,3}", line) and cell_len(below[0]) == 2), lines


async def test_the_text_column_is_centred_and_narrow_on_a_wide_terminal(app_factory) -> None:
    app = app_factory(CHINESE_PROSE, lang="zh")
    async with app.run_test(size=(220, 50)) as pilot:
        await _reveal_first_card(pilot)
        card = app.screen.query_one("#card")
        for widget_id in ("#prompt", "#feedback"):
            widget = app.screen.query_one(widget_id)
            assert widget.outer_size.width <= READING_WIDTH
            left = widget.region.x - card.content_region.x
            right = card.content_region.right - widget.region.right
            assert abs(left - right) <= 1, (left, right)


async def test_text_wraps_again_when_the_terminal_is_resized(app_factory) -> None:
    app = app_factory(CHINESE_PROSE, lang="zh")
    async with app.run_test(size=(60, 50)) as pilot:
        await _reveal_first_card(pilot)
        feedback = app.screen.query_one("#feedback")
        narrow = _drawn_lines(feedback)
        await pilot.resize_terminal(110, 50)
        for _ in range(10):
            await pilot.pause()
            await asyncio.sleep(0.02)
            if feedback.size.width > 60:
                break
        wide = _drawn_lines(feedback)
        assert len(wide) < len(narrow)
        assert max(map(cell_len, wide)) > max(map(cell_len, narrow))
        assert "".join(wide).replace(" ", "") == "".join(narrow).replace(" ", "")


def test_prose_measures_its_widest_unbreakable_piece() -> None:
    from textual.content import Content

    from quizapp.ui.widgets.prose import Typeset

    typeset = Typeset(Content("模普遍小于 1，连乘结果（k-means++）。"))
    # "（k-means++）。" may not be broken: "（" holds on to what follows, "）。" to what precedes.
    assert typeset.get_minimal_width({}) == cell_len("（k-means++）。")
    assert Size(typeset.get_optimal_width({}, 80), 1) == Size(cell_len(str(typeset)), 1)
