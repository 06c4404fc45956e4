"""What every answer kind shares: verdicts, the generic slips, and reading the problem's numbers."""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from engine import precision
from engine.expr.errors import bilingual as _text
from engine.formatting import fmt_denoised
from engine.problem import Mistake, Problem, Text, Tolerance, Verdict

SIGN_ERROR = "sign_error"
MISSING_DIVIDE_BY_N = "missing_divide_by_n"
EXTRA_DIVIDE_BY_N = "extra_divide_by_n"
PERCENT_SCALE = "percent_scale"
TRANSPOSED = "transposed"
NO_UPDATE = "no_update"


class ProblemError(Exception):
    """The problem itself cannot be graded (a generator bug, not the learner's fault)."""


@dataclass(frozen=True)
class Reading:
    """How typed text is understood before it is graded (the live preview under the input).

    Attributes:
        ok: the text can be graded (right shape, known names, within the limits).
        echo: how it was read, in readable Unicode (``2·(ŷ − y)``, ``[0.5, 1.25]``).
        message: when not ``ok``, what is wrong and where, with a caret picture.
    """

    ok: bool
    echo: str = ""
    message: Text | None = None


def invalid(feedback: Text) -> Verdict:
    return Verdict(status="invalid", score=0.0, feedback=feedback)


def correct(echo: str, note: Text | None = None) -> Verdict:
    feedback = _text("Correct.", "正确。")
    if note:
        feedback = join(feedback, note)
    return Verdict(status="correct", score=1.0, feedback=feedback, echo=echo)


def incorrect(
    echo: str,
    mistake: Mistake | None,
    generic: Text,
    *,
    score: float = 0.0,
    wrong_entries: tuple[Any, ...] = (),
) -> Verdict:
    return Verdict(
        status="incorrect",
        score=score,
        feedback=dict(mistake.feedback) if mistake else generic,
        mistake=mistake.id if mistake else None,
        echo=echo,
        wrong_entries=wrong_entries,
    )


def read_as(echo: str) -> Text:
    return _text(f"Your answer was read as {echo}.", f"你的答案被理解为 {echo}。")


def join(*parts: Text) -> Text:
    """Sentences one after another: spaced in English, not after Chinese punctuation."""
    chinese = ""
    for part in parts:
        spaced = chinese and not chinese.endswith(_CHINESE_STOPS)
        chinese += (" " if spaced else "") + part["zh"]
    return {"en": " ".join(part["en"] for part in parts), "zh": chinese}


#: Full-width punctuation ends a Chinese sentence or clause with its own space.
_CHINESE_STOPS = tuple("。，、；：！？）」』》")


def correct_to(echo: str, tolerance: Tolerance, note: Text | None = None) -> Verdict:
    """A right number, saying the tolerance it was graded at: "Correct to 3 significant
    figures."."""
    applied = precision.words(tolerance)
    feedback = _text(f"Correct {applied['en']}.", f"正确（{applied['zh']}）。")
    if note:
        feedback = join(feedback, note)
    return Verdict(status="correct", score=1.0, feedback=feedback, echo=echo)


def graded_at(tolerance: Tolerance) -> Text:
    """"(Graded to 3 significant figures.)", to follow a mistake's own feedback."""
    applied = precision.words(tolerance)
    return _text(f"(Graded {applied['en']}.)", f"（按{applied['zh']}评分。）")


def fewer_digits(echo: str, digits: precision.Digits, tolerance: Tolerance) -> Text:
    """Why an answer right only to fewer digits than asked is not counted, and what to give."""
    applied = precision.words(tolerance)
    if tolerance.decimals is not None:
        given = max(0, -digits.last_place)
        asked = tolerance.decimals
        en_unit, zh_unit = "decimal place", "位小数"
    else:
        given, asked = digits.figures, tolerance.sigfigs
        en_unit, zh_unit = "significant figure", "位有效数字"
    return _text(
        f"{echo} is right to {given} {en_unit}{'s' if given != 1 else ''}, but this answer is "
        f"graded {applied['en']}: give {asked} {en_unit}s. (Not counted.)",
        f"{echo} 只精确到 {given} {zh_unit}，本题按{applied['zh']}评分：请给出 {asked} "
        f"{zh_unit}（不计入作答）。",
    )


def more_digits(exact: Any, digits: precision.Digits | None) -> Text | None:
    """"(More precisely: …)" when the exact answer has digits beyond those the learner typed;
    None when it adds none (or the learner typed an exact form such as 1/3)."""
    if digits is None:
        return None
    values = exact if isinstance(exact, list) else [exact]
    shown = [fmt_denoised(as_number(v), 6) for v in values]
    places = [precision.digits(text.replace("−", "-")) for text in shown]
    if not any(place is not None and place.last_place < digits.last_place for place in places):
        return None
    text = shown[0] if not isinstance(exact, list) else "[" + ", ".join(shown) + "]"
    return more_precisely(text)


def first_mistake(problem: Problem, matches: Callable[[Any], bool]) -> Mistake | None:
    """The first of the problem's mistakes whose value ``matches``; malformed ones are skipped."""
    for mistake in problem.mistakes:
        try:
            if matches(mistake.value):
                return mistake
        except (TypeError, ValueError, ArithmeticError):
            continue
    return None


def generic_mistake(mistake_id: str, en: str, zh: str) -> Mistake:
    return Mistake(id=mistake_id, value=None, feedback=_text(en, zh))


def sign_mistake() -> Mistake:
    return generic_mistake(
        SIGN_ERROR,
        "Check the sign: your answer has the right size but the opposite sign.",
        "检查符号：你的答案大小对了，但符号相反。",
    )


def start_mistake(problem: Problem, matches: Callable[[Any], bool]) -> Mistake | None:
    """The ``no_update`` slip when the answer is an update's starting value typed back."""
    if problem.start is None:
        return None
    try:
        if not matches(problem.start):
            return None
    except (TypeError, ValueError, ArithmeticError):
        return None
    return generic_mistake(
        NO_UPDATE,
        "That is the value before the update: apply the step to it.",
        "这是更新之前的值：请在它上面完成这一步更新。",
    )


def factor_n_mistakes(problem: Problem) -> list[tuple[float, Mistake]]:
    """(factor, mistake) pairs for an answer ``factor`` times the right one, when data has n."""
    n = problem.data.get("n") if isinstance(problem.data, dict) else None
    if isinstance(n, bool) or not isinstance(n, int) or n < 2:
        return []
    return [
        (
            float(n),
            generic_mistake(
                MISSING_DIVIDE_BY_N,
                f"Your answer is n = {n} times too large: did you sum where the formula "
                "takes the mean (divide by n)?",
                f"你的答案大了 n = {n} 倍：公式里是取平均（除以 n），你是否只求了和？",
            ),
        ),
        (
            1.0 / n,
            generic_mistake(
                EXTRA_DIVIDE_BY_N,
                f"Your answer is n = {n} times too small: did you divide by n where the "
                "formula has no mean?",
                f"你的答案小了 n = {n} 倍：公式里没有取平均，你是否多除了 n？",
            ),
        ),
    ]


def as_number(value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        value = float(getattr(value, "item", lambda: value)())
    number = float(value)
    if not math.isfinite(number):
        raise ValueError(f"not a finite number: {value!r}")
    return number


def more_precisely(exact: str) -> Text:
    return _text(f"(More precisely: {exact}.)", f"（更精确的值：{exact}。）")


def with_full_stop(text: Text) -> Text:
    return {"en": text["en"] + ".", "zh": text["zh"] + "。"}
