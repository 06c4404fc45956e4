"""Starting the app: what the first screen shows, and the library opened once, when needed.

A start goes through two steps:

1. :func:`first_view`, before Textual is imported: the home view the last run kept
   (:mod:`.memo`), if it is still exact; otherwise a forked child counts today's cards
   while Textual is imported (:mod:`.prefetch`) and keeps the view for this start;
   :meth:`FirstView.get`, after that import, waits for it.
2. :class:`Loader`, which the App holds: it paints from that view and opens the library
   (settings, decks, database) just after the first paint, or at once when there is no
   view; whichever thread needs the library first opens it.

Imports neither Textual nor the library's modules: both come later, when used.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from quizapp.i18n import LANGS, Lang
from quizapp.startup.memo import HomeView, remembered_view

if TYPE_CHECKING:
    from quizapp.library import Library
    from quizapp.startup.prefetch import Prefetch



def first_view(
    data_dir: str | Path | None, deck_paths: Sequence[Path], include_bundled: bool = True
) -> FirstView:
    """Begin finding the home view to paint first, before the library opens.

    The memo the last run kept, when it still holds; otherwise a forked child counts
    today's cards and keeps the view while the caller goes on importing Textual, and
    :meth:`FirstView.get` waits for it.

    Args:
        data_dir: the ``--data-dir`` given, if any.
        deck_paths: extra deck files or folders (``--deck``).
        include_bundled: whether the bundled decks are part of the library.
    """
    view = remembered_view(data_dir, deck_paths, include_bundled, datetime.now(UTC))
    if view is not None:
        return FirstView(view)
    from quizapp.startup import prefetch

    child = prefetch.start(data_dir, deck_paths, include_bundled)
    return FirstView(None, child, (data_dir, deck_paths, include_bundled))


class FirstView:
    """The first view: known at once from the memo, or once the prefetch child is done."""

    def __init__(
        self,
        view: HomeView | None,
        child: Prefetch | None = None,
        arguments: tuple[str | Path | None, Sequence[Path], bool] | None = None,
    ) -> None:
        self._view = view
        self._child = child
        self._arguments = arguments

    def get(self) -> HomeView | None:
        """The view, waiting for the child if there is one; None when neither the memo
        nor the child gave one (the app then opens the library before its first paint)."""
        if self._child is not None and self._arguments is not None:
            child, self._child = self._child, None
            if child.wait():
                data_dir, deck_paths, include_bundled = self._arguments
                now = datetime.now(UTC)
                self._view = remembered_view(data_dir, deck_paths, include_bundled, now)
        return self._view


class Loader:
    """Opens the learner's library once, and says what to show until it is open.

    Attributes:
        preview: the home view painted before the library is open (None: the library
            was opened when the loader was made).
    """

    def __init__(
        self, open_library: Callable[[], Library], preview: HomeView | None = None
    ) -> None:
        """Make the loader; without a preview the library is opened here.

        Args:
            open_library: opens the library (settings, decks, database).
            preview: the first view (:func:`first_view`), if known.

        Raises:
            QuizappError: without a preview, when the database cannot be opened.
        """
        self.preview = preview
        self._open_library = open_library
        self._library: Library | None = None
        self._error: BaseException | None = None
        self._lock = threading.Lock()
        if preview is None:
            self.open()

    @property
    def loaded(self) -> bool:
        """Whether the library is open."""
        return self._library is not None

    def open(self) -> Library:
        """The library, opened now unless it is open (from whichever thread asks first).

        Raises:
            Whatever opening raised, to every caller (a QuizappError for a bad database).
        """
        with self._lock:
            if self._library is None and self._error is None:
                try:
                    self._library = self._open_library()
                except BaseException as error:  # noqa: BLE001 - re-raised to each caller
                    self._error = error
        if self._error is not None:
            raise self._error
        assert self._library is not None
        return self._library

    def home_view(self) -> HomeView:
        """The preview until the library is open; then the library's view, kept for the
        next start."""
        if self._library is None and self.preview is not None:
            return self.preview
        return self.open().remember_home_view()

    def remembered(self) -> tuple[Lang, str]:
        """The remembered language and theme: the library's settings once open, else the
        preview's."""
        if self._library is not None:
            return self._library.settings.language, self._library.settings.theme
        assert self.preview is not None
        if self.preview.language in LANGS:
            return self.preview.language, self.preview.theme  # type: ignore[return-value]
        return "both", self.preview.theme

    def close(self, *, remember_home: bool) -> None:
        """Close the library if it was opened (keeping the home view if asked)."""
        if self._library is not None:
            self._library.close(remember_home=remember_home)
