"""Errors that reach the learner as a clear message instead of a traceback."""

from __future__ import annotations


class QuizappError(Exception):
    """A problem the learner must be told about, in both languages.

    Args:
        en: the message in English.
        zh: the message in Chinese.
        exit_code: the process exit code when this ends a command.
    """

    def __init__(self, en: str, zh: str, exit_code: int = 1) -> None:
        super().__init__(en)
        self.text = {"en": en, "zh": zh}
        self.exit_code = exit_code

    @classmethod
    def of(cls, key: str, exit_code: int = 1, **values: object) -> QuizappError:
        """The error whose message is the catalog string ``key`` in both languages."""
        from quizapp.i18n import t

        return cls(t(key, "en", **values), t(key, "zh", **values), exit_code)
