"""What is wrong with typed text, and where: the error every stage raises, with a caret picture."""

from __future__ import annotations

import unicodedata

from engine.problem import Text


def bilingual(en: str, zh: str) -> Text:
    """A message in English and Chinese."""
    return {"en": en, "zh": zh}


class ExpressionError(ValueError):
    """Typed text that cannot be read, with what is wrong and where.

    Attributes:
        message: what is wrong, ``{"en", "zh"}``, in plain words.
        position: 0-based index into ``text`` of the character at fault.
        text: the text as typed.
    """

    def __init__(self, message: Text, position: int, text: str) -> None:
        super().__init__(message["en"])
        self.message = message
        self.position = max(0, min(position, len(text)))
        self.text = text

    def caret(self) -> str:
        """Return the input (or the part around the position) with a ``^`` under the position."""
        return render_caret(self.text, self.position)

    def feedback(self) -> Text:
        """Return the message followed by the caret picture, in both languages."""
        picture = self.caret()
        return {lang: f"{message}\n{picture}" for lang, message in self.message.items()}


def render_caret(text: str, position: int, *, window: int = 30) -> str:
    """Render ``text`` on one line with a ``^`` under ``position``.

    Long text is cut to ``window`` characters either side of the position (marked ``…``);
    control characters show as spaces; wide (CJK) characters count as two columns so the
    caret lines up in a terminal.

    Args:
        text: the text as typed.
        position: 0-based character index; ``len(text)`` points just past the end.
        window: how many characters to keep on each side.

    Returns:
        Two lines: the text and the caret.
    """
    position = max(0, min(position, len(text)))
    start, end = max(0, position - window), min(len(text), position + window)
    shown = "".join(" " if unicodedata.category(c).startswith("C") else c for c in text[start:end])
    prefix = "…" if start > 0 else ""
    suffix = "…" if end < len(text) else ""
    offset = sum(_columns(c) for c in prefix + shown[: position - start])
    return f"  {prefix}{shown}{suffix}\n  {' ' * offset}^"


def _columns(character: str) -> int:
    return 2 if unicodedata.east_asian_width(character) in ("W", "F") else 1
