"""Line breaking for mixed Chinese and Latin text (quizapp.ui.typeset).

References: Rich's own wrapping (``rich._wrap.divide_line``) for text without Chinese
(or operators standing alone between spaces, which here keep to their operands),
the Chinese line-breaking rules (no line starts with closing punctuation, none ends
with opening punctuation; W3C "Requirements for Chinese Text Layout", §3.1.7) and
lines worked out by hand.
"""

from __future__ import annotations

import string

from hypothesis import given
from hypothesis import strategies as st
from rich._wrap import divide_line
from rich.cells import cell_len

from quizapp.ui.typeset import (
    NO_LINE_END,
    NO_LINE_START,
    OPERATORS,
    line_breaks,
    segments,
    wrap,
)

# --- worked examples ------------------------------------------------------------------

LLOYD = "Lloyd 算法先选定 k 个初始聚类中心，然后交替执行两步。"
VANISHING = "如果这些因子的模普遍小于 1，连乘结果会随深度指数级缩小。"


def test_a_latin_letter_before_chinese_is_not_stranded() -> None:
    # Rich at 20 cells: "Lloyd 算法先选定 " / "k " / "个初始聚类中心，然后" ...
    assert wrap(LLOYD, 20) == [
        "Lloyd 算法先选定 k",
        "个初始聚类中心，然后",
        "交替执行两步。",
    ]


def test_a_number_before_a_comma_is_not_stranded() -> None:
    # 如果这些因子的模普遍 = 20 cells; "小于 1，" must not leave "1" alone.
    assert wrap(VANISHING, 24) == [
        "如果这些因子的模普遍小于",
        "1，连乘结果会随深度指数",
        "级缩小。",
    ]


def test_closing_punctuation_takes_the_character_before_it_along() -> None:
    # "一二三四" fills 8 cells; "。" may not start the next line, so "四" goes with it.
    assert wrap("一二三四。五六", 8) == ["一二三", "四。五六"]
    # "一二三（" would fill 8 cells, but "（" may not end a line.
    assert wrap("一二三（四五）", 8) == ["一二三", "（四五）"]
    assert wrap("甲乙丙「丁」", 7) == ["甲乙丙", "「丁」"]


def test_latin_runs_stay_whole_between_chinese() -> None:
    text = "学习率取1e-3时KL(ŷ‖y)不对称"
    lines = wrap(text, 10)
    assert "".join(lines) == text
    assert any("1e-3" in line for line in lines)
    assert any("KL(ŷ‖y)" in line for line in lines)
    assert all(cell_len(line) <= 10 for line in lines)


def test_english_wraps_at_spaces_as_rich_does() -> None:
    text = "Lloyd's algorithm starts from k initial centres and alternates two steps."
    offsets = divide_line(text, 30)
    assert line_breaks(text, 30) == offsets
    assert wrap(text, 30) == [
        "Lloyd's algorithm starts from",
        "k initial centres and",
        "alternates two steps.",
    ]


def test_newlines_are_kept_and_break_spaces_dropped() -> None:
    assert wrap("甲 乙\n\nabc def", 3) == ["甲", "乙", "", "abc", "def"]


def test_a_word_wider_than_the_line_is_folded() -> None:
    assert wrap("abcdefgh 中", 3) == ["abc", "def", "gh", "中"]


# --- properties -----------------------------------------------------------------------

NARROW = string.ascii_letters + string.digits + string.punctuation + "ŷσθ²−·‖"
narrow_text = st.text(alphabet=NARROW + "  \t", max_size=80)


@given(narrow_text, st.integers(min_value=1, max_value=40))
def test_without_wide_characters_breaks_are_riches(text: str, width: int) -> None:
    if not any(_lone_operator(text, index) for index in range(len(text))):
        assert line_breaks(text, width) == divide_line(text, width)


def _lone_operator(text: str, index: int) -> bool:
    return text[index] in OPERATORS and f" {text} "[index : index + 3].strip() == text[index]


def test_an_operator_between_spaces_stays_with_its_neighbours() -> None:
    # Rich would leave "θ" at the end of the line and start the next with "←".
    text = "沿负梯度方向走：θ ← θ − η g，η 是学习率"
    assert wrap(text, 18) == ["沿负梯度方向走：", "θ ← θ − η g，η 是", "学习率"]
    assert wrap("so that x = 2 and y = 3", 9) == ["so that", "x = 2 and", "y = 3"]
    assert wrap("so that x = 2 and y = 3", 10) == ["so that", "x = 2 and", "y = 3"]
    assert divide_line("so that x = 2 and y = 3", 10) == [10, 20]  # "so that x" / "= 2 and y"


