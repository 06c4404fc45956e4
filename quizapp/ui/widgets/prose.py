"""Prose: text that wraps as Chinese is typeset, re-wrapped whenever its width changes.

Textual wraps :class:`~textual.content.Content` at spaces only; :class:`Typeset` wraps
the same content where :mod:`quizapp.ui.typeset` allows a line to end (between Chinese
characters too, never before "。" or after "（"), keeping styles, then lets Textual
render the lines. Every widget that shows sentences a learner reads shows them that way:
a widget's ``render()`` returns :func:`typeset` of its text, and :class:`Prose` is a
``Static`` that does so with whatever it is updated with.
"""

from __future__ import annotations

from rich.text import Text
from textual.content import Content
from textual.css.styles import RulesMap
from textual.selection import Selection
from textual.strip import Strip
from textual.style import Style
from textual.visual import RenderOptions, Visual
from textual.widgets import Static

from quizapp.ui.typeset import line_breaks, segments


class Typeset(Visual):
    """A Content wrapped by the Chinese line-breaking rules (see :mod:`quizapp.ui.typeset`)."""

    def __init__(self, content: Content) -> None:
        self.content = content
        self._wrapped: tuple[int, Content] | None = None

    def __str__(self) -> str:
        return self.content.plain

    def lines(self, width: int) -> Content:
        """The content with a newline wherever a line ends at ``width`` cells (cached)."""
        if self._wrapped is not None and self._wrapped[0] == width:
            return self._wrapped[1]
        lines: list[Content] = []
        for line in self.content.split("\n", allow_blank=True):
            pieces = line.divide(line_breaks(line.plain, max(width, 1)))
            lines.extend(piece.rstrip() for piece in pieces[:-1])
            lines.append(pieces[-1])
        wrapped = Content("\n").join(lines)
        self._wrapped = (width, wrapped)
        return wrapped

    def render_strips(
        self, width: int, height: int | None, style: Style, options: RenderOptions
    ) -> list[Strip]:
        if options.rules.get("text_wrap", "wrap") == "nowrap":
            return self.content.render_strips(width, height, style, options)
        line_pad = options.rules.get("line_pad", 0)
        return self.lines(width - 2 * line_pad).render_strips(width, height, style, options)

    def get_optimal_width(self, rules: RulesMap, container_width: int) -> int:
        return self.content.get_optimal_width(rules, container_width)

    def get_minimal_width(self, rules: RulesMap) -> int:
        """The widest piece that may not be broken (a Latin word, "（四", "五）。")."""
        widths = [
            Content(piece.rstrip()).cell_length
            for line in self.content.plain.split("\n")
            for _start, _end, piece in segments(line)
        ]
        return max(widths, default=0) + 2 * rules.get("line_pad", 0)

    def get_height(self, rules: RulesMap, width: int) -> int:
        if rules.get("text_wrap", "wrap") == "nowrap":
            return self.content.get_height(rules, width)
        line_pad = rules.get("line_pad", 0)
        return self.lines(width - 2 * line_pad).get_height(rules, width)


def typeset(text: Text | Content | str) -> Typeset:
    """Text to return from a widget's ``render()`` so that it wraps as Chinese is typeset.

    Args:
        text: rich ``Text`` (styles kept), ``Content``, or a plain string (no markup).
    """
    if isinstance(text, Text):
        text = Content.from_rich_text(text)
    elif isinstance(text, str):
        text = Content(text)
    return Typeset(text)


class Prose(Static):
    """A ``Static`` whose text wraps by the Chinese line-breaking rules.

    Update it as any ``Static`` (a string, rich ``Text`` or ``Content``); other
    renderables (a table, say) are shown as ``Static`` would show them.
    """

    DEFAULT_CSS = """
    Prose {
        height: auto;
    }
    """

    _typeset: Typeset | None = None

    def render(self) -> Typeset | Visual:
        visual = self.visual
        if not isinstance(visual, Content):
            return visual
        if self._typeset is None or self._typeset.content is not visual:
            self._typeset = Typeset(visual)
        return self._typeset

    def get_selection(self, selection: Selection) -> tuple[str, str] | None:
        """The selected text, located in the lines as they are shown."""
        visual = self._render()
        if not isinstance(visual, Typeset):
            return super().get_selection(selection)
        width = self.content_region.width - 2 * self.styles.line_pad
        return selection.extract(visual.lines(width).plain), "\n"
