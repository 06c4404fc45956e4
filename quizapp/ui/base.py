"""What every quizapp screen shares: bindings whose descriptions follow the language."""

from __future__ import annotations

from dataclasses import replace

from textual.app import ComposeResult
from textual.binding import ActiveBinding
from textual.screen import ModalScreen, Screen
from textual.widgets import Footer
from textual.widgets._footer import FooterKey

from quizapp.i18n import CATALOG, Lang, t


def footer_text(key: str, lang: Lang) -> str:
    """A Footer label: in "both" mode the English one (two languages do not fit at 80 columns)."""
    return t(key, one_language(lang))


def chrome_text(key: str, lang: Lang) -> str:
    """A short UI label in ``lang``; in "both" mode the two languages share one line."""
    if lang == "both":
        english, chinese = t(key, "en"), t(key, "zh")
        return english if english == chinese else f"{english} {chinese}"
    return t(key, lang)


def one_language(lang: Lang) -> Lang:
    """The single language for labels: Chinese when chosen, else English (also in "both")."""
    return "zh" if lang == "zh" else "en"


class QuizFooter(Footer):
    """Textual's Footer, with each key's compact style settled before it is mounted.

    Footer data-binds every key's ``compact`` to its own, but a key starts compact, so
    each key restyled itself twice on mounting (compact on, then off again): sixteen
    style passes for the home screen's eight keys, on every recompose (each focus or
    binding change). Setting the value and its class up front makes both no-ops; the
    keys look exactly as before (the command-palette key, which is not data-bound, stays
    compact as in Footer).
    """

    def compose(self) -> ComposeResult:
        for widget in super().compose():
            if isinstance(widget, FooterKey):
                compact = True if widget.has_class("-command-palette") else self.compact
                widget.set_reactive(FooterKey.compact, compact)
                widget.set_class(compact, "-compact", update=False)
            yield widget


class TranslatedBindings:
    """Mixin for screens: binding descriptions are catalog keys, shown in the app's language.

    The Footer (and the keys panel) read ``Screen.active_bindings``; translating there
    keeps ``BINDINGS`` plain data and makes a language switch a simple refresh.
    """

    @property
    def active_bindings(self) -> dict[str, ActiveBinding]:  # type: ignore[override]
        lang: Lang = getattr(self.app, "lang", "en")  # type: ignore[attr-defined]
        translated: dict[str, ActiveBinding] = {}
        for key, active in super().active_bindings.items():  # type: ignore[misc]
            binding = active.binding
            if binding.action == "app.command_palette" or binding.action == "command_palette":
                label = footer_text("binding.palette", lang)
                binding = replace(binding, description=label, tooltip=label)
            elif binding.description in CATALOG:
                label = footer_text(binding.description, lang)
                binding = replace(binding, description=label, tooltip=label)
            translated[key] = active._replace(binding=binding)
        return translated


class QuizScreen(TranslatedBindings, Screen[None]):
    """A full screen of quizapp."""

    @property
    def lang(self) -> Lang:
        """The language the learner chose."""
        return self.app.lang  # type: ignore[attr-defined, no-any-return]

    def on_language_changed(self) -> None:
        """Re-render text after a language switch (screens override)."""


class QuizModal(TranslatedBindings, ModalScreen[None]):
    """A modal dialog of quizapp."""

    @property
    def lang(self) -> Lang:
        """The language the learner chose."""
        return self.app.lang  # type: ignore[attr-defined, no-any-return]

    def on_language_changed(self) -> None:
        """Re-render text after a language switch (screens override)."""
