"""The presentation layer: widgets, the app shell and offline maps.

This is the only part of civic-kit that imports ipywidgets. Domain modules hand it plain data; it turns
that data into accessible, translated widgets.

- :mod:`civic_kit.ui.shell` -- ``AppShell``: header, language switch, status line, body, footer.
- :mod:`civic_kit.ui.request` -- the language asked for in the page's URL (``?lang=es``).
- :mod:`civic_kit.ui.maps` -- district choropleths that render with no network.
- :mod:`civic_kit.ui.html` -- small escaped-HTML builders for cards, tables and notes.
"""
