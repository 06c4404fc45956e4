"""The precision policy: what a numeric answer is graded at, and how the prompt says so.

One rule for every generated family and every deck card with a number for an answer:

- A value asked for directly (a loss, a derivative, a distance) is graded to
  :data:`SIGNIFICANT_FIGURES` significant figures, entry by entry.
- An update (an optimizer step, a clipped gradient, a Lloyd step) is graded to a number of
  decimal places fine enough to resolve its *change* to :data:`CHANGE_FIGURES`
  significant figures and the new value itself to :data:`VALUE_FIGURES`: a step of
  −0.0993 from θ = −0.1 to −0.000694 is graded to 5 decimals, so neither ``0`` nor the
  starting value passes.
- The exact answer rounded to the stated precision, and any more precise value, is right:
  an answer is accepted within half a unit of the last stated place.
- An answer right only to fewer digits than asked (``3.8e-6`` where three significant figures
  are asked for 3.815e-6) is not counted; the learner is told how many digits to give.

The prompt of every numeric problem ends with one sentence saying the precision
(:func:`instruction`), in both languages.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, replace
from typing import Any

import numpy as np

from engine.formatting import superscript
from engine.problem import Problem, Text, Tolerance

#: Significant figures of a value asked for directly.
SIGNIFICANT_FIGURES = 3
#: Significant figures an update's change is resolved to.
CHANGE_FIGURES = 3
#: Significant figures the new value of an update is resolved to, at least.
VALUE_FIGURES = 2
#: The finest precision a prompt asks for.
MAX_DECIMALS = 10
#: Slack on "half a unit in the last place", for binary floating point (1.125 → 1.12 or 1.13).
_HALF_UNIT_SLACK = 1e-9
#: Entries below this are exactly zero (answers are stored rounded to 12 decimals).
_ZERO = 1e-12

_NUMERIC_KINDS = ("scalar", "vector", "matrix")


def is_precise(tolerance: Tolerance) -> bool:
    """Whether ``tolerance`` is stated as significant figures or decimal places."""
    return tolerance.sigfigs is not None or tolerance.decimals is not None


def _exponent(value: float) -> int:
    """The power of ten of the leading digit of ``value`` (non-zero)."""
    return math.floor(math.log10(abs(value)))


def _finest_nonzero(values: Any) -> float | None:
    magnitudes = np.abs(np.asarray(values, dtype=float)).ravel()
    magnitudes = magnitudes[magnitudes > _ZERO]
    return float(magnitudes.min()) if magnitudes.size else None


def for_value(answer: Any) -> Tolerance:
    """The precision of a value asked for directly: :data:`SIGNIFICANT_FIGURES` figures."""
    del answer  # the same for every magnitude: significant figures scale with it
    return Tolerance(sigfigs=SIGNIFICANT_FIGURES)


def for_update(answer: Any, start: Any) -> Tolerance:
    """The decimal places that resolve an update's change and its new value.

    Args:
        answer: the value after the update (a number, vector or matrix).
        start: the value before it, of the same shape.

    Returns:
        A Tolerance in decimal places: enough for :data:`CHANGE_FIGURES` significant
        figures of the smallest non-zero change and :data:`VALUE_FIGURES` of the smallest
        non-zero entry of the answer; at most :data:`MAX_DECIMALS`.
    """
    # rounded: 0.8 − 0.9 is −0.09999999999999998 in binary, a change of 0.1
    change = np.round(np.asarray(answer, dtype=float) - np.asarray(start, dtype=float), 12)
    decimals = 0
    for values, figures in ((change, CHANGE_FIGURES), (answer, VALUE_FIGURES)):
        finest = _finest_nonzero(values)
        if finest is not None:
            decimals = max(decimals, figures - 1 - _exponent(finest))
    return Tolerance(decimals=min(decimals, MAX_DECIMALS))


def with_precision(problem: Problem) -> Problem:
    """The problem graded by the policy: a numeric problem without a stated precision gets
    decimals from its change (an update, ``problem.start`` set) or significant figures."""
    if problem.kind not in _NUMERIC_KINDS or is_precise(problem.tolerance):
        return problem
    if problem.start is not None:
        tolerance = for_update(problem.answer, problem.start)
    else:
        tolerance = for_value(problem.answer)
    return replace(problem, tolerance=tolerance)


def unit(tolerance: Tolerance, answer: float) -> float:
    """The unit of the last place ``tolerance`` asks for, at ``answer`` (0 for an exact zero
    under significant figures: it has no last place, so only 0 matches it)."""
    if tolerance.decimals is not None:
        return 10.0 ** -tolerance.decimals
    if tolerance.sigfigs is not None:
        if abs(answer) <= _ZERO:
            return 0.0
        return 10.0 ** (_exponent(answer) - tolerance.sigfigs + 1)
    raise ValueError("the tolerance states no precision")


def round_to(tolerance: Tolerance, value: float) -> float:
    """``value`` rounded to the precision ``tolerance`` states."""
    value = float(value)
    if tolerance.decimals is not None:
        return round(value, tolerance.decimals)
    if tolerance.sigfigs is not None and value != 0:
        return float(f"{value:.{tolerance.sigfigs - 1}e}")
    return value


def typed(tolerance: Tolerance, value: float) -> str:
    """``value`` as a person types it at the stated precision, trailing zeros kept
    (``1.20`` for three significant figures, ``-0.00069`` for five decimals)."""
    value = float(value)
    if tolerance.decimals is not None:
        text = f"{value:.{tolerance.decimals}f}"
        return "0" if float(text) == 0 else text
    figures = tolerance.sigfigs if tolerance.sigfigs is not None else SIGNIFICANT_FIGURES
    if value == 0:
        return "0"
    rounded = float(f"{value:.{figures - 1}e}")
    exponent = _exponent(rounded)
    if exponent < -4 or exponent >= figures + 3:
        return f"{rounded:.{figures - 1}e}"
    return f"{rounded:.{max(0, figures - 1 - exponent)}f}"


def typed_answer(problem: Problem, value: Any = None) -> str:
    """A value of the problem's answer form (default the answer) typed at its precision."""
    value = problem.answer if value is None else value
    array = np.asarray(value, dtype=float)
    if array.ndim == 0:
        return typed(problem.tolerance, float(array))
    if array.ndim == 1:
        return " ".join(typed(problem.tolerance, x) for x in array)
    return "; ".join(" ".join(typed(problem.tolerance, x) for x in row) for row in array)


