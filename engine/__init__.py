"""quizapp's math engine: losses, activations, clipping, optimizers, k-means, PCA,
seeded problem generators and a safe grader.

Pure functions on NumPy arrays and SymPy expressions. This package never imports
textual or quizapp, so it can be used (and tested) on its own.
"""

__all__ = [
    "activations",
    "clipping",
    "code",
    "formulas",
    "grading",
    "kmeans",
    "losses",
    "optim",
    "pca",
    "problems",
]
