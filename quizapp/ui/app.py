"""The Textual application: a factory (``make_app``) and the App itself.

The App holds the learner's :class:`~quizapp.library.Library` (decks, store,
settings) and the chosen language; screens ask the library's domain functions
for what to show and never open files or the database themselves.
"""

from __future__ import annotations

import random
import threading
from collections.abc import Callable, Iterable, Sequence
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from textual import events, on
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.reactive import reactive
from textual.screen import Screen

from quizapp.errors import QuizappError
from quizapp.i18n import LANGS, Lang, pick, t
from quizapp.startup.boot import Loader
from quizapp.ui.base import one_language
from quizapp.ui.themes import DARK, LIGHT, THEMES

if TYPE_CHECKING:
    from quizapp.library import Library
    from quizapp.startup.memo import HomeView

#: Seconds after the first paint before the library is opened in the background.
BACKGROUND_OPEN_DELAY = 0.5
#: The name screenshot deliveries carry, so that their messages are quizapp's own.
SCREENSHOT = "quizapp-screenshot"
#: Start-up warnings shown at once; the rest are counted (all are on the validate screen).
MAX_WARNINGS_SHOWN = 5


class QuizApp(App[int]):
    """quizapp's terminal UI."""

    CSS_PATH = "app.tcss"
    TITLE = "quizapp"
    BINDINGS = [
        # Plain keys act when no text field has the focus; the ctrl+ ones work everywhere.
        Binding("l", "cycle_language", "binding.language", show=False),
        Binding("ctrl+l", "cycle_language", "binding.language", show=False, id="language"),
        Binding("t", "toggle_theme", "binding.theme", show=False),
        Binding("ctrl+t", "toggle_theme", "binding.theme", show=False, id="theme"),
        Binding("question_mark", "open_help", "binding.help", show=False, id="help"),
    ]

    lang: reactive[Lang] = reactive("en", init=False)
    """The learner's language: ``en``, ``zh`` or ``both`` (English, then Chinese)."""

    def __init__(
        self,
        loader: Loader,
        *,
        data_dir: Path,
        lang: Lang | None = None,
        study: str | None = None,
    ) -> None:
        """Build the app.

        Args:
            loader: opens the learner's library (decks, settings, database) and gives
                the home view until it is open (:mod:`quizapp.startup.boot`).
            data_dir: the data directory (for the crash log).
            lang: the language to start in (remembered); default: the remembered one.
            study: start studying at once: ``all`` (every deck) or a deck id.
        """
        super().__init__()
        self.data_dir = data_dir
        self.study_at_start = study
        self.loader = loader
        self._library_announced = loader.loaded
        self._unsaved: list[str] = []
        self._pending_settings: dict[str, object] = {}
        language, remembered_theme = loader.remembered()
        for theme in THEMES:
            self.register_theme(theme)
        self.theme = LIGHT.name if remembered_theme == "light" else DARK.name
        self.set_reactive(QuizApp.lang, lang or language)
        if lang is not None and lang != language:
            self.remember(language=lang)  # --lang is remembered like the l key

    # --- the library ----------------------------------------------------------------

    @property
    def library(self) -> Library:
        """The learner's library (opened now if the background opening has not finished)."""
        return self.loader.open()

    @property
    def library_loaded(self) -> bool:
        """Whether the library is open."""
        return self.loader.loaded

    def home_view(self) -> HomeView:
        """What the home screen shows: the preview until the library is open; then the
        library's view, kept for the next start."""
        return self.loader.home_view()

    def _open_library_in_background(self) -> None:
        def work() -> None:
            try:
                self.loader.open()
            except BaseException as error:  # noqa: BLE001 - reported on the UI thread
                self.call_from_thread(self._library_failed, error)
                return
            self.call_from_thread(self._library_opened)

        self.run_worker(work, thread=True, name="open-library", exit_on_error=False)

    def _library_opened(self) -> None:
        """Once the library is open: save what waited for it and report deck problems."""
        if self._library_announced:
            return
        self._library_announced = True
        if self._pending_settings:
            changes, self._pending_settings = self._pending_settings, {}
            self.remember(**changes)
        self._notify_warnings()

    def _library_failed(self, error: BaseException) -> None:
        if isinstance(error, QuizappError):  # e.g. the database became unreadable
            self.exit(return_code=error.exit_code, message=pick(error.text, self.lang))
            return
        raise error  # through _handle_exception: a plain message and the crash log

    def _handle_exception(self, error: Exception) -> None:
        """Textual's hook for an uncaught error: keep the traceback for a bug report in a
        log file and show the learner a plain message instead (reviews are already saved)."""
        log = _write_crash_log(self.data_dir, error)
        super()._handle_exception(error)
        message = t("app.crashed", self.lang, kind=type(error).__name__, log=str(log))
        self._exit_renderables[:] = [message]

    def remember(self, **changes: object) -> None:
        """Save settings changes; if the file cannot be written, say so and carry on."""
        if not self.loader.loaded:
            self._pending_settings.update(changes)  # saved once the library is open
            return
        self._library_opened()  # if it was opened on demand, first flush what waited
        try:
            problems = self.library.update_settings(**changes)
        except QuizappError as error:
            problems = [error.text]
        for problem in problems:
            message = pick(problem, self.lang)
            if self.is_running:
                self.notify(message, severity="warning", timeout=8, markup=False)
            else:
                self._unsaved.append(message)

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        """The command palette's commands: Textual's own, then quizapp's, all in the
        learner's language (:mod:`quizapp.ui.commands`)."""
        from quizapp.ui.commands import quiz_commands, textual_commands

        yield from textual_commands(self, screen)
        yield from quiz_commands(self)

    def action_command_palette(self) -> None:
        """Open the command palette, its search field in the learner's language."""
        from textual.command import CommandPalette

        if self.use_command_palette and not CommandPalette.is_open(self):
            placeholder = t("palette.placeholder", one_language(self.lang))
            self.push_screen(CommandPalette(placeholder=placeholder, id="--command-palette"))

    def action_help_quit(self) -> None:
        """ctrl+c does not quit (it copies in a text field): say which key does."""
        for key, active in self.active_bindings.items():
            if active.binding.action in ("quit", "app.quit"):
                lang = one_language(self.lang)
                self.notify(
                    t("app.quit_hint", lang, key=key),
                    title=t("app.quit_hint.title", lang),
                    markup=False,
                )
                return

    def save_screenshot(self, directory: str | None = None) -> None:
        """Save an SVG of the screen (the palette's Screenshot) and say where, in the
        learner's language.

        Args:
            directory: where to save it (default: the user's downloads folder).
        """
        import io

        from textual._files import generate_datetime_filename

        self.deliver_text(
            io.StringIO(self.export_screenshot()),
            save_directory=directory,
            save_filename=generate_datetime_filename(self.title, ".svg"),
            open_method="browser",
            mime_type="image/svg+xml",
            name=SCREENSHOT,
        )

    @on(events.DeliveryComplete)
    def _screenshot_saved(self, event: events.DeliveryComplete) -> None:
        if event.name == SCREENSHOT:
            lang = one_language(self.lang)
            message = t("palette.screenshot.saved", lang, path=str(event.path or ""))
            self.notify(message, title=t("palette.screenshot", lang), markup=False)

    @on(events.DeliveryFailed)
    def _screenshot_failed(self, event: events.DeliveryFailed) -> None:
        if event.name == SCREENSHOT:
            lang = one_language(self.lang)
            self.notify(
                t("palette.screenshot.failed", lang),
                title=t("palette.screenshot", lang),
                severity="error",
            )

    def get_default_screen(self) -> Screen[None]:
        """The home screen is the bottom of the stack (no blank screen under it to build)."""
        from quizapp.ui.screens.home import HomeScreen

        return HomeScreen()

    def on_mount(self) -> None:
        if not self.loader.loaded:
            # Just after the first frame: opening in a thread competes with Textual's
            # output thread for the interpreter and would delay that frame.
            self.set_timer(BACKGROUND_OPEN_DELAY, self._open_library_in_background)
        else:
            self._notify_warnings()
        for message in self._unsaved:
            self.notify(message, severity="warning", timeout=8, markup=False)
        if self.study_at_start is not None:
            self.call_after_refresh(self._study_at_start, self.study_at_start)

    def _study_at_start(self, study: str) -> None:
        """``quizapp --study all`` or ``--study DECK``: straight into a sitting."""
        if study == "all":
            self.start_study(None)
        elif any(deck.id == study for deck in self.library.decks):
            self.start_study(study)
        else:
            self.notify(t("study.no_such_deck", self.lang, deck=study), severity="warning")

    def _notify_warnings(self) -> None:
        """Tell the learner what was skipped (bad deck files, bad settings), never a traceback."""
        warnings = self.library.warnings(self.lang)
        if warnings:
            shown = warnings[:MAX_WARNINGS_SHOWN]
            more = len(warnings) - len(shown)
            text = "\n".join(shown)
            if more:
                text += "\n" + t("app.more_warnings", self.lang, count=more)
            self.notify(text, severity="warning", timeout=12, markup=False)

    # --- language and theme ---------------------------------------------------

    def set_language(self, lang: Lang) -> None:
        """Switch the interface and card language, and remember the choice."""
        self.lang = lang

    def watch_lang(self, lang: Lang) -> None:
        self.remember(language=lang)
        for screen in self.screen_stack:
            handler = getattr(screen, "on_language_changed", None)
            if handler is not None:
                handler()
        self.refresh_bindings()
        self.notify(t("lang.switched", lang, name=t(f"lang.name.{lang}", lang)), timeout=2)

    def action_cycle_language(self) -> None:
        """English → 中文 → both → English."""
        self.lang = LANGS[(LANGS.index(self.lang) + 1) % len(LANGS)]

    def action_toggle_theme(self) -> None:
        """Switch between the dark and the light theme, and remember it."""
        self.theme = LIGHT.name if self.theme == DARK.name else DARK.name
        self.remember(theme="light" if self.theme == LIGHT.name else "dark")

    # --- navigation -----------------------------------------------------------

    def start_study(self, deck_id: str | None) -> None:
        """Study today's queue of one deck (or of every deck when ``deck_id`` is None)."""
        from quizapp.ui.screens.study import StudyScreen

        sitting = self.library.new_sitting(deck_id)
        if sitting.current is None:
            empty = "study.nothing_due" if deck_id is not None else "study.nothing_due_all"
            self.notify(t(empty, self.lang), timeout=4)
            return
        self.push_screen(StudyScreen(sitting))

    def start_drill(
        self, *, deck_id: str | None = None, tag: str | None = None, count: int = 20
    ) -> None:
        """Drill the weakest cards of a deck or a tag, ignoring the schedule."""
        from quizapp.ui.screens.study import StudyScreen

        sitting = self.library.new_drill(deck_id=deck_id, tag=tag, count=count)
        if sitting.current is None:
            self.notify(t("drill.empty", self.lang), timeout=4)
            return
        self.push_screen(StudyScreen(sitting))

    def action_open_stats(self) -> None:
        from quizapp.ui.screens.stats import StatsScreen

        self.push_screen(StatsScreen())

    def action_open_browse(self) -> None:
        from quizapp.ui.screens.browse import BrowseScreen

        self.push_screen(BrowseScreen())

    def action_open_settings(self) -> None:
        from quizapp.ui.screens.settings import SettingsScreen

        self.push_screen(SettingsScreen())

    def action_open_help(self) -> None:
        from quizapp.ui.screens.help import HelpScreen

        self.push_screen(HelpScreen())

    def action_reload_decks(self) -> None:
        """Read the deck files again and refresh what is shown."""
        self.library.reload()
        self._notify_warnings()
        for screen in self.screen_stack:
            handler = getattr(screen, "on_decks_reloaded", None)
            if handler is not None:
                handler()
        self.notify(t("home.reloaded", self.lang, decks=len(self.library.decks)), timeout=3)

    def action_validate_decks(self) -> None:
        from quizapp.ui.screens.validate import ValidateScreen

        self.push_screen(ValidateScreen())


