"""How a card, its answer and a verdict look on screen (rich Text, no widgets).

Texts arrive rendered — a card's from :attr:`~quizapp.decks.model.Card.shown`, a
problem's as made — so nothing here renders LaTeX; the language choice ``both`` shows
English, then Chinese, dimmed.
"""

from __future__ import annotations

from rich.text import Text

from engine.grading import Reading
from engine.problem import Problem, Verdict
from quizapp.i18n import Lang, space_after, t
from quizapp.study.sitting import Presented

#: Significant figures of the expected answer shown after a wrong one.
EXPECTED_FIGURES = 6
#: Input placeholders by answer kind.
PLACEHOLDERS = {
    "scalar": "study.placeholder.scalar",
    "vector": "study.placeholder.vector",
    "matrix": "study.placeholder.matrix",
    "labels": "study.placeholder.labels",
    "expression": "study.placeholder.expression",
}


def bilingual(text: dict[str, str], lang: Lang, *, style: str = "") -> Text:
    """Content text in the chosen language; ``both`` gives English then dimmed Chinese.

    The text comes rendered (a card's :attr:`~quizapp.decks.model.Card.shown`, a problem's
    texts); nothing here renders LaTeX.
    """
    english, chinese = text.get("en") or "", text.get("zh") or ""
    if lang == "zh":
        return Text(chinese or english, style=style)
    if lang == "en" or not chinese or chinese == english:
        return Text(english or chinese, style=style)
    result = Text(english, style=style)
    result.append("\n")
    result.append(chinese, style=f"{style} dim".strip())
    return result


def prompt(current: Presented, lang: Lang) -> Text:
    """The question: a generated card's title above its problem, else the card's prompt."""
    card, problem = current.card, current.problem
    if problem is None:
        return bilingual(card.shown.prompt, lang)
    if card.kind == "generated":
        title = bilingual(card.shown.prompt, lang, style="bold")
        title.append("\n\n")
        title.append_text(bilingual(problem.prompt, lang))
        return title
    return bilingual(problem.prompt, lang)


def options(current: Presented, lang: Lang) -> list[Text]:
    """A choice card's options, in the shuffled order they are numbered."""
    assert current.problem is not None
    return [bilingual(option, lang) for option in current.problem.options]


def placeholder(current: Presented, lang: Lang) -> str:
    """What the input line expects, e.g. "a number, like 2.5, 1/8 or 2e-3"."""
    key = PLACEHOLDERS.get(current.answer_kind, "study.placeholder.scalar")
    if current.problem is not None and current.answer_kind == "expression":
        from engine.grading import asks_for_number

        if asks_for_number(current.problem):  # 1/3 where ŷ > y: no variables to use
            key = "study.placeholder.expression_number"
    variables = ", ".join(current.problem.variables) if current.problem is not None else ""
    return t(key, "en" if lang == "both" else lang, variables=variables)


def flashcard_answer(current: Presented, lang: Lang) -> Text:
    """A flashcard's back: answer, formula, explanation."""
    card = current.card
    text = Text()
    text.append(t("study.answer_label", _ui(lang)) + "\n", style="bold")
    text.append_text(bilingual(card.shown.answer, lang))
    _append_formula(text, current, lang)
    _append_explanation(text, current, lang)
    return text


def reading(result: Reading, lang: Lang) -> Text:
    """The live preview: how the input is read, or why it cannot be."""
    if result.ok:
        return Text(t("study.read_as", _ui(lang), echo=result.echo), style="dim")
    if result.message is None:
        return Text("")
    return bilingual(result.message, lang, style="yellow")


def invalid(verdict: Verdict, lang: Lang) -> Text:
    """Why an answer could not be graded (it was not counted)."""
    text = bilingual(verdict.feedback, lang, style="yellow")
    text.append("\n" + t("study.not_counted", _ui(lang)), style="dim")
    return text


def feedback(current: Presented, verdict: Verdict, lang: Lang) -> Text:
    """The feedback panel: verdict, recognised mistake, wrong entries, worked solution."""
    ui = _ui(lang)
    correct = verdict.status == "correct"
    text = Text()  # the mark alone is coloured (a style given to Text() would colour it all)
    text.append("✓ " if correct else "✗ ", style="bold green" if correct else "bold red")
    if 0 < verdict.score < 1:
        partial = t("study.partial", ui, percent=round(100 * verdict.score))
        text.append(partial + space_after(partial), style="red")
    text.append_text(bilingual(verdict.feedback, lang, style="bold" if correct else ""))
    text.append("\n")
    if verdict.echo and verdict.echo not in " ".join(verdict.feedback.values()):
        text.append(t("study.read_as", ui, echo=verdict.echo) + "\n", style="dim")
    if verdict.wrong_entries:
        shown = ", ".join(_entry(entry) for entry in verdict.wrong_entries)
        text.append(t("study.wrong_entries", ui, entries=shown) + "\n", style="red")
    problem = current.problem
    if problem is not None and verdict.status != "correct":
        if problem.kind == "choice":
            from engine.formatting import format_answer

            right = format_answer(problem)
            text.append(t("study.right_options", ui, options=right) + "\n", style="green")
        else:
            text.append("\n" + t("study.expected", ui, answer=expected_answer(problem)) + "\n")
    if problem is not None and problem.solution and current.card.kind != "choice":
        text.append("\n" + t("study.solution", ui) + "\n", style="bold")
        text.append_text(bilingual(problem.solution, lang))
        text.append("\n")
    _append_formula(text, current, lang)
    if current.card.kind in ("choice", "generated"):
        _append_explanation(text, current, lang)
    return text


def expected_answer(problem: Problem) -> str:
    """The answer as a person would write it; an expression rendered as math by the
    engine (``2·(ŷ − y)/4``), not in the input syntax (``2*(yhat - y)/4``)."""
    from engine.formatting import format_answer

    if problem.kind == "expression":
        from engine.expr import ExpressionError, parse

        try:
            return parse(str(problem.answer), tuple(problem.variables)).echo
        except ExpressionError:  # an answer the parser cannot read: show it as written
            pass
    return format_answer(problem, sig=EXPECTED_FIGURES)


def _append_formula(text: Text, current: Presented, lang: Lang) -> None:
    formula = current.card.formula
    if formula is not None:
        label = t("study.formula", _ui(lang))
        text.append("\n\n" + label + (space_after(label) and "  "), style="bold")
        text.append(current.card.shown.formula, style="italic")


def _append_explanation(text: Text, current: Presented, lang: Lang) -> None:
    if current.card.explanation:
        text.append("\n\n" + t("study.why", _ui(lang)) + "\n", style="bold")
        text.append_text(bilingual(current.card.shown.explanation, lang))


def _ui(lang: Lang) -> Lang:
    """Labels are short: in ``both`` mode they stay English (the content shows both)."""
    return "en" if lang == "both" else lang


def _entry(entry: object) -> str:
    if isinstance(entry, list | tuple):
        return "(" + ", ".join(str(int(i) + 1) for i in entry) + ")"
    return str(int(entry) + 1)  # type: ignore[call-overload]
