"""Problem families: kmeans (being written)."""

FAMILIES: dict = {}