# ---------------------------------------------------------------------------------------------
# What a learner typed


@dataclass(frozen=True)
class Digits:
    """How precisely a number was typed.

    Attributes:
        figures: significant figures typed (``0.0040`` has 2; an integer's trailing zeros
            count, ``400`` has 3).
        last_place: the power of ten of the last digit typed (``0.0040`` → −4, ``12`` → 0).
    """

    figures: int
    last_place: int


_SUPERSCRIPT_DIGITS = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹⁻⁺", "0123456789-+")
_NUMBER = re.compile(
    r"""^\s*[+\-−]?\s*
    (?P<whole>\d*)(?:\.(?P<fraction>\d*))?
    (?:
        [eE](?P<e>[+\-−]?\d+)
      | \s*[×x*·]\s*10\s*(?:\^|\*\*)\s*\(?\s*(?P<power>[+\-−]?\d+)\s*\)?
      | \s*[×x*·]\s*10(?P<superscript>[⁻⁺]?[⁰¹²³⁴⁵⁶⁷⁸⁹]+)
    )?
    \s*(?P<percent>%)?\s*$""",
    re.VERBOSE,
)


def digits(text: str) -> Digits | None:
    """How precisely ``text`` gives a number, or None when it is not a plain decimal number
    (a calculation such as ``1/3`` or ``sqrt(2)`` is exact)."""
    match = _NUMBER.match(text)
    if match is None:
        return None
    whole, fraction = match["whole"] or "", match["fraction"] or ""
    if not whole and not fraction:
        return None
    exponent_text = match["e"] or match["power"]
    if match["superscript"]:
        exponent_text = match["superscript"].translate(_SUPERSCRIPT_DIGITS)
    exponent = int(exponent_text.replace("−", "-")) if exponent_text else 0
    if match["percent"]:
        exponent -= 2
    significant = (whole + fraction).lstrip("0")
    return Digits(figures=len(significant), last_place=exponent - len(fraction))


def fewer_digits(tolerance: Tolerance, typed_digits: Digits | None, value: float) -> bool:
    """Whether a non-zero number typed with ``typed_digits`` gives fewer digits than asked."""
    if typed_digits is None or value == 0 or typed_digits.figures == 0:
        return False
    if tolerance.decimals is not None:
        return typed_digits.last_place > -tolerance.decimals
    if tolerance.sigfigs is not None:
        return typed_digits.figures < tolerance.sigfigs
    return False


def right_to_typed_digits(typed_digits: Digits, value: float, answer: float) -> bool:
    """Whether ``value`` is the answer rounded to the digits the learner typed."""
    half = 0.5 * 10.0**typed_digits.last_place
    return abs(value - answer) <= half * (1 + _HALF_UNIT_SLACK)


# ---------------------------------------------------------------------------------------------
# Words


