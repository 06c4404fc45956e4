"""A code card's panel: the task's statement, an editor holding the learner's code, and
the latest test report."""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import Static, TextArea


class CodeEditor(Vertical):
    """The statement and signature, a Python editor, and the report of the latest run.

    The screen loads it with :meth:`load` (the saved draft or the starter file) and shows
    reports with :meth:`show_report`; every edit posts :class:`CodeEditor.Edited`, so the
    screen can save the draft as it is typed.
    """

    DEFAULT_CSS = """
    CodeEditor { height: auto; }
    CodeEditor #code-statement { margin-bottom: 1; }
    CodeEditor #code-text { height: 18; }
    CodeEditor #code-report { height: auto; margin-top: 1; padding: 0 1; }
    """

    @dataclass
    class Edited(Message):
        """The learner changed the code."""

        text: str

    def compose(self) -> ComposeResult:
        yield Static(id="code-statement")
        yield TextArea.code_editor("", language="python", id="code-text")
        yield Static(id="code-report")

    @property
    def text_area(self) -> TextArea:
        """The editor."""
        return self.query_one("#code-text", TextArea)

    @property
    def report_panel(self) -> Static:
        """Where the latest run's report is shown."""
        return self.query_one("#code-report", Static)

    @property
    def text(self) -> str:
        """The code as it stands."""
        return self.text_area.text

    def load(self, statement: str, text: str) -> None:
        """Show a card: its statement and its code (a draft or the starter)."""
        self.query_one("#code-statement", Static).update(Text(statement))
        with self.prevent(TextArea.Changed):
            self.text_area.load_text(text)
        self.show_report("")

    def replace_text(self, text: str) -> None:
        """Put ``text`` in the editor (after an external editor changed the file)."""
        self.text_area.load_text(text)
        self.post_message(self.Edited(text))

    def show_report(self, report: str) -> None:
        """Show a run's report under the editor (an empty text hides it)."""
        panel = self.report_panel
        panel.update(Text(report))
        panel.display = bool(report)

    def focus_editor(self) -> None:
        """Put the cursor in the editor."""
        self.text_area.focus()

    def on_text_area_changed(self, event: TextArea.Changed) -> None:
        event.stop()
        self.post_message(self.Edited(event.text_area.text))
