"""How a card, its answer and a verdict look on screen (rich Text, no widgets).

Deck text is rendered from LaTeX to Unicode here (problem text already is); the
language choice ``both`` shows English, then Chinese, dimmed.
"""

from __future__ import annotations

from rich.text import Text

from engine.grading import Reading
from engine.problem import Verdict
from quizapp.decks.rendering import latex_to_unicode, render
from quizapp.i18n import Lang, t
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


def bilingual(
    text: dict[str, str], lang: Lang, *, deck_text: bool = False, style: str = ""
) -> Text:
    """Content text in the chosen language; ``both`` gives English then dimmed Chinese."""

    def show(value: str) -> str:
        return render(value) if deck_text else value

    english, chinese = text.get("en") or "", text.get("zh") or ""
    if lang == "zh":
        return Text(show(chinese or english), style=style)
    if lang == "en" or not chinese or chinese == english:
        return Text(show(english or chinese), style=style)
    result = Text(show(english), style=style)
    result.append("\n")
    result.append(show(chinese), style=f"{style} dim".strip())
    return result


def prompt(current: Presented, lang: Lang) -> Text:
    """The question: a generated card's title above its problem, else the card's prompt."""
    card, problem = current.card, current.problem
    if problem is None:
        return bilingual(card.prompt, lang, deck_text=True)
    if card.kind == "generated":
        title = bilingual(card.prompt, lang, deck_text=True, style="bold")
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
    variables = ", ".join(current.problem.variables) if current.problem is not None else ""
    return t(key, "en" if lang == "both" else lang, variables=variables)


def flashcard_answer(current: Presented, lang: Lang) -> Text:
    """A flashcard's back: answer, formula, explanation."""
    card = current.card
    text = Text()
    text.append(t("study.answer_label", _ui(lang)) + "\n", style="bold")
    text.append_text(bilingual(card.answer, lang, deck_text=True))
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
    text = Text("✓ " if correct else "✗ ", style="bold green" if correct else "bold red")
    if 0 < verdict.score < 1:
        text.append(t("study.partial", ui, percent=round(100 * verdict.score)) + " ", style="red")
    text.append_text(bilingual(verdict.feedback, lang, style="bold" if correct else ""))
    text.append("\n")
    if verdict.echo and verdict.echo not in " ".join(verdict.feedback.values()):
        text.append(t("study.read_as", ui, echo=verdict.echo) + "\n", style="dim")
    if verdict.wrong_entries:
        shown = ", ".join(_entry(entry) for entry in verdict.wrong_entries)
        text.append(t("study.wrong_entries", ui, entries=shown) + "\n", style="red")
    problem = current.problem
    if problem is not None and verdict.status != "correct" and problem.kind != "choice":
        from engine.formatting import format_answer

        expected = format_answer(problem, sig=EXPECTED_FIGURES)
        text.append("\n" + t("study.expected", ui, answer=expected) + "\n")
    if problem is not None and problem.solution and current.card.kind != "choice":
        text.append("\n" + t("study.solution", ui) + "\n", style="bold")
        text.append_text(bilingual(problem.solution, lang))
        text.append("\n")
    _append_formula(text, current, lang)
    if current.card.kind in ("choice", "generated"):
        _append_explanation(text, current, lang)
    return text


def _append_formula(text: Text, current: Presented, lang: Lang) -> None:
    formula = current.card.formula
    if formula is not None:
        text.append("\n\n" + t("study.formula", _ui(lang)) + "  ", style="bold")
        text.append(latex_to_unicode(formula.latex), style="italic")


def _append_explanation(text: Text, current: Presented, lang: Lang) -> None:
    if current.card.explanation:
        text.append("\n\n" + t("study.why", _ui(lang)) + "\n", style="bold")
        text.append_text(bilingual(current.card.explanation, lang, deck_text=True))


def _ui(lang: Lang) -> Lang:
    """Labels are short: in ``both`` mode they stay English (the content shows both)."""
    return "en" if lang == "both" else lang


def _entry(entry: object) -> str:
    if isinstance(entry, list | tuple):
        return "(" + ", ".join(str(int(i) + 1) for i in entry) + ")"
    return str(int(entry) + 1)  # type: ignore[call-overload]
