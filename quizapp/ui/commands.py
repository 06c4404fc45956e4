"""The command palette's quizapp commands (ctrl+p): study, drill, language, stats, decks.

:meth:`QuizApp.get_system_commands` offers these beside Textual's own; Textual's
``SystemCommandsProvider`` matches and lists them.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import partial
from typing import TYPE_CHECKING

from textual.app import SystemCommand

from quizapp.i18n import LANGS, pick, t
from quizapp.ui.base import one_language

if TYPE_CHECKING:
    from quizapp.ui.app import QuizApp


def quiz_commands(app: QuizApp) -> Iterator[SystemCommand]:
    """Every quizapp command the palette offers, named in the learner's language."""
    lang = one_language(app.lang)
    yield SystemCommand(
        t("palette.study_all", lang),
        t("palette.study_all.help", lang),
        partial(app.start_study, None),
    )
    for deck in app.library.decks:
        title = pick(deck.title, lang)
        yield SystemCommand(
            t("palette.study_deck", lang, deck=title),
            t("palette.study_deck.help", lang),
            partial(app.start_study, deck.id),
        )
        yield SystemCommand(
            t("palette.drill_deck", lang, deck=title),
            t("palette.drill.help", lang),
            partial(app.start_drill, deck_id=deck.id),
        )
    for tag in app.library.tags():
        yield SystemCommand(
            t("palette.drill_tag", lang, tag=tag),
            t("palette.drill.help", lang),
            partial(app.start_drill, tag=tag),
        )
    for code in LANGS:
        yield SystemCommand(
            t("palette.language", lang, name=t(f"lang.name.{code}", lang)),
            t("palette.language.help", lang),
            partial(app.set_language, code),
        )
    yield SystemCommand(
        t("palette.stats", lang), t("palette.stats.help", lang), app.action_open_stats
    )
    yield SystemCommand(
        t("palette.browse", lang), t("palette.browse.help", lang), app.action_open_browse
    )
    yield SystemCommand(
        t("palette.settings", lang), t("palette.settings.help", lang), app.action_open_settings
    )
    yield SystemCommand(
        t("palette.reload", lang), t("palette.reload.help", lang), app.action_reload_decks
    )
    yield SystemCommand(
        t("palette.validate", lang), t("palette.validate.help", lang), app.action_validate_decks
    )
    yield SystemCommand(
        t("palette.theme", lang), t("palette.theme.help", lang), app.action_toggle_theme
    )
