"""SQLite storage: schema and migrations, card state, the review log and settings.

Never imports textual. Everything the rest of the app needs is re-exported here.
"""

from quizapp.store.database import (
    BUSY_TIMEOUT_MS,
    EXIT_STORAGE,
    DeckDayCounts,
    Store,
    open_store,
    storage_error,
)
from quizapp.store.records import NEW, CardState, ReviewRecord, from_ms, to_ms
from quizapp.store.schema import MIGRATIONS, SCHEMA_VERSION

__all__ = [
    "BUSY_TIMEOUT_MS",
    "EXIT_STORAGE",
    "MIGRATIONS",
    "NEW",
    "SCHEMA_VERSION",
    "CardState",
    "DeckDayCounts",
    "ReviewRecord",
    "Store",
    "from_ms",
    "open_store",
    "storage_error",
    "to_ms",
]
