"""Problem families: clipping (being written)."""

FAMILIES: dict = {}
