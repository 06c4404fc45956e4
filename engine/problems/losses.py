"""Problem families: losses (being written)."""

FAMILIES: dict = {}
