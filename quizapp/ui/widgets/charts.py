"""The stats screen's charts, drawn with Rich: a calendar heatmap, weekly retention,
the due forecast, card states per deck and answer time per card kind.

Rich draws these better than a plotting library would here: every chart is a grid of
cells (days, weeks, decks) rather than a curve, its colours follow the theme's
variables, and the output is the same on every machine (the screens are snapshot-tested).
Each chart is a focusable widget, so tab and shift+tab walk from chart to chart and the
screen scrolls to the one focused.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from rich.cells import cell_len
from rich.console import Group
from rich.text import Text
from textual.widgets import Static

from quizapp.i18n import Lang, t

#: Block characters for eighths of a cell's height.
BLOCKS = " ▁▂▃▄▅▆▇█"
#: Heatmap shades from "no reviews" to the busiest days.
HEAT = ("#3a3f44", "#0e4429", "#006d32", "#26a641", "#39d353")


def _pad(text: str, width: int, *, right: bool = False) -> str:
    """``text`` padded to ``width`` terminal cells (a Chinese character takes two)."""
    space = " " * max(0, width - cell_len(text))
    return space + text if right else text + space


class Chart(Static, can_focus=True):
    """A chart the keyboard can reach: its data and language are set, then it draws."""

    DEFAULT_CSS = """
    Chart {
        height: auto;
        margin-bottom: 1;
        padding: 0 1;
        border-left: blank;
    }
    Chart:focus {
        border-left: thick $accent;
    }
    """

    #: Cells a chart may use: set from the terminal's width before drawing.
    room = 100

    def show(self, data: Any, lang: Lang, width: int = 100) -> None:
        """Draw ``data`` in ``lang`` within ``width`` cells."""
        self.room = width
        self.update(self.draw(data, lang))

    def draw(self, data: Any, lang: Lang) -> Any:  # pragma: no cover - each chart has its own
        raise NotImplementedError


def _heat_level(count: int, busiest: int) -> int:
    if count <= 0 or busiest <= 0:
        return 0
    return min(4, 1 + (4 * (count - 1)) // busiest)


class Heatmap(Chart):
    """Reviews per day over the past year: a week per column, Monday at the top."""

    def draw(self, data: dict[str, Any], lang: Lang) -> Text:
        days = data["reviews_per_day"]
        busiest = max((day["count"] for day in days), default=0)
        text = Text()
        text.append(
            t("charts.heatmap", lang, total=sum(d["count"] for d in days), streak=data["streak"])
            + "\n",
            style="bold",
        )
        if not days:
            return text
        first = date.fromisoformat(days[0]["date"])
        offset = first.weekday()
        columns = (offset + len(days) + 6) // 7
        grid = [[None] * columns for _ in range(7)]
        for index, day in enumerate(days):
            cell = offset + index
            grid[cell % 7][cell // 7] = day["count"]
        names = t("charts.weekdays", lang).split(",")
        for row in range(7):
            text.append(
                _pad(names[row], 3, right=True) + " " if row % 2 == 0 else "    ", style="dim"
            )
            for count in grid[row]:
                if count is None:
                    text.append(" ")
                else:
                    text.append("■", style=HEAT[_heat_level(count, busiest)])
            text.append("\n")
        text.append("    " + t("charts.heatmap_legend", lang) + " ", style="dim")
        for shade in HEAT:
            text.append("■", style=shade)
        text.append(" " + t("charts.heatmap_most", lang, most=busiest), style="dim")
        return text


def _bars(values: list[float], height: int, top: float) -> list[str]:
    """Columns of block characters, ``height`` rows tall, scaled so ``top`` fills a column."""
    rows = []
    for level in range(height, 0, -1):
        row = []
        for value in values:
            eighths = 0 if top <= 0 else round(8 * height * max(value, 0) / top)
            filled = eighths - 8 * (level - 1)
            row.append(BLOCKS[max(0, min(8, filled))])
        rows.append("".join(row))
    return rows


class Forecast(Chart):
    """Cards due on each of the next 30 days, as bars (today first)."""

    def draw(self, data: dict[str, Any], lang: Lang) -> Text:
        counts = [day["count"] for day in data["due_forecast"]]
        most = max(counts, default=0)
        text = Text()
        text.append(t("charts.forecast", lang, days=len(counts), most=most) + "\n", style="bold")
        for index, row in enumerate(_bars([float(c) for c in counts], 5, float(most))):
            label = f"{most:>4} " if index == 0 else "     "
            text.append(label, style="dim")
            text.append(" ".join(row) + "\n", style="cyan")
        text.append("     " + " ".join("|" if i % 7 == 0 else " " for i in range(len(counts))))
        text.append("\n     " + t("charts.forecast_axis", lang), style="dim")
        return text


class RetentionChart(Chart):
    """True retention per week, young and mature cards as two rows of bars (70–100 %)."""

    FLOOR = 0.7

    def draw(self, data: dict[str, Any], lang: Lang) -> Text:
        weeks = data["retention_weekly"]
        text = Text()
        text.append(
            t("charts.retention", lang, weeks=len(weeks), days=data.get("mature_days", 21)) + "\n",
            style="bold",
        )
        for key, label, colour in (
            ("young_retention", "charts.young", "yellow"),
            ("mature_retention", "charts.mature", "green"),
        ):
            values = [week[key] for week in weeks]
            heights = [0.0 if v is None else max(0.0, v - self.FLOOR) for v in values]
            bars = _bars(heights, 2, 1 - self.FLOOR)
            name = t(label, lang)
            latest = next((v for v in reversed(values) if v is not None), None)
            latest_text = "—" if latest is None else f"{100 * latest:.0f}%"
            for index, row in enumerate(bars):
                text.append(_pad(name if index == 0 else "", 8), style="dim")
                text.append(
                    "".join(
                        "·" if v is None and index == 1 else ch
                        for ch, v in zip(row, values, strict=True)
                    )
                    + (f"  {latest_text}" if index == 0 else "")
                    + "\n",
                    style=colour,
                )
        text.append(t("charts.retention_axis", lang), style="dim")
        return text


class CardStates(Chart):
    """New, learning, review and suspended cards per deck, as one stacked bar each."""

    WIDTH = 40
    PARTS = (
        ("new", "blue"),
        ("learning", "yellow"),
        ("review", "green"),
        ("suspended", "bright_black"),
    )

    def draw(self, data: dict[str, Any], lang: Lang) -> Group:
        titles = {deck["id"]: deck.get("title") or {} for deck in data.get("decks", [])}
        heading = Text(t("charts.states", lang) + "\n", style="bold")
        legend = Text("  ")
        for part, colour in self.PARTS:
            legend.append("█ ", style=colour)
            legend.append(t(f"charts.state.{part}", lang) + "   ", style="dim")
        lines = [heading, legend]
        entries = data["card_states"]
        name_width = min(
            24, max((cell_len(self._title(titles, e["id"], lang)) for e in entries), default=0)
        )
        for entry in entries:
            counts = [entry.get(part) or 0 for part, _ in self.PARTS]
            total = sum(counts)
            title = self._title(titles, entry["id"], lang)
            while cell_len(title) > name_width:
                title = title[:-1]
            line = Text("  " + _pad(title, name_width) + " ")
            if total:
                room = max(10, min(self.WIDTH, self.room - name_width - 24))
                widths = [round(room * c / total) for c in counts]
                for (_, colour), width in zip(self.PARTS, widths, strict=True):
                    line.append("█" * width, style=colour)
            line.append(" " + " · ".join(str(c) for c in counts), style="dim")
            lines.append(line)
        return Group(*lines)

    @staticmethod
    def _title(titles: dict[str, Any], deck_id: str, lang: Lang) -> str:
        chosen = "zh" if lang == "zh" else "en"
        return str(titles.get(deck_id, {}).get(chosen) or deck_id)


class AnswerTimes(Chart):
    """Mean seconds per answer for each card kind, as horizontal bars."""

    WIDTH = 30

    def draw(self, data: dict[str, Any], lang: Lang) -> Text:
        rows = data["answer_time"]
        text = Text()
        text.append(t("charts.answer_time", lang) + "\n", style="bold")
        if not rows:
            text.append("  " + t("stats.none_yet", lang), style="dim")
            return text
        slowest = max(row["mean_seconds"] for row in rows)
        names = [t(f"charts.kind.{row['kind']}", lang) for row in rows]
        width = max(cell_len(name) for name in names)
        for name, row in zip(names, rows, strict=True):
            room = max(8, min(self.WIDTH, self.room - width - 28))
            bar = round(room * row["mean_seconds"] / slowest) if slowest else 0
            text.append("  " + _pad(name, width) + " ")
            text.append("█" * max(bar, 1), style="magenta")
            text.append(
                " "
                + t(
                    "charts.seconds",
                    lang,
                    seconds=f"{row['mean_seconds']:.0f}",
                    answers=row["answers"],
                )
                + "\n",
                style="dim",
            )
        return text