def words(tolerance: Tolerance, answer: float | None = None) -> Text:
    """The precision applied, as a phrase: "to 3 significant figures (±0.005)".

    Args:
        tolerance: the tolerance applied.
        answer: for a single number, the answer, so the phrase can give the margin the
            stated precision means for it; None for the phrase alone.
    """
    if tolerance.decimals is not None:
        places = tolerance.decimals
        if places == 0:
            return {"en": "as a whole number", "zh": "取整数"}
        en = f"to {places} decimal place{'s' if places > 1 else ''}"
        zh = f"保留 {places} 位小数"
        if answer is not None:
            half = _short(0.5 * 10.0**-places)
            en, zh = f"{en} (±{half})", f"{zh}（±{half}）"
        return {"en": en, "zh": zh}
    if tolerance.sigfigs is not None:
        figures = tolerance.sigfigs
        margin = ""
        if answer is not None and abs(answer) > _ZERO:
            margin = _short(0.5 * unit(tolerance, answer))
        en = f"to {figures} significant figure{'s' if figures > 1 else ''}"
        zh = f"保留 {figures} 位有效数字"
        if margin:
            en, zh = f"{en} (±{margin})", f"{zh}（±{margin}）"
        return {"en": en, "zh": zh}
    if tolerance.rel > 0 and tolerance.abs > 0:
        share, floor = _short(tolerance.rel * 100), _short(tolerance.abs)
        return {
            "en": f"within {share} % of the exact value or ±{floor}, whichever is larger",
            "zh": f"与精确值相差不超过 {share}% 或 ±{floor}（取较大者）",
        }
    if tolerance.rel > 0:
        share = _short(tolerance.rel * 100)
        return {"en": f"within {share} % of the exact value", "zh": f"与精确值相差不超过 {share}%"}
    floor = _short(tolerance.abs)
    return {"en": f"within ±{floor}", "zh": f"误差不超过 ±{floor}"}


def instruction(problem: Problem) -> Text:
    """The sentence a numeric prompt ends with: "Give the answer to 3 significant figures."."""
    tolerance = problem.tolerance
    each = problem.kind in ("vector", "matrix")
    if tolerance.decimals == 0:
        if each:
            return {"en": "Give each entry as a whole number.", "zh": "每个分量取整数。"}
        return {"en": "Give the answer as a whole number.", "zh": "答案取整数。"}
    if is_precise(tolerance):
        phrase = words(tolerance)
        en, zh = phrase["en"], phrase["zh"]
        if each:
            return {"en": f"Give each entry {en}.", "zh": f"每个分量{zh}。"}
        return {"en": f"Give the answer {en}.", "zh": f"答案{zh}。"}
    phrase = words(tolerance)
    return {"en": f"Answers {phrase['en']} are accepted.", "zh": f"答案{phrase['zh']}即算正确。"}


def stated(problem: Problem) -> Problem:
    """The problem with its precision sentence at the end of the prompt, and its answer at
    that precision at the end of the worked solution (numeric kinds)."""
    if problem.kind not in _NUMERIC_KINDS:
        return problem
    sentence = instruction(problem)
    prompt = {
        lang: f"{text}\n{sentence[lang]}" if lang in sentence else text
        for lang, text in problem.prompt.items()
    }
    solution = dict(problem.solution)
    if is_precise(problem.tolerance) and solution and not _solution_resolves(problem):
        rounded = shown_answer(problem)
        phrase = words(problem.tolerance)
        en, zh = phrase["en"], phrase["zh"]
        last = {"en": f"Answer ({en}) = {rounded}", "zh": f"答案（{zh}）= {rounded}"}
        solution = {
            lang: f"{text}\n{last[lang]}" if lang in last else text
            for lang, text in solution.items()
        }
    return replace(problem, prompt=prompt, solution=solution)


#: Significant figures a worked solution shows its numbers with.
SOLUTION_FIGURES = 4


def _solution_resolves(problem: Problem) -> bool:
    """Whether the answer as a worked solution shows it (:data:`SOLUTION_FIGURES`
    significant figures) is already precise enough to be graded right."""
    answer = np.asarray(problem.answer, dtype=float)
    as_shown = np.vectorize(lambda x: float(f"{x:.{SOLUTION_FIGURES}g}"), otypes=[float])(answer)
    return problem.tolerance.accepts_all(as_shown, answer)


def shown(tolerance: Tolerance, value: float) -> str:
    """``value`` at the stated precision, for reading: a true minus sign and powers of ten
    as superscripts (``−3.99×10⁻⁷``)."""
    text = typed(tolerance, value)
    if "e" in text:
        mantissa, exponent = text.split("e")
        text = f"{mantissa}×10{superscript(int(exponent))}"
    return text.replace("-", "−")


def shown_answer(problem: Problem, value: Any = None) -> str:
    """A value of the problem's answer form (default the answer) at its precision, for
    reading: ``0.894``, ``[1.8580, −2.0100]``, ``[[2.333, 6.667], [8.000, 1.000]]``."""
    value = problem.answer if value is None else value
    array = np.asarray(value, dtype=float)
    if array.ndim == 0:
        return shown(problem.tolerance, float(array))
    if array.ndim == 1:
        return "[" + ", ".join(shown(problem.tolerance, x) for x in array) + "]"
    rows = ("[" + ", ".join(shown(problem.tolerance, x) for x in row) + "]" for row in array)
    return "[" + ", ".join(rows) + "]"




def _short(number: float) -> str:
    """A margin or share for a sentence: ``0.005``, ``5×10⁻⁷``, ``1``."""
    text = f"{number:.3g}"
    if "e" in text:
        mantissa, exponent = text.split("e")
        power = superscript(int(exponent))
        text = f"10{power}" if mantissa == "1" else f"{mantissa}×10{power}"
    return text
