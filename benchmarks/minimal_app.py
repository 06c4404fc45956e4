"""The reference for the start-up benchmark: a minimal Textual app (Header, Static, Footer)."""

from textual.app import App, ComposeResult
from textual.widgets import Footer, Header, Static


class MinimalApp(App[None]):
    """Header, one line of text, Footer: the least a Textual app paints."""

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("minimal app ready")
        yield Footer()


if __name__ == "__main__":
    MinimalApp().run()
