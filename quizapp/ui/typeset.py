"""Line breaking for mixed Chinese and Latin text: where a line may end.

Rich and Textual wrap text at spaces only, so a run of Chinese, which has none, moves
whole onto the next line and strands the Latin word before it ("Lloyd 算法先选定 / k /
个初始聚类中心…"). Here, as in Chinese typesetting, a line may also end between two
Chinese characters, and between a Chinese character and a Latin word or number, but

- never before closing punctuation (``。，、）」`` …): no line starts with it, and
- never after opening punctuation (``（「《`` …): no line ends with it,

while Latin words, numbers and runs such as ``1e-3`` or ``KL(ŷ‖y)`` stay whole, and an
operator standing between spaces (``θ ← θ − ηg``, ``x = 2``) stays on the line of both
its operands' neighbours: no line ends or starts with it. Text without wide characters
or such operators breaks exactly where Rich's own wrapping would.

Pure functions of text and width (no textual import): :func:`line_breaks` is a
drop-in for ``rich._wrap.divide_line``; :func:`wrap` gives the lines themselves.
:mod:`quizapp.ui.widgets.prose` puts them on screen.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from itertools import pairwise

from rich.cells import cell_len, chop_cells

#: Characters no line may start with: closing brackets and quotes, sentence and clause
#: punctuation (full-width and ASCII), dashes, ellipses, the iteration marks.
NO_LINE_START = frozenset(
    "。．，、；：！？）」』》〉】〕〗〙〛｝］｠"
    "’”»›"
    "…‥—–～〜・·ー々ゝゞヽヾ"
    "％‰℃"
    ",.;:!?)]}%"
    "ぁぃぅぇぉっゃゅょゎァィゥェォッャュョヮヵヶ"
)
#: Characters no line may end with: opening brackets and quotes.
NO_LINE_END = frozenset("（「『《〈【〔〖〘〚｛［｟‘“«‹([{＄￥$")

#: Operators that, written between spaces, hold on to the words on either side.
OPERATORS = frozenset("=≠≈≡<>≤≥←→↦⇒⇔+−-±×·÷/*∈∝")

_SPACE = re.compile(r"\s")
_WORD = re.compile(r"\s*\S+\s*")  # as rich._wrap.words


def _is_wide(character: str) -> bool:
    return cell_len(character) == 2


def _may_break_before(text: str, index: int) -> bool:
    """Whether a line may start at ``text[index]`` (the text before it ends a line)."""
    after, before = text[index], text[index - 1]
    if _SPACE.match(after):
        return False  # spaces stay at the end of the line they follow
    if _SPACE.match(before):
        # After a space, as Rich does; but a space never lets a line start with "。",
        # nor with a lone operator, nor end with one.
        if after in NO_LINE_START and _is_wide(after):
            return False
        word_end = len(text[:index].rstrip()) - 1
        return not (_lone_operator(text, index) or _lone_operator(text, word_end))
    if after in NO_LINE_START or before in NO_LINE_END or cell_len(after) == 0:
        return False  # zero width: a combining mark stays with its letter
    return _is_wide(before) or _is_wide(after)


def _lone_operator(text: str, index: int) -> bool:
    """Whether ``text[index]`` is an operator with a space (or the text's edge) each side."""
    if index < 0 or index >= len(text) or text[index] not in OPERATORS:
        return False
    alone_before = index == 0 or _SPACE.match(text[index - 1]) is not None
    alone_after = index + 1 == len(text) or _SPACE.match(text[index + 1]) is not None
    return alone_before and alone_after


def segments(line: str) -> Iterator[tuple[int, int, str]]:
    """The unbreakable pieces of a line, each with the spaces that follow it.

    Args:
        line: one line of text (no newline).

    Yields:
        ``(start, end, piece)`` in order, as ``rich._wrap.words`` does for words.
    """
    start = 0
    # Leading spaces belong to the first piece, as in Rich.
    first = len(line) - len(line.lstrip())
    for index in range(first + 1, len(line)):
        if _may_break_before(line, index):
            yield start, index, line[start:index]
            start = index
    if start < len(line):
        yield start, len(line), line[start:]


def line_breaks(line: str, width: int, *, fold: bool = True) -> list[int]:
    """Where to break one line of text so that each piece fits ``width`` cells.

    The same contract as ``rich._wrap.divide_line``, whose greedy fill this follows
    piece by piece: a piece goes on the current line if it fits (spaces after it may
    hang past the edge), otherwise it starts the next line. A piece wider than a whole
    line is broken at its own spaces if it has any (a long equation), else folded
    (``fold=True``) or left to be cropped.

    Args:
        line: one line of text (no newline).
        width: the cells available.
        fold: fold pieces wider than ``width`` across lines.

    Returns:
        The character offsets at which new lines start, ascending.
    """
    breaks: list[int] = []
    offset = 0  # cells used on the current line
    pieces = list(segments(line))
    index = 0
    while index < len(pieces):
        start, _end, piece = pieces[index]
        index += 1
        piece_width = cell_len(piece.rstrip())
        if width - offset >= piece_width:
            offset += cell_len(piece)
        elif piece_width > width and _SPACE.search(piece.strip()):
            words = _WORD.finditer(piece)
            pieces[index:index] = [(start + w.start(), start + w.end(), w.group()) for w in words]
        elif piece_width > width:
            if fold:
                folded = [part for part in chop_cells(piece, width) if part]
                position = start
                for number, part in enumerate(folded):
                    if position:
                        breaks.append(position)
                    if number == len(folded) - 1:
                        offset = cell_len(part)
                    else:
                        position += len(part)
            else:
                if start:
                    breaks.append(start)
                offset = cell_len(piece)
        elif offset and start:
            breaks.append(start)
            offset = cell_len(piece)
    return breaks


def wrap(text: str, width: int) -> list[str]:
    """Wrap text into lines of at most ``width`` cells.

    Newlines in ``text`` are kept; spaces where a line was broken are dropped.

    Args:
        text: any text, in any mix of Chinese and Latin script.
        width: the cells available (at least 1).

    Returns:
        The lines, without newline characters.
    """
    lines: list[str] = []
    for paragraph in text.split("\n"):
        starts = [0, *line_breaks(paragraph, width), len(paragraph)]
        pieces = [paragraph[start:end] for start, end in pairwise(starts)]
        lines.extend([*(piece.rstrip() for piece in pieces[:-1]), pieces[-1]])
    return lines
