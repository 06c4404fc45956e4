"""Seeded problem generators (filled in by the problems module)."""
