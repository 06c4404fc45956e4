"""Problem families: pca (being written)."""

FAMILIES: dict = {}
