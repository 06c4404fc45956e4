"""Settings: edits the config file (language, theme, daily limits, retention, day start)."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Header, Input, Label, Select, Static

from quizapp.errors import QuizappError
from quizapp.i18n import LANGS, pick, t
from quizapp.ui.base import QuizFooter, QuizScreen, chrome_text
from quizapp.ui.themes import DARK, LIGHT

#: The settings' theme names (quizapp's dark and light Textual themes).
THEMES = ("dark", "light")

#: The numeric settings the form edits: (settings field, catalog key, input type).
NUMBER_FIELDS: tuple[tuple[str, str, str], ...] = (
    ("new_per_day", "settings.new_per_day", "integer"),
    ("reviews_per_day", "settings.reviews_per_day", "integer"),
    ("desired_retention", "settings.desired_retention", "number"),
    ("day_start_hour", "settings.day_start_hour", "integer"),
)


class SettingsScreen(QuizScreen):
    """A small form over the settings file; ctrl+s (or enter) saves."""

    CSS_PATH = "settings.tcss"

    BINDINGS = [
        Binding("ctrl+s", "save", "binding.save", id="save", priority=True),
        Binding("escape", "app.pop_screen", "binding.back", id="back"),
    ]

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="settings-form"):
            with Horizontal(classes="setting-row"):
                yield Label(id="label-language", classes="setting-label")
                yield Select(
                    self._language_options(),
                    id="language",
                    allow_blank=False,
                    classes="setting-input",
                )
            with Horizontal(classes="setting-row"):
                yield Label(id="label-theme", classes="setting-label")
                yield Select(
                    self._theme_options(), id="theme", allow_blank=False, classes="setting-input"
                )
            for name, _, kind in NUMBER_FIELDS:
                with Horizontal(classes="setting-row"):
                    yield Label(id=f"label-{name}", classes="setting-label")
                    yield Input(id=name, type=kind, classes="setting-input")  # type: ignore[arg-type]
        yield Static(id="settings-status")
        yield QuizFooter()

    def on_mount(self) -> None:
        settings = self.app.library.settings  # type: ignore[attr-defined]
        for name, _, _ in NUMBER_FIELDS:
            self.query_one(f"#{name}", Input).value = str(getattr(settings, name))
        self.render_form()
        self.query_one("#language", Select).value = self.lang
        self.query_one("#theme", Select).value = "light" if self.app.theme == LIGHT.name else "dark"

    def on_language_changed(self) -> None:
        self.render_form()

    def render_form(self) -> None:
        lang = self.lang
        self.sub_title = chrome_text("settings.title", lang)
        self.query_one("#label-language", Label).update(t("settings.language", lang))
        self.query_one("#label-theme", Label).update(t("settings.theme", lang))
        language = self.query_one("#language", Select)
        chosen = language.value
        language.set_options(self._language_options())
        if chosen in LANGS:
            language.value = chosen
        theme = self.query_one("#theme", Select)
        chosen_theme = theme.value
        theme.set_options(self._theme_options())
        if chosen_theme in THEMES:
            theme.value = chosen_theme
        for name, key, _ in NUMBER_FIELDS:
            self.query_one(f"#label-{name}", Label).update(t(key, lang))
        self.query_one("#settings-status", Static).update(t("settings.how_to_save", lang))

    def _language_options(self) -> list[tuple[str, str]]:
        return [(chrome_text(f"lang.name.{code}", self.lang), code) for code in LANGS]

    def _theme_options(self) -> list[tuple[str, str]]:
        return [(chrome_text(f"settings.theme.{name}", self.lang), name) for name in THEMES]

    @on(Input.Submitted)
    def submitted(self) -> None:
        self.action_save()

    def action_save(self) -> None:
        """Validate and write the settings; a bad value is named and nothing is lost."""
        lang = self.lang
        changes: dict[str, object] = {
            "language": self.query_one("#language", Select).value,
            "theme": self.query_one("#theme", Select).value,
        }
        for name, _, kind in NUMBER_FIELDS:
            raw = self.query_one(f"#{name}", Input).value.strip()
            try:
                changes[name] = int(raw) if kind == "integer" else float(raw)
            except ValueError:
                self.query_one("#settings-status", Static).update(
                    t("settings.not_a_number", lang, name=t(f"settings.{name}", lang))
                )
                return
        try:
            problems = self.app.library.update_settings(**changes)  # type: ignore[attr-defined]
        except QuizappError as error:
            problems = [error.text]
        status = self.query_one("#settings-status", Static)
        if problems:
            status.update("\n".join(pick(problem, lang) for problem in problems))
            return
        status.update(t("settings.saved", lang))
        app = self.app
        app.theme = LIGHT.name if changes["theme"] == "light" else DARK.name
        if changes["language"] != app.lang:  # type: ignore[attr-defined]
            app.lang = changes["language"]  # type: ignore[attr-defined]
