"""Lessons for workshop participants: the runtime notebooks call, and the tooling educators use.

Public API
----------
In a lesson notebook:

- :func:`setup` -- ``lesson = setup("pt-BR")``: set the language, tidy pandas, return a :class:`Lesson`.
- :class:`Lesson` -- ``lesson.check(id, answer)`` shows feedback and never raises;
  ``lesson.verify(id, answer)`` raises ``AssertionError`` when a solution is wrong.

Writing challenges (``civic_kit/lessons/challenges/<NN>_<slug>.py``):

- :class:`Challenge`, :func:`register`, :func:`get_challenge`, :func:`evaluate`, :class:`Feedback`.

For educators and the gallery:

- :func:`catalogue` -- the built lessons of a language as :class:`LessonInfo` (title, minutes, level...).
- :func:`build_lessons` -- ``lessons/<lang>/NN-slug.md`` to ``notebooks/lessons/<lang>/NN-slug.ipynb``.
- :func:`check_lessons` -- every rule of the lesson format, as a :class:`LessonReport` of issues.
- :func:`new_lesson` -- scaffold a lesson in the three languages from the template.

Names are resolved lazily, so importing the package stays cheap for the gallery. The one exception is
:func:`catalogue`, imported eagerly (it only needs ``json``): its module has the same name, and Python sets
the package attribute ``catalogue`` to the *module* once the submodule is loaded, which would shadow a
lazily resolved function.
"""

from __future__ import annotations

import importlib
from typing import Any

from civic_kit.lessons.catalogue import LessonInfo, catalogue

__all__ = [
    "BuildResult",
    "Challenge",
    "Feedback",
    "Lesson",
    "LessonInfo",
    "LessonReport",
    "build_lessons",
    "catalogue",
    "check_lessons",
    "evaluate",
    "get_challenge",
    "new_lesson",
    "register",
    "setup",
]

_WHERE = {
    "setup": "civic_kit.lessons.runtime",
    "Lesson": "civic_kit.lessons.runtime",
    "Challenge": "civic_kit.lessons.challenge",
    "Feedback": "civic_kit.lessons.challenge",
    "evaluate": "civic_kit.lessons.challenge",
    "register": "civic_kit.lessons.challenges",
    "get_challenge": "civic_kit.lessons.challenges",
    "build_lessons": "civic_kit.lessons.build",
    "BuildResult": "civic_kit.lessons.build",
    "check_lessons": "civic_kit.lessons.check",
    "LessonReport": "civic_kit.lessons.check",
    "new_lesson": "civic_kit.lessons.scaffold",
}


def __getattr__(name: str) -> Any:
    if name in _WHERE:
        return getattr(importlib.import_module(_WHERE[name]), name)
    raise AttributeError(name)


def __dir__() -> list[str]:
    return sorted(__all__)
