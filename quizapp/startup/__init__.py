"""Everything that makes the first paint fast, behind one loader (:mod:`.boot`).

- :mod:`.memo`: the home screen's view, kept with a fingerprint of the files it depends
  on, so that the next start within a study day paints at once.
- :mod:`.prefetch`: on a start without a usable memo, a forked child counts today's cards
  while Textual is imported.
- :mod:`.boot`: the first view (memo, else prefetch) and the :class:`~.boot.Loader` that
  opens the learner's library once, when it is first needed.
- :mod:`.lazy`: names a package exports on first use, so that importing it stays cheap.

This package imports nothing on import: the CLI reaches it before Textual is imported.
"""
