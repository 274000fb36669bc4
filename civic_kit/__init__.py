"""civic-kit: a Jupyter toolkit for civic technology in Latin America.

Public map of the package (each module has one concern):

- :mod:`civic_kit.i18n` -- translated text for pt-BR (default), es and en.
- :mod:`civic_kit.problems` -- ``Issue`` (a problem as data) and ``CivicKitError``.
- :mod:`civic_kit.data` -- bundled teaching-city datasets and the government-CSV reader.
- :mod:`civic_kit.ui` -- widgets, the app shell and offline maps (the only layer that imports ipywidgets).
- :mod:`civic_kit.apps` -- one module per Voila app, each exposing ``build_app(lang)``.
- :mod:`civic_kit.cli` -- the ``civic-kit`` command.
"""

from __future__ import annotations

__version__ = "0.1.0"
__all__ = ["__version__"]
