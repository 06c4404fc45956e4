"""Problem families: networks (being written)."""

FAMILIES: dict = {}
