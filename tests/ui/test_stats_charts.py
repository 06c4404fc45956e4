"""The stats screen's charts are reached with the keyboard, in both languages."""

from __future__ import annotations

from textual.widgets import Static

from .conftest import FOUR_FLASHCARDS


async def test_tab_walks_the_charts_in_order_and_language_switches(app_factory):
    app = app_factory(FOUR_FLASHCARDS, lang="en")
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.press("s")
        await pilot.pause()
        order = []
        for _ in range(5):
            await pilot.press("tab")
            await pilot.pause()
            order.append(app.focused.id if app.focused else None)
        assert order == [
            "chart-heatmap",
            "chart-retention",
            "chart-forecast",
            "chart-states",
            "chart-times",
        ]
        assert "Reviews over the past year" in str(
            app.screen.query_one("#chart-heatmap", Static).render()
        )
        await pilot.press("l")  # English → 中文
        await pilot.pause()
        assert "过去一年的复习" in str(app.screen.query_one("#chart-heatmap", Static).render())
        assert "未来 30 天到期的卡片" in str(
            app.screen.query_one("#chart-forecast", Static).render()
        )
