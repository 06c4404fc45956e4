"""Settings: edits the config file (language, theme, daily limits, retention, day start)."""

from __future__ import annotations

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Button, Header, Input, Label, Select, Static

from quizapp.errors import QuizappError
from quizapp.i18n import LANGS, pick, t
from quizapp.ui.base import QuizFooter, QuizScreen, chrome_text, one_language
from quizapp.ui.themes import DARK, LIGHT

#: The settings' theme names (quizapp's dark and light Textual themes).
THEMES = ("dark", "light")

#: The retentions the workload estimate compares with the one typed.
WORKLOAD_NEIGHBOURS = (-0.05, 0.0, 0.05)
#: Desired retention's range (as in quizapp.config).
RETENTION_RANGE = (0.70, 0.97)

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
                if name == "desired_retention":
                    yield Static(id="workload", classes="setting-note")
            with Horizontal(classes="setting-row"):
                yield Label(id="label-load_balance", classes="setting-label")
                yield Select(
                    self._balance_options(),
                    id="load_balance",
                    allow_blank=False,
                    classes="setting-input",
                )
            yield Static(id="parameters", classes="setting-note")
            with Horizontal(classes="setting-buttons"):
                yield Button(id="optimize")
                yield Button(id="apply-parameters", variant="primary", disabled=True)
                yield Button(id="undo-parameters", disabled=True)
            yield Static(id="fit-report", classes="setting-note")
        yield Static(id="settings-status")
        yield QuizFooter()

    def on_mount(self) -> None:
        settings = self.app.library.settings  # type: ignore[attr-defined]
        for name, _, _ in NUMBER_FIELDS:
            self.query_one(f"#{name}", Input).value = str(getattr(settings, name))
        self.fit_report = None
        self.query_one("#load_balance", Select).value = "on" if settings.load_balance else "off"
        self.render_form()
        self.estimate_workload(settings.desired_retention)
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
        self.query_one("#label-load_balance", Label).update(t("settings.load_balance", lang))
        balance = self.query_one("#load_balance", Select)
        chosen_balance = balance.value
        balance.set_options(self._balance_options())
        if chosen_balance in ("on", "off"):
            balance.value = chosen_balance
        self.query_one("#optimize", Button).label = t("settings.optimize", lang)
        self.query_one("#apply-parameters", Button).label = t("settings.apply", lang)
        self.query_one("#undo-parameters", Button).label = t("settings.undo_parameters", lang)
        self.render_parameters()
        self.render_workload()
        self.query_one("#settings-status", Static).update(t("settings.how_to_save", lang))

    # --- the memory model: workload estimate and personal parameters ----------------------

    @on(Input.Changed, "#desired_retention")
    def retention_changed(self, event: Input.Changed) -> None:
        try:
            value = float(event.value)
        except ValueError:
            return
        self.estimate_workload(value)

    @work(thread=True, exclusive=True, group="workload")
    def estimate_workload(self, retention: float) -> None:
        """Simulate the next 30 days at ``retention`` and its neighbours, off the UI thread."""
        low, high = RETENTION_RANGE
        if not low <= retention <= high:
            self.app.call_from_thread(self._show_workload, None)
            return
        values = sorted(
            {round(min(high, max(low, retention + step)), 2) for step in WORKLOAD_NEIGHBOURS}
        )
        estimates = self.app.library.workload(values)  # type: ignore[attr-defined]
        self.app.call_from_thread(self._show_workload, estimates)

    def _show_workload(self, estimates) -> None:
        if not self.is_mounted:  # the learner left the screen while it was computing
            return
        self.workload_estimates = estimates
        self.render_workload()

    def render_workload(self) -> None:
        lang = self.lang
        estimates = getattr(self, "workload_estimates", ())
        note = self.query_one("#workload", Static)
        if estimates is None:
            note.update(t("settings.workload_out_of_range", lang))
            return
        if not estimates:
            note.update("")
            return
        rows = "\n".join(
            t(
                "settings.workload_row",
                one_language(lang),
                retention=f"{estimate.retention:.2f}",
                mean=f"{estimate.mean:.0f}",
                peak=f"{estimate.peak:.0f}",
            )
            for estimate in estimates
        )
        note.update(t("settings.workload", one_language(lang), rows=rows))

    def render_parameters(self) -> None:
        lang = one_language(self.lang)
        record = self.app.library.parameters_record()  # type: ignore[attr-defined]
        if record:
            text = t(
                "settings.parameters_fitted",
                lang,
                reviews=record.get("reviews", "?"),
                date=str(record.get("fitted_at", ""))[:10],
            )
        else:
            text = t("settings.parameters_default", lang)
        self.query_one("#parameters", Static).update(text)
        self.query_one("#undo-parameters", Button).disabled = record is None
        report = self.fit_report
        self.query_one("#apply-parameters", Button).disabled = not (report and report.better)
        if report is not None:
            from quizapp.study.personal import describe

            self.query_one("#fit-report", Static).update(
                describe(report, record, None, lang, on_screen=True)
            )

    @on(Button.Pressed, "#optimize")
    def optimize_pressed(self) -> None:
        self.query_one("#fit-report", Static).update(t("settings.fitting", one_language(self.lang)))
        self.fit()

    @work(thread=True, exclusive=True, group="fit")
    def fit(self) -> None:
        report = self.app.library.fit_parameters()  # type: ignore[attr-defined]
        self.app.call_from_thread(self._fitted, report)

    def _fitted(self, report) -> None:
        if not self.is_mounted:  # the learner left the screen while it was fitting
            return
        self.fit_report = report
        self.render_parameters()

    @on(Button.Pressed, "#apply-parameters")
    def apply_pressed(self) -> None:
        if self.fit_report is not None and self.fit_report.better:
            self.app.library.apply_parameters(self.fit_report)  # type: ignore[attr-defined]
            self.fit_report = None
            self.query_one("#fit-report", Static).update(
                t("optimize.applied", one_language(self.lang))
            )
            self.render_parameters()

    @on(Button.Pressed, "#undo-parameters")
    def undo_pressed(self) -> None:
        restored = self.app.library.undo_parameters()  # type: ignore[attr-defined]
        lang = one_language(self.lang)
        message = (
            t("optimize.undone_to", lang, date=str(restored.get("fitted_at", ""))[:10])
            if restored
            else t("optimize.undone_defaults", lang)
        )
        self.fit_report = None
        self.query_one("#fit-report", Static).update(message)
        self.render_parameters()

    def _balance_options(self) -> list[tuple[str, str]]:
        return [
            (chrome_text(f"settings.load_balance.{value}", self.lang), value)
            for value in ("on", "off")
        ]

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
            "load_balance": self.query_one("#load_balance", Select).value == "on",
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
