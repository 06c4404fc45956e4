"""What a loaded deck is: plain frozen dataclasses, no I/O.

This is the contract between the loader (``quizapp.decks``), the scheduler
(``quizapp.study``) and the UI. A card is identified by ``Card.key`` — the deck id
and the card id — and nowhere else is that identity formed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, Literal, NamedTuple

Text = dict[str, str]  # {"en": "...", "zh": "..."}; a custom deck may have only one
CardKind = Literal["flashcard", "choice", "numeric", "expression", "generated", "template", "code"]
CARD_KINDS: tuple[CardKind, ...] = (
    "flashcard",
    "choice",
    "numeric",
    "expression",
    "generated",
    "template",
    "code",
)
#: Kinds whose answer the learner types and the engine grades.
TYPED_KINDS: frozenset[str] = frozenset({"numeric", "expression", "generated", "template"})


class CardKey(NamedTuple):
    """A card's identity: stable across edits to its text, unique across decks."""

    deck_id: str
    card_id: str

    def __str__(self) -> str:
        return f"{self.deck_id}/{self.card_id}"


@dataclass(frozen=True)
class SourceRef:
    """Where something was written: file, 1-based line and column."""

    path: str
    line: int
    column: int = 1

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.column}"


@dataclass(frozen=True)
class Formula:
    """A formula a card states, tied to the engine function it describes.

    Attributes:
        latex: as written in the deck; shown as Unicode.
        engine: the engine formula it describes, e.g. ``"loss.huber"`` (see ``engine.formulas``).
        check: the same formula in the engine's expression syntax; a test proves it
            equivalent to the engine's symbolic form.
        example: the formula worked by hand on small numbers, for a formula tied to an
            engine *function* (``engine`` then names it, e.g. ``"pca.covariance"``):
            ``{"args": {name: value}, "expect": value}``, plain JSON-able data. A test
            calls the function with ``args`` and compares the result with ``expect``
            (a number, a list, nested lists, or a mapping of result attribute to such).
    """

    latex: str
    engine: str | None = None
    check: str | None = None
    example: dict[str, Any] | None = None


@dataclass(frozen=True)
class Option:
    """One option of a choice card."""

    text: Text
    correct: bool


@dataclass(frozen=True)
class ParamSpec:
    """A template parameter: drawn from a range (with a step) or from a list of choices."""

    low: float | None = None
    high: float | None = None
    step: float | None = None
    choices: tuple[Any, ...] = ()


@dataclass(frozen=True)
class Shown:
    """A card's texts as the terminal shows them: its LaTeX rendered as Unicode.

    Attributes:
        prompt: the question.
        answer: the answer text.
        explanation: the explanation.
        hint: the hint.
        options: a choice card's option texts, in the card's order.
        formula: the formula's LaTeX (empty when the card has none).
    """

    prompt: Text
    answer: Text
    explanation: Text
    hint: Text
    options: tuple[Text, ...] = ()
    formula: str = ""


@dataclass(frozen=True)
class Card:
    """One card of a deck. Which fields matter depends on ``kind``.

    Attributes:
        deck_id: the deck it belongs to.
        id: stable within its deck; progress is keyed by it.
        kind: flashcard, choice, numeric, expression, generated, template or code.
        prompt: the question.
        answer: the answer text (a flashcard's answer; for other kinds an optional
            model answer to show after grading).
        explanation: why; shown after answering.
        hint: shown on request (opening it rates a correct answer Hard).
        tags: the card's tags plus its deck's.
        formula: the formula it states, if any.
        options: a choice card's options.
        value: a numeric card's answer (a number, list or nested list) or an expression
            card's answer expression, or a template's answer expression.
        tolerance: how precise a numeric answer must be: ``{"sigfigs": n}``,
            ``{"decimals": n}``, or ``{"rel": .., "abs": ..}`` (a missing one is 0); None for
            the precision policy of :mod:`engine.precision`.
        variables: an expression card's variable names.
        domain: an expression card's conditions on its variables, as its prompt states
            them (``b > 0``); the answer is checked there.
        family: a generated card's engine family id.
        params: a generated card's family parameters, or a template's parameter specs.
        target_seconds: answering a typed card correctly faster than this rates Easy.
        source: where the card was written.
        sign_invariant: a numeric card's vector answer is right up to its sign
            (eigenvectors, principal components).
        start: for an update (an optimizer step, a clipped gradient), the value before it:
            the default precision resolves the change, and the start is never right.
        ratio: the answer is a ratio or probability, so a percentage is accepted.
        task: a code card's implement-it task id (``code.adam_step``); the engine holds
            the task's statement, tests and reference, so a deck never carries code.
    """

    deck_id: str
    id: str
    kind: CardKind
    prompt: Text
    answer: Text = field(default_factory=dict)
    explanation: Text = field(default_factory=dict)
    hint: Text = field(default_factory=dict)
    tags: tuple[str, ...] = ()
    formula: Formula | None = None
    options: tuple[Option, ...] = ()
    value: Any = None
    tolerance: dict[str, float | int] | None = None
    variables: tuple[str, ...] = ()
    domain: tuple[str, ...] = ()
    family: str | None = None
    params: dict[str, Any] = field(default_factory=dict)
    target_seconds: float = 60.0
    source: SourceRef | None = None
    sign_invariant: bool = False
    start: Any = None
    ratio: bool = False
    task: str | None = None

    @property
    def key(self) -> CardKey:
        """The card's identity, ``(deck_id, card_id)``."""
        return CardKey(self.deck_id, self.id)

    @cached_property
    def shown(self) -> Shown:
        """The card's texts rendered for the terminal, once per card (see :class:`Shown`).

        Every screen shows these; nothing outside :mod:`quizapp.decks` renders LaTeX. The
        card's own fields keep the text as written (an export to Anki turns its math into
        MathJax; a template fills its placeholders first). Rendered on first use rather
        than by the loader: pylatexenc takes about a millisecond per formula, which would
        add seconds to loading a large deck, while a card is shown a few at a time.
        """
        from quizapp.decks.rendering import render_card

        return render_card(self)


