"""Implement-it tasks: the learner writes a NumPy function, the engine checks it.

- :mod:`engine.code.tasks`: every task (statement, starter, hint, reference solution,
  tests, named mistakes), one module per topic.
- :mod:`engine.code.runner`: runs the learner's function in a separate Python process
  with CPU-time, memory, output and wall-clock limits. This is isolation for
  robustness (an endless loop or a memory hog cannot freeze the app), not a security
  boundary: the code is the learner's own.
- :mod:`engine.code.check`: compares each result with the engine's reference and
  names the mistake the results match.

Nothing here imports the app; the child process imports neither the engine nor the app.
"""

__all__ = ["check", "compare", "messages", "runner", "task", "tasks"]