def test_an_equation_wider_than_the_line_breaks_at_its_spaces() -> None:
    assert wrap("均值 = (1.35 + 0.025) / 2 = 0.6875", 16) == [
        "均值 = (1.35 +",
        "0.025) / 2 =",
        "0.6875",
    ]


WORDS = ["x", "y2", "ŷ", "θ", "0.25", "loss", "KL(p‖q)", "1e-3"]


@st.composite
def equations(draw: st.DrawFn) -> str:
    """Words and one-operator equations ("x = 2") between them, as explanations write."""
    terms = []
    for _ in range(draw(st.integers(1, 12))):
        word = draw(st.sampled_from(WORDS))
        if draw(st.booleans()):
            operator = draw(st.sampled_from(sorted(OPERATORS)))
            word = f"{word} {operator} {draw(st.sampled_from(WORDS))}"
        terms.append(word)
    return " ".join(terms)


@given(equations(), st.integers(min_value=2 * 7 + 3, max_value=40))
def test_no_line_ends_or_starts_with_a_lone_operator(text: str, width: int) -> None:
    for line in wrap(text, width):
        words = line.split()
        assert words[0] not in OPERATORS and words[-1] not in OPERATORS, line


CHINESE = list("的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年")
STOPS = list("。，、；：！？")
BRACKETS = {"（": "）", "「": "」", "『": "』", "《": "》"}
LATIN = ["k", "Lloyd", "1e-3", "0.25", "KL(ŷ‖y)", "Adam", "x²", "n", "k-means++"]
#: The widest piece that may not be broken: a Latin run, a closing bracket, a stop.
WIDEST_PIECE = max(map(cell_len, LATIN)) + 2 + 2


@st.composite
def mixed_text(draw: st.DrawFn) -> str:
    """Sentences as decks write them: Chinese with Latin runs, punctuation where it goes."""
    text = ""
    for _ in range(draw(st.integers(1, 10))):
        chinese = "".join(draw(st.lists(st.sampled_from(CHINESE), min_size=1, max_size=8)))
        latin = draw(st.sampled_from(LATIN))
        layout = draw(st.sampled_from(["chinese", "latin", "spaced", "bracketed"]))
        if layout == "chinese":
            text += chinese
        elif layout == "latin":
            text += chinese + latin
        elif layout == "spaced":
            text += f"{chinese} {latin} "
        else:
            opening = draw(st.sampled_from(sorted(BRACKETS)))
            text += f"{chinese}{opening}{chinese}{latin}{BRACKETS[opening]}"
        if draw(st.booleans()):
            text += draw(st.sampled_from(STOPS))
    return text.strip()


def _pieces(text: str, width: int) -> list[str]:
    starts = [0, *line_breaks(text, width), len(text)]
    return [text[start:end] for start, end in zip(starts, starts[1:], strict=False)]


@given(mixed_text(), st.integers(min_value=1, max_value=60))
def test_the_pieces_are_the_text_and_fit(text: str, width: int) -> None:
    pieces = _pieces(text, width)
    assert "".join(pieces) == text
    assert all(piece for piece in pieces)
    assert wrap(text, width) == [piece.rstrip() for piece in pieces[:-1]] + pieces[-1:]
    assert all(cell_len(line) <= max(width, 2) for line in wrap(text, width))


@given(mixed_text(), st.integers(min_value=WIDEST_PIECE, max_value=60))
def test_mixed_text_obeys_the_line_breaking_rules(text: str, width: int) -> None:
    lines = wrap(text, width)
    for line in lines[1:]:
        assert line[0] not in NO_LINE_START, lines
    for line in lines[:-1]:
        assert line[-1] not in NO_LINE_END, lines
    for offset in line_breaks(text, width):
        before, after = text[offset - 1], text[offset]
        latin_run = cell_len(before) == cell_len(after) == 1 and " " not in (before, after)
        assert not latin_run, (text[:offset], text[offset:])


@given(mixed_text(), st.integers(min_value=WIDEST_PIECE, max_value=60))
def test_each_line_is_filled_before_the_next_starts(text: str, width: int) -> None:
    """Greedy: the first piece of each line would not have fitted on the line before."""
    pieces = _pieces(text, width)
    for previous, line in zip(pieces, pieces[1:], strict=False):
        _start, _end, first = next(segments(line))
        assert cell_len(previous) + cell_len(first.rstrip()) > width, (previous, line)
