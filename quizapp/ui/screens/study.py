"""The study screen: one card at a time, graded live, rated, and recorded.

The screen is a small state machine: ``question`` → (flashcard) ``revealed`` →
rated, or (choice / typed) ``grading`` → ``feedback`` → next. All decisions about
scheduling and grading are the session's (:mod:`quizapp.session`); the screen
only renders and forwards keys.
"""

from __future__ import annotations

from typing import Literal

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.widgets import Header, Input, LoadingIndicator, Static

from engine.problem import Verdict
from quizapp.i18n import pick, space_after, t
from quizapp.practice import RATING_KEYS, Practice
from quizapp.ui import cardview
from quizapp.ui.base import QuizFooter, QuizScreen, chrome_text, one_language
from quizapp.ui.widgets.prose import Prose

State = Literal["question", "revealed", "grading", "feedback", "done"]


class StudyScreen(QuizScreen):
    """Study a queue of cards (today's queue, or a drill)."""

    CSS_PATH = "study.tcss"

    BINDINGS = [
        Binding("space", "reveal", "binding.show_answer", id="reveal"),
        Binding("enter", "reveal", "binding.show_answer", show=False),
        Binding("enter", "submit_choice", "binding.submit", id="submit"),
        Binding("enter", "next", "binding.next", id="next"),
        # 1-4 rate a revealed flashcard; 1-9 toggle a choice card's options.
        Binding("1", "number(1)", "binding.again", id="again"),
        Binding("2", "number(2)", "binding.hard", id="hard"),
        Binding("3", "number(3)", "binding.good", id="good"),
        Binding("4", "number(4)", "binding.easy", id="easy"),
        *[
            Binding(str(n), f"number({n})", "binding.toggle_option", show=False)
            for n in range(5, 10)
        ],
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

    def __init__(self, session: Practice) -> None:
        super().__init__()
        self.session = session
        self.state: State = "question"
        self.hint_shown = False
        self.selected: set[int] = set()
        self.verdict: Verdict | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="progress")
        with VerticalScroll(id="card", classes="reading"):
            yield Prose(id="prompt")
            yield Prose(id="options")
            yield Prose(id="hint-text")
            with Vertical(id="answer-box"):
                yield Input(id="answer", select_on_focus=False)
                yield Prose(id="preview")
            yield LoadingIndicator(id="spinner")
            yield Prose(id="feedback")
        yield Prose(id="ratings")
        yield QuizFooter()

    def on_mount(self) -> None:
        self.query_one("#spinner").display = False
        self.show_card()

    # --- rendering --------------------------------------------------------------

    def on_language_changed(self) -> None:
        self.render_all()

    def show_card(self) -> None:
        """Show the session's current card from its question side."""
        while self.session.skipped:
            key, reason = self.session.skipped.pop(0)
            self.notify(
                t("study.skipped", self.lang, card=str(key), reason=reason),
                severity="warning",
                timeout=8,
                markup=False,
            )
        self.state = "question" if self.session.current is not None else "done"
        self.hint_shown = False
        self.selected = set()
        self.verdict = None
        if self.state == "done":
            self.finish()
            return
        answer = self.query_one("#answer", Input)
        answer.value = ""
        self.render_all()
        if self.session.current.typed:  # type: ignore[union-attr]
            answer.focus()
        else:
            self.focus_card()

    def focus_card(self) -> None:
        self.query_one("#card").focus()

    def render_all(self) -> None:
        """Render every part of the screen for the current state and language."""
        current = self.session.current
        if current is None:
            return
        lang = self.lang
        self.sub_title = t("study.drill_title" if self.session.drill else "study.title", lang)
        deck = pick(current.deck_title, one_language(lang))
        if lang == "both" and current.deck_title.get("zh", deck) != deck:
            deck = f"{deck} {current.deck_title['zh']}"
        progress = t(
            "study.progress",
            one_language(lang),
            done=self.session.done,
            remaining=self.session.remaining,
            deck=deck,
        )
        self.query_one("#progress", Static).update(Text(progress))
        self.query_one("#prompt", Static).update(cardview.prompt(current, lang))
        options = self.query_one("#options", Static)
        options.display = current.card.kind == "choice"
        if current.card.kind == "choice":
            options.update(self._options_text())
        hint = self.query_one("#hint-text", Static)
        hint.display = self.hint_shown
        if self.hint_shown:
            label = t("study.hint_label", "en" if lang == "both" else lang)
            label = Text(label + space_after(label))
            hint.update(label.append_text(cardview.bilingual(current.hint, lang, deck_text=True)))
        self.query_one("#answer-box").display = current.typed
        if current.typed:
            self.query_one("#answer", Input).placeholder = cardview.placeholder(current, lang)
        self.query_one("#answer", Input).disabled = self.state in ("feedback", "grading")
        self._render_feedback()
        self._render_ratings()
        self.refresh_bindings()

    def _options_text(self) -> Text:
        current = self.session.current
        assert current is not None
        text = Text()
        answer = set(current.problem.answer) if current.problem is not None else set()
        for index, option in enumerate(cardview.options(current, self.lang)):
            mark = "■" if index in self.selected else "□"
            line = Text(f" {index + 1}  {mark}  ").append_text(option).append("\n")
            if self.state == "feedback":
                if index in answer:
                    line.stylize("bold green")
                elif index in self.selected:
                    line.stylize("red")
            elif index in self.selected:
                line.stylize("bold")
            text.append_text(line)
        if self.state == "question":
            key = "study.choose_many" if current.many_answers else "study.choose_one"
            text.append(t(key, self.lang), style="dim")
        return text

    def _render_feedback(self) -> None:
        feedback = self.query_one("#feedback", Static)
        current = self.session.current
        assert current is not None
        lang = self.lang
        if self.state == "revealed":
            feedback.update(cardview.flashcard_answer(current, lang))
            feedback.set_classes("answer")
        elif self.state == "feedback" and self.verdict is not None:
            feedback.update(cardview.feedback(current, self.verdict, lang))
            feedback.set_classes(f"verdict-{self.verdict.status}")
        else:
            feedback.update("")
            feedback.set_classes("")
        feedback.display = self.state in ("revealed", "feedback")

    def _render_ratings(self) -> None:
        ratings = self.query_one("#ratings", Static)
        lang = self.lang
        if self.state == "revealed":
            labels = self.session.interval_labels(lang)
            parts = [
                f"[b]{number}[/b] {chrome_text(f'binding.{name}', lang)} [dim]{labels[number]}[/]"
                for number, name in RATING_KEYS.items()
            ]
            ratings.update("   ".join(parts))
        elif self.state == "feedback":
            ratings.update(t("study.enter_next", lang))
        elif self.state == "grading":
            ratings.update(t("study.checking", lang))
        else:
            kind = self.session.current.card.kind  # type: ignore[union-attr]
            key = kind if kind in ("flashcard", "choice") else "typed"
            ratings.update(t(f"study.instructions.{key}", lang))

    # --- live preview and grading ---------------------------------------------

    @on(Input.Changed, "#answer")
    def update_preview(self, event: Input.Changed) -> None:
        self.preview(event.value)

    @work(thread=True, exclusive=True, group="preview")
    def preview(self, text: str) -> None:
        """Show how the input is understood, or why it cannot be (in a thread)."""
        from engine.grading import understand

        current = self.session.current
        if current is None or current.problem is None:
            return
        message = (
            Text("")
            if not text.strip()
            else cardview.reading(understand(current.problem, text), self.lang)
        )
        self.app.call_from_thread(self._show_preview, message)

    def _show_preview(self, message: Text) -> None:
        self.query_one("#preview", Static).update(message)

    @on(Input.Submitted, "#answer")
    def submit_typed(self, event: Input.Submitted) -> None:
        event.stop()
        if self.state != "question" or not event.value.strip():
            return
        self.state = "grading"
        self.query_one("#spinner").display = True
        self.render_all()
        self.grade(event.value)

    @work(thread=True, exclusive=True, group="grade")
    def grade(self, text: str) -> None:
        """Grade in a thread so the screen never freezes on a hard expression."""
        verdict = self.session.grade(text)
        self.app.call_from_thread(self._graded, text, verdict)

    def _graded(self, text: str, verdict: Verdict) -> None:
        self.query_one("#spinner").display = False
        if verdict.status == "invalid":
            self.state = "question"
            self.query_one("#preview", Static).update(cardview.invalid(verdict, self.lang))
            self.render_all()
            self.query_one("#answer", Input).focus()
            return
        self.verdict = verdict
        self.session.record_typed(text, verdict, hint_used=self.hint_shown)
        self.state = "feedback"
        self.render_all()
        self.focus_card()

    # --- actions ------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Show only the keys that do something in the current state."""
        current = self.session.current
        if current is None:
            return action in ("back",)
        kind = current.card.kind
        if action == "reveal":
            return kind == "flashcard" and self.state == "question"
        if action == "number":
            rating_key = parameters[0] in RATING_KEYS if parameters else False
            if kind == "flashcard":
                return rating_key and self.state == "revealed"
            return kind == "choice" and self.state == "question"
        if action == "submit_choice":
            return kind == "choice" and self.state == "question"
        if action == "next":
            return self.state == "feedback"
        if action == "hint":
            return current.has_hint and self.state == "question" and not self.hint_shown
        if action == "undo":
            return self.session.can_undo and self.state != "grading"
        if action in ("bury", "suspend"):
            return self.state != "grading"
        return True

    def action_reveal(self) -> None:
        if self.state == "question" and self.session.current.card.kind == "flashcard":  # type: ignore[union-attr]
            self.state = "revealed"
            self.render_all()

    def action_next(self) -> None:
        if self.state == "feedback":
            self.session.advance()
            self.show_card()

    def action_number(self, number: int) -> None:
        """A number key: rate a revealed flashcard (1-4) or toggle a choice option."""
        current = self.session.current
        if current is None:
            return
        if current.card.kind == "flashcard" and self.state == "revealed" and number <= 4:
            self.session.record_self_rating(number)
            self.session.advance()
            self.show_card()
        elif current.card.kind == "choice" and self.state == "question":
            index = number - 1
            if index < len(current.problem.options):  # type: ignore[union-attr]
                self.selected ^= {index}
                self.render_all()

    def action_submit_choice(self) -> None:
        if not self.selected:
            self.notify(t("study.choose_first", self.lang), severity="warning", timeout=3)
            return
        verdict = self.session.grade_choice(self.selected)
        self.verdict = verdict
        self.session.record_typed(
            " ".join(str(i + 1) for i in sorted(self.selected)), verdict, hint_used=self.hint_shown
        )
        self.state = "feedback"
        self.render_all()

    def action_hint(self) -> None:
        if self.session.current is not None and self.session.current.has_hint:
            self.hint_shown = True
            self.render_all()

    def action_undo(self) -> None:
        if self.session.undo():
            self.notify(t("study.undone", self.lang), timeout=2)
            self.show_card()

    def action_bury(self) -> None:
        if self.session.current is not None:
            self.session.bury_current()
            self.notify(t("study.buried", self.lang), timeout=2)
            self.show_card()

    def action_suspend(self) -> None:
        if self.session.current is not None:
            self.session.suspend_current()
            self.notify(t("study.suspended", self.lang), timeout=2)
            self.show_card()

    def action_back(self) -> None:
        answer = self.query_one("#answer", Input)
        if answer.has_focus:
            self.focus_card()
            return
        self.app.pop_screen()

    def finish(self) -> None:
        """The queue is empty: replace this screen with the session summary."""
        from quizapp.ui.screens.summary import SummaryScreen

        self.app.switch_screen(SummaryScreen(self.session.summary()))
