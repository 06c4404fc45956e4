"""quizapp's dark and light themes, registered once at start-up."""

from __future__ import annotations

from textual.theme import Theme

DARK = Theme(
    name="quizapp-dark",
    primary="#4C9BE8",
    secondary="#2B5F8F",
    accent="#F0A35E",
    warning="#F0A35E",
    error="#E06C75",
    success="#7BC47F",
    foreground="#E4E6EB",
    background="#14171C",
    surface="#1C2027",
    panel="#242A33",
    dark=True,
)

LIGHT = Theme(
    name="quizapp-light",
    primary="#1F5FA8",
    secondary="#4C9BE8",
    accent="#B5561C",
    warning="#A65F00",
    error="#B3261E",
    success="#2E7D32",
    foreground="#1D2129",
    background="#F7F7F4",
    surface="#EDEDE8",
    panel="#E2E2DC",
    dark=False,
    variables={"footer-key-foreground": "#1F5FA8"},
)

THEMES: tuple[Theme, ...] = (DARK, LIGHT)
THEME_NAMES: tuple[str, ...] = tuple(theme.name for theme in THEMES)
