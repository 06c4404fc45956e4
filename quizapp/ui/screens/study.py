"""The study screen: one card at a time, graded live, rated, and recorded.

The screen is a small state machine: ``question`` → (flashcard) ``revealed`` →
rated, or (choice / typed) ``grading`` → ``feedback`` → next. Every decision about
grading, scheduling and recording is the :class:`~quizapp.study.sitting.Sitting`'s; the
screen sends it what the learner did and keeps a few reactive values that its widgets
(:mod:`quizapp.ui.widgets`) are bound to, so they render themselves when one changes.
"""

from __future__ import annotations

import os
import shlex
import subprocess
import tempfile
from pathlib import Path

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.reactive import reactive
from textual.widgets import Header, LoadingIndicator, Static

from engine.problem import Verdict
from quizapp.i18n import Lang, pick, t
from quizapp.study.sitting import RATING_KEYS, Presented, Sitting
from quizapp.ui import cardview
from quizapp.ui.base import QuizFooter, QuizScreen, one_language
from quizapp.ui.messages import (
    AnswerChanged,
    AnswerGraded,
    AnswerSubmitted,
    CodeChecked,
    ReviewUndone,
)
from quizapp.ui.widgets.answer_line import AnswerLine
from quizapp.ui.widgets.card_prompt import CardPrompt, HintNote
from quizapp.ui.widgets.choice_list import ChoiceList
from quizapp.ui.widgets.code_editor import CodeEditor
from quizapp.ui.widgets.feedback import Feedback
from quizapp.ui.widgets.rating_bar import RatingBar, State


