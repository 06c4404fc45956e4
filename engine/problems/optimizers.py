"""Problem families: optimizers (being written)."""

FAMILIES: dict = {}
