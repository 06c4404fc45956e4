"""The command palette's quizapp commands (ctrl+p): study, drill, language, stats, decks."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from functools import partial
from typing import TYPE_CHECKING

from textual.command import DiscoveryHit, Hit, Hits, Provider

from quizapp.i18n import LANGS, pick, t
from quizapp.ui.base import one_language

if TYPE_CHECKING:
    from quizapp.ui.app import QuizApp


class QuizCommands(Provider):
    """Every quizapp command the palette offers, named in the learner's language."""

    def _commands(self) -> Iterator[tuple[str, str, Callable[[], object]]]:
        app: QuizApp = self.app  # type: ignore[assignment]
        lang = one_language(app.lang)
        for deck in app.library.decks:
            title = pick(deck.title, lang)
            yield (
                t("palette.study_deck", lang, deck=title),
                t("palette.study_deck.help", lang),
                partial(app.start_study, deck.id),
            )
            yield (
                t("palette.drill_deck", lang, deck=title),
                t("palette.drill.help", lang),
                partial(app.start_drill, deck_id=deck.id),
            )
        for tag in app.library.tags():
            yield (
                t("palette.drill_tag", lang, tag=tag),
                t("palette.drill.help", lang),
                partial(app.start_drill, tag=tag),
            )
        for code in LANGS:
            yield (
                t("palette.language", lang, name=t(f"lang.name.{code}", lang)),
                t("palette.language.help", lang),
                partial(app.set_language, code),
            )
        yield (t("palette.stats", lang), t("palette.stats.help", lang), app.action_open_stats)
        yield (t("palette.browse", lang), t("palette.browse.help", lang), app.action_open_browse)
        yield (
            t("palette.settings", lang),
            t("palette.settings.help", lang),
            app.action_open_settings,
        )
        yield (t("palette.reload", lang), t("palette.reload.help", lang), app.action_reload_decks)
        yield (
            t("palette.validate", lang),
            t("palette.validate.help", lang),
            app.action_validate_decks,
        )
        yield (t("palette.theme", lang), t("palette.theme.help", lang), app.action_toggle_theme)

    async def discover(self) -> Hits:
        """Offer the commands before anything is typed."""
        for title, help_text, callback in self._commands():
            yield DiscoveryHit(title, callback, help=help_text)

    async def search(self, query: str) -> Hits:
        """Fuzzy-match the commands against what was typed."""
        matcher = self.matcher(query)
        for title, help_text, callback in self._commands():
            score = matcher.match(title)
            if score > 0:
                yield Hit(score, matcher.highlight(title), callback, help=help_text)
