"""The one catalog of user-facing strings, in English and Chinese.

Every string a learner can see — CLI messages, binding descriptions, buttons,
errors — is looked up here with :func:`t`. A test fails if any key lacks either
language. Keys are dotted: ``area.name``. Placeholders use ``str.format`` names.
"""

from __future__ import annotations

from typing import Literal

Lang = Literal["en", "zh", "both"]
LANGS: tuple[Lang, ...] = ("en", "zh", "both")

CATALOG: dict[str, dict[str, str]] = {
    # --- app / cli ---------------------------------------------------------
    "app.title": {"en": "quizapp", "zh": "quizapp"},
    "app.description": {
        "en": "Bilingual flashcards and generated problems for machine-learning interviews.",
        "zh": "面向机器学习面试的双语闪卡与自动出题练习。",
    },
    "cli.error": {"en": "Error: {message}", "zh": "错误：{message}"},
    "cli.interrupted": {"en": "Interrupted.", "zh": "已中断。"},
    "cli.unexpected": {
        "en": "quizapp hit an unexpected problem ({kind}): {message}. Nothing was lost; "
        "please report it.",
        "zh": "quizapp 遇到意外问题（{kind}）：{message}。数据没有丢失，请反馈此问题。",
    },
    # --- decks -------------------------------------------------------------
    # --- study / store / config ----------------------------------------------
    # --- engine commands (problem, grade, worksheet) -------------------------
    # --- ui ----------------------------------------------------------------
}


def t(key: str, lang: Lang = "en", /, **values: object) -> str:
    """Return the catalog string ``key`` in ``lang``, formatted with ``values``.

    Args:
        key: a catalog key such as ``"cli.error"``.
        lang: ``"en"``, ``"zh"``, or ``"both"`` (English, then Chinese on the next line).
        **values: placeholder values.

    Returns:
        The formatted string. An unknown key raises KeyError (a test keeps the catalog
        complete, so that is a programming error, not a learner's).
    """
    entry = CATALOG[key]
    if lang == "both":
        english, chinese = entry["en"].format(**values), entry["zh"].format(**values)
        return english if english == chinese else f"{english}\n{chinese}"
    return entry[lang].format(**values)


def pick(text: dict[str, str], lang: Lang = "en") -> str:
    """Choose from bilingual content text (a card's or a problem's ``{"en", "zh"}``).

    Falls back to whichever language exists when the asked one is missing (a custom
    deck may have only one).
    """
    english, chinese = text.get("en") or "", text.get("zh") or ""
    if lang == "both":
        if english and chinese and english != chinese:
            return f"{english}\n{chinese}"
        return english or chinese
    if lang == "zh":
        return chinese or english
    return english or chinese