def _write_crash_log(data_dir: Path, error: BaseException) -> Path | str:
    """Append the error's traceback to ``crash.log`` in the data dir; return its path."""
    import traceback
    from datetime import UTC, datetime

    path = Path(data_dir) / "crash.log"
    try:
        with path.open("a", encoding="utf-8") as log:
            log.write(f"--- {datetime.now(UTC).isoformat()}\n")
            log.write("".join(traceback.format_exception(error)))
    except OSError:
        return "-"
    return path


def make_app(
    *,
    data_dir: Path | str | None = None,
    decks: Sequence[Path | str] = (),
    lang: Lang | None = None,
    include_bundled: bool = True,
    clock: Callable[[], datetime] | None = None,
    rng: random.Random | None = None,
    preview: HomeView | None = None,
    study: str | None = None,
) -> QuizApp:
    """Build the app for a data dir and extra decks (the CLI and the tests both call this).

    Args:
        data_dir: where the database, config and user decks live (default: the platform's).
        decks: extra deck files or folders.
        lang: the language to start in (default: the remembered one).
        include_bundled: load the decks shipped with quizapp.
        clock: a function returning the current UTC datetime (tests pass a fixed one).
        rng: draws problem seeds (tests pass a seeded one).
        preview: the home view kept by the last run, if still exact: the first screen is
            painted from it and the library opened just after.

    Returns:
        The App, ready to ``run()`` or ``run_test()``.

    Raises:
        QuizappError: when the database cannot be opened (corrupt, unreadable, read-only)
            and there is no preview (with one, the same error ends the app just after).
    """
    from quizapp import paths

    def open_library() -> Library:
        from quizapp.library import Library  # with a preview: just after the first paint

        return Library.open(
            data_dir=data_dir,
            deck_paths=[Path(p) for p in decks],
            include_bundled=include_bundled,
            clock=clock,
            rng=rng,
        )

    loader = Loader(open_library, preview)
    return QuizApp(loader, data_dir=paths.data_dir(data_dir), lang=lang, study=study)