@dataclass(frozen=True)
class Deck:
    """A deck: its metadata and its cards, in file order.

    Attributes:
        id: unique across all loaded decks.
        title: shown on the home screen.
        description: one or two sentences.
        tags: applied to every card.
        cards: the cards that loaded (bad ones are skipped and reported).
        source: the file it came from.
        id_source: where its ``id`` is written (a clash with another deck's id is
            reported there).
        bundled: shipped with quizapp (as opposed to the learner's own).
        new_per_day: this deck's daily limit of new cards (None: the global setting).
        reviews_per_day: this deck's daily review limit (None: the global setting).
    """

    id: str
    title: Text
    description: Text = field(default_factory=dict)
    tags: tuple[str, ...] = ()
    cards: tuple[Card, ...] = ()
    source: str = ""
    id_source: SourceRef | None = None
    bundled: bool = False
    new_per_day: int | None = None
    reviews_per_day: int | None = None


Severity = Literal["error", "warning"]
Skipped = Literal["deck", "card"]


@dataclass(frozen=True)
class DeckProblem:
    """Something wrong (or doubtful) in a deck file, said in plain words.

    Attributes:
        source: the file, line and column it is about.
        card_id: the card concerned, when known.
        message: what is wrong, ``{"en": ..., "zh": ...}`` (without the position).
        severity: ``"error"`` (something was skipped) or ``"warning"`` (it still loaded).
        skipped: what the error made the loader leave out: the whole ``"deck"``, one
            ``"card"``, or None for a warning.
        key: the catalog key of the message (``decks.*``), for programs and tests.
    """

    source: SourceRef
    card_id: str | None
    message: Text
    severity: Severity = "error"
    skipped: Skipped | None = None
    key: str = ""

    def format(self, lang: str = "en") -> str:
        """Return ``file:line:col: card 'id': message`` in ``"en"`` or ``"zh"``."""
        from quizapp.i18n import Lang, t

        chosen: Lang = "zh" if lang == "zh" else "en"
        prefix = "" if self.card_id is None else t("decks.card_prefix", chosen, id=self.card_id)
        return f"{self.source}: {prefix}{self.message[chosen]}"

    def __str__(self) -> str:
        return self.format("en")


@dataclass(frozen=True)
class LoadResult:
    """What loading gave: the decks that loaded and every problem found on the way.

    Attributes:
        decks: the decks that loaded, bundled ones first, each with only its good cards.
        problems: errors and warnings in file order; those with ``skipped`` set say
            what was left out.
    """

    decks: tuple[Deck, ...] = ()
    problems: tuple[DeckProblem, ...] = ()

    @property
    def errors(self) -> tuple[DeckProblem, ...]:
        """The problems of severity ``"error"``."""
        return tuple(p for p in self.problems if p.severity == "error")

    @property
    def warnings(self) -> tuple[DeckProblem, ...]:
        """The problems of severity ``"warning"``."""
        return tuple(p for p in self.problems if p.severity == "warning")

    @property
    def card_count(self) -> int:
        """How many cards loaded, over all decks."""
        return sum(len(deck.cards) for deck in self.decks)
