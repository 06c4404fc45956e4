"""A deck's cards to study today (what the home screen counts)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Counts:
    """A deck's cards to study today, within its limits."""

    new: int = 0
    learning: int = 0
    due: int = 0

    @property
    def total(self) -> int:
        """All three together."""
        return self.new + self.learning + self.due
