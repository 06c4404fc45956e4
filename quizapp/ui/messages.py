"""What happened on a screen, as small dataclass messages (toolong's ``messages.py``).

Widgets and workers post them; screens (and the app, as they bubble) react.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from textual.message import Message

from engine.problem import Verdict
from quizapp.decks.model import CardKey

if TYPE_CHECKING:
    from engine.code.check import CodeReport


@dataclass
class AnswerChanged(Message):
    """The learner edited the answer line (the screen previews how it is read)."""

    text: str


@dataclass
class AnswerSubmitted(Message):
    """The learner pressed enter on a typed answer."""

    text: str


@dataclass
class AnswerGraded(Message):
    """A typed answer or a choice was graded (and recorded, unless it was invalid)."""

    text: str
    verdict: Verdict


@dataclass
class ReviewUndone(Message):
    """The latest review of the sitting was taken back; its card is shown again."""

    key: CardKey


@dataclass
class CodeChecked(Message):
    """A code card's tests ran on the learner's code (nothing is recorded until rated)."""

    report: CodeReport
