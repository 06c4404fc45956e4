"""Problem families: derivatives (being written)."""

FAMILIES: dict = {}