class StudyScreen(QuizScreen):
    """Study a queue of cards (today's queue, or a drill)."""

    CSS_PATH = "study.tcss"

    BINDINGS = [
        Binding("space", "reveal", "binding.show_answer", id="reveal"),
        Binding("enter", "reveal", "binding.show_answer", show=False),
        Binding("enter", "submit_choice", "binding.submit", id="submit"),
        Binding("enter", "next", "binding.next", id="next"),
        # 1-4 rate a revealed flashcard; 1-9 toggle a choice card's options (the footer
        # shows whichever the card on screen uses, as one "1-9" key for the options).
        Binding("1", "rate(1)", "binding.again", id="again"),
        Binding("2", "rate(2)", "binding.hard", id="hard"),
        Binding("3", "rate(3)", "binding.good", id="good"),
        Binding("4", "rate(4)", "binding.easy", id="easy"),
        Binding("1", "toggle(1)", "binding.toggle_option", key_display="1-9", id="toggle"),
        *[
            Binding(str(n), f"toggle({n})", "binding.toggle_option", show=False)
            for n in range(2, 10)
        ],
        # A code card: run the tests, edit in $EDITOR, back to the editor, model solution.
        # Priority: they work while the editor has focus (its own ctrl+e is end of line).
        Binding("ctrl+r", "run_code", "binding.run_tests", id="run_code", priority=True),
        Binding("ctrl+e", "open_editor", "binding.open_editor", id="open_editor", priority=True),
        Binding("i", "edit_code", "binding.edit_code", id="edit_code"),
        Binding(
            "ctrl+o", "show_solution", "binding.show_solution", id="show_solution", priority=True
        ),
        Binding("h", "hint", "binding.hint", id="hint"),
        Binding("ctrl+g", "hint", "binding.hint", show=False),  # also while typing
        Binding("u", "undo", "binding.undo", id="undo"),
        Binding("ctrl+z", "undo", "binding.undo", show=False),  # also while typing
        Binding("b", "bury", "binding.bury", id="bury"),
        Binding("s", "suspend", "binding.suspend", id="suspend"),
        Binding("l", "app.cycle_language", "binding.language", show=False, id="language"),
        Binding("question_mark", "app.open_help", "binding.help", show=False, id="help"),
        Binding("escape", "back", "binding.back", id="back"),
    ]

    state: reactive[State] = reactive("question", init=False)
    """Where the learner is with the card on screen."""
    presented: reactive[Presented | None] = reactive(None, init=False)
    """The card on screen (None when the sitting is over)."""
    selected: reactive[frozenset[int]] = reactive(frozenset, init=False)
    """A choice card's marked options (0-based, as shown)."""
    verdict: reactive[Verdict | None] = reactive(None, init=False)
    """The graded answer's verdict, once there is one."""
    hint: reactive[dict[str, str]] = reactive(dict, init=False)
    """The opened hint (empty: none opened)."""
    no_hint: reactive[bool] = reactive(False, init=False)
    """The learner asked for a hint and the card has none."""
    intervals: reactive[dict[int, str]] = reactive(dict, init=False)
    """Each rating key's interval, for a revealed flashcard."""
    language: reactive[Lang] = reactive("en", init=False)
    """The learner's language (follows the app's)."""
    revealed: reactive[bool] = reactive(False, init=False)
    """A flashcard's back is shown."""
    graded: reactive[bool] = reactive(False, init=False)
    """The answer on screen was graded."""

    def __init__(self, sitting: Sitting) -> None:
        super().__init__()
        self.sitting = sitting

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="progress")
        with VerticalScroll(id="card", classes="reading"):
            yield CardPrompt(id="prompt").data_bind(StudyScreen.presented, StudyScreen.language)
            yield ChoiceList(id="options").data_bind(
                StudyScreen.presented,
                StudyScreen.selected,
                StudyScreen.graded,
                StudyScreen.language,
            )
            yield HintNote(id="hint-text").data_bind(
                StudyScreen.hint, StudyScreen.no_hint, StudyScreen.language
            )
            yield AnswerLine(id="answer-box").data_bind(StudyScreen.presented, StudyScreen.language)
            yield CodeEditor(id="code")
            yield LoadingIndicator(id="spinner")
            yield Feedback(id="feedback").data_bind(
                StudyScreen.presented,
                StudyScreen.revealed,
                StudyScreen.verdict,
                StudyScreen.language,
            )
        yield RatingBar(id="ratings").data_bind(
            StudyScreen.presented,
            StudyScreen.state,
            StudyScreen.intervals,
            StudyScreen.language,
        )
        yield QuizFooter()

    def on_mount(self) -> None:
        self.query_one("#spinner").display = False
        self.language = self.lang
        self.show_card()

    # --- state -----------------------------------------------------------------

    def on_language_changed(self) -> None:
        self.language = self.lang
        self._show_progress()
        self._show_intervals()

    def show_card(self) -> None:
        """Show the sitting's current card from its question side."""
        for key, reason in self.sitting.take_skipped():
            self.notify(
                t("study.skipped", self.lang, card=str(key), reason=reason),
                severity="warning",
                timeout=8,
                markup=False,
            )
        current = self.sitting.current
        self.selected = frozenset()
        self.verdict = None
        self.hint = {}
        self.no_hint = False
        self.revealed = False
        self.graded = False
        self.presented = current
        self.state = "question" if current is not None else "done"
        if current is None:
            self.finish()
            return
        self._show_progress()
        self.refresh_bindings()
        self.code_editor.display = current.code
        if current.code:
            from quizapp.codetext import statement_text

            statement = statement_text(self.sitting.code_task(), self.lang)
            self.code_editor.load(statement, self.sitting.draft(one_language(self.lang)))
            self.code_editor.focus_editor()
            self.prestart_runner()
        elif current.typed:
            self.answer_line.focus_input()
        else:
            self.focus_card()

    @property
    def code_editor(self) -> CodeEditor:
        """The code card's editor panel."""
        return self.query_one(CodeEditor)

    @property
    def answer_line(self) -> AnswerLine:
        """The answer line widget."""
        return self.query_one(AnswerLine)

    def watch_state(self, state: State) -> None:
        self.query_one("#spinner").display = state == "grading"
        self.answer_line.locked = state in ("feedback", "grading")
        self.revealed = state == "revealed"
        self.graded = state == "feedback"
        self._show_intervals()
        self.refresh_bindings()

    def _show_progress(self) -> None:
        current = self.sitting.current
        if current is None:
            return
        lang = self.lang
        self.sub_title = t("study.drill_title" if self.sitting.drill else "study.title", lang)
        deck = pick(current.deck_title, one_language(lang))
        if lang == "both" and current.deck_title.get("zh", deck) != deck:
            deck = f"{deck} {current.deck_title['zh']}"
        if self.sitting.drill:
            progress = t(
                "study.drill_progress",
                one_language(lang),
                done=self.sitting.done,
                remaining=self.sitting.remaining,
                deck=deck,
            )
        else:
            counts = self.sitting.counts()  # what the home screen would show now
            progress = t(
                "study.progress",
                one_language(lang),
                done=self.sitting.done,
                new=counts.new,
                learning=counts.learning,
                due=counts.due,
                deck=deck,
            )
        self.query_one("#progress", Static).update(Text(progress))

    def _show_intervals(self) -> None:
        if self.state == "revealed":
            self.intervals = self.sitting.interval_labels(self.lang)

    def focus_card(self) -> None:
        self.query_one("#card").focus()

    # --- typed answers ---------------------------------------------------------

    @on(AnswerChanged)
    def update_preview(self, event: AnswerChanged) -> None:
        self.preview(event.text)

    @work(thread=True, exclusive=True, group="preview")
    def preview(self, text: str) -> None:
        """Show how the input is understood, or why it cannot be (in a thread)."""
        current = self.sitting.current
        if current is None or current.problem is None:
            return
        message = (
            Text("") if not text.strip() else cardview.reading(self.sitting.read(text), self.lang)
        )
        self.app.call_from_thread(self._show_reading, current, message)

    def _show_reading(self, card: Presented, message: Text) -> None:
        """Show a reading, unless the learner has moved on to another card meanwhile."""
        if self.sitting.current is card and self.state == "question":
            self.answer_line.reading = message

    @on(AnswerSubmitted)
    def submit_typed(self, event: AnswerSubmitted) -> None:
        if self.state != "question":
            return
        self.state = "grading"
        self.submit(event.text)

    @work(thread=True, exclusive=True, group="grade")
    def submit(self, text: str) -> None:
        """Grade and record in a thread, so the screen never freezes on a hard expression."""
        verdict = self.sitting.submit(text)
        self.post_message(AnswerGraded(text, verdict))

    @on(AnswerGraded)
    def show_verdict(self, event: AnswerGraded) -> None:
        if event.verdict.status == "invalid":
            self.state = "question"
            self.answer_line.reading = cardview.invalid(event.verdict, self.lang)
            self.answer_line.focus_input()
            return
        self.verdict = event.verdict
        self.state = "feedback"
        self._show_progress()
        self.focus_card()

    # --- code cards ---------------------------------------------------------------

    @work(thread=True, exclusive=True, group="prestart")
    def prestart_runner(self) -> None:
        """Start the process that runs the tests while the learner reads and types, so that
        the first run does not wait for Python and NumPy to start."""
        from engine.code.runner import prestart

        prestart()

    @on(CodeEditor.Edited)
    def save_draft(self, event: CodeEditor.Edited) -> None:
        current = self.sitting.current
        if current is not None and current.code and self.state != "grading":
            self.sitting.save_draft(event.text)

    def action_run_code(self) -> None:
        current = self.sitting.current
        if current is None or not current.code or self.state == "grading":
            return
        self.state = "grading"
        self.run_code(self.code_editor.text)

    @work(thread=True, exclusive=True, group="code")
    def run_code(self, text: str) -> None:
        """Run the task's tests in a thread (the child process may take up to its limit)."""
        report = self.sitting.run_code(text)
        self.post_message(CodeChecked(report))

    @on(CodeChecked)
    def show_code_report(self, event: CodeChecked) -> None:
        from quizapp.codetext import report_text

        if self.sitting.current is None or not self.sitting.current.code:
            return
        lang = self.lang
        text = report_text(self.sitting.code_task(), event.report, lang)
        rating = self.sitting.code_rating
        if rating is not None:  # first, so it is seen without scrolling
            name = t(f"binding.{RATING_KEYS[rating]}", one_language(lang))
            proposed = t("study.code.proposed", one_language(lang), number=rating, name=name)
            text = f"{proposed}\n\n{text}"
        self.code_editor.show_report(text)
        self.state = "revealed"
        self.focus_card()
        self.query_one("#card").scroll_to_widget(self.code_editor.report_panel, top=True)

    def action_edit_code(self) -> None:
        if self.sitting.current is not None and self.sitting.current.code:
            self.code_editor.focus_editor()

    def action_show_solution(self) -> None:
        current = self.sitting.current
        if current is None or not current.code or self.sitting.code_report is None:
            return
        from quizapp.codetext import label

        source = self.sitting.code_task().solution_source()
        self.code_editor.show_report(f"{label('code.solution', self.lang, colon=True)}\n{source}")

    def action_open_editor(self) -> None:
        """Edit the code in $VISUAL or $EDITOR; the app suspends until it exits."""
        current = self.sitting.current
        if current is None or not current.code or self.state == "grading":
            return
        editor = os.environ.get("VISUAL") or os.environ.get("EDITOR")
        if not editor:
            self.notify(t("study.code.no_editor", self.lang), severity="warning", timeout=6)
            return
        from textual.app import SuspendNotSupported

        with tempfile.TemporaryDirectory(prefix="quizapp-draft-") as folder:
            path = Path(folder) / f"{self.sitting.code_task().function}.py"
            path.write_text(self.code_editor.text, encoding="utf-8")
            try:
                with self.app.suspend():
                    subprocess.run([*shlex.split(editor), str(path)], check=False)
            except SuspendNotSupported:
                self.notify(t("study.code.no_suspend", self.lang), severity="warning", timeout=6)
                return
            except (OSError, ValueError) as error:
                self.notify(
                    t("study.code.editor_failed", self.lang, editor=editor, reason=error),
                    severity="error",
                    timeout=8,
                    markup=False,
                )
                return
            text = path.read_text(encoding="utf-8", errors="replace")
        self.code_editor.replace_text(text)
        self.code_editor.focus_editor()

    # --- actions ------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Show only the keys that do something in the current state."""
        current = self.sitting.current
        if current is None:
            return action in ("back",)
        kind = current.card.kind
        if action in ("run_code", "open_editor"):
            return current.code and self.state != "grading"
        if action == "edit_code":
            return current.code and self.state == "revealed"
        if action == "show_solution":
            return current.code and self.sitting.code_report is not None
        if action == "reveal":
            return kind == "flashcard" and self.state == "question"
        if action == "rate":
            return kind in ("flashcard", "code") and self.state == "revealed"
        if action == "toggle":
            options = len(current.problem.options) if current.problem is not None else 0
            number = parameters[0] if parameters else 0
            return kind == "choice" and self.state == "question" and number <= options
        if action == "submit_choice":
            return kind == "choice" and self.state == "question"
        if action == "next":
            return self.state == "feedback"
        if action == "hint":
            return self.state == "question" and not self.hint and not self.no_hint
        if action == "undo":
            return self.sitting.can_undo and self.state != "grading"
        if action in ("bury", "suspend"):
            return self.state != "grading"
        return True

    def action_reveal(self) -> None:
        current = self.sitting.current
        if self.state == "question" and current is not None and current.card.kind == "flashcard":
            self.state = "revealed"

    def action_next(self) -> None:
        if self.state == "feedback":
            self.sitting.advance()
            self.show_card()

    def action_rate(self, number: int) -> None:
        """1-4 on a revealed flashcard: Again, Hard, Good or Easy."""
        current = self.sitting.current
        if current is not None and current.card.kind == "flashcard" and self.state == "revealed":
            self.sitting.rate(number)
            self.sitting.advance()
            self.show_card()
        elif current is not None and current.code and self.state == "revealed":
            self.sitting.rate_code(number)
            self.sitting.advance()
            self.show_card()

    def action_toggle(self, number: int) -> None:
        """1-9 on a choice card: mark or unmark that option."""
        current = self.sitting.current
        if current is None or current.card.kind != "choice" or self.state != "question":
            return
        index = number - 1
        if current.problem is not None and index < len(current.problem.options):
            self.selected = self.selected ^ {index}

    def action_submit_choice(self) -> None:
        if not self.selected:
            self.notify(t("study.choose_first", self.lang), severity="warning", timeout=3)
            return
        verdict = self.sitting.submit_choice(set(self.selected))
        chosen = " ".join(str(index + 1) for index in sorted(self.selected))
        self.post_message(AnswerGraded(chosen, verdict))

    def action_hint(self) -> None:
        if self.sitting.current is not None and self.state == "question":
            self.hint = self.sitting.open_hint()
            self.no_hint = not self.hint
            self.refresh_bindings()

    def action_undo(self) -> None:
        key = self.sitting.undo()
        if key is not None:
            self.post_message(ReviewUndone(key))

    @on(ReviewUndone)
    def show_undone(self) -> None:
        self.notify(t("study.undone", self.lang), timeout=2)
        self.show_card()

    def action_bury(self) -> None:
        if self.sitting.current is not None:
            self.sitting.bury_current()
            self.notify(t("study.buried", self.lang), timeout=2)
            self.show_card()

    def action_suspend(self) -> None:
        if self.sitting.current is not None:
            self.sitting.suspend_current()
            self.notify(t("study.suspended", self.lang), timeout=2)
            self.show_card()

    def action_back(self) -> None:
        if self.answer_line.typing or self.code_editor.text_area.has_focus:
            self.focus_card()
            return
        self.app.pop_screen()

    def finish(self) -> None:
        """The queue is empty: replace this screen with the sitting's summary."""
        from quizapp.ui.screens.summary import SummaryScreen

        self.app.switch_screen(SummaryScreen(self.sitting.summary()))
