"""What a lesson notebook calls: ``lesson = setup("pt-BR")`` then ``lesson.check(...)`` / ``lesson.verify(...)``.

``check`` is for learners: it shows friendly, translated feedback and never raises, whatever the learner's
cell produced. ``verify`` is for the hidden solution cells: it raises ``AssertionError`` when the solution
is wrong, so running the notebooks under nbval proves every solution against the current data.

Feedback is HTML inside a Jupyter kernel and plain text elsewhere. IPython is never imported here: the
kernel's shell is found among the already loaded modules, so the package imports (and is tested) without
a notebook around, and the domain layering rule holds.
"""

from __future__ import annotations

import sys
from typing import Any

from civic_kit.i18n import normalize_language, set_language, t
from civic_kit.lessons.challenge import Feedback, evaluate, unknown_challenge
from civic_kit.problems import CivicKitError

__all__ = ["Lesson", "setup"]

#: pandas display options that keep tables readable on a projector and in a narrow notebook.
PANDAS_OPTIONS: dict[str, Any] = {
    "display.max_rows": 20,
    "display.min_rows": 10,
    "display.max_columns": 20,
    "display.max_colwidth": 50,
    "display.width": 100,
    "display.precision": 2,
    "display.show_dimensions": True,
}


class Lesson:
    """A running lesson in one language; created by :func:`setup`.

    Parameters
    ----------
    lang
        The lesson's language (``pt-BR``, ``es`` or ``en``); feedback is written in it.
    """

    def __init__(self, lang: str) -> None:
        self.lang = normalize_language(lang)

    def __repr__(self) -> str:
        return f"Lesson(lang={self.lang!r})"

    def feedback(self, challenge_id: str, answer: Any) -> Feedback:
        """Judge ``answer`` without showing anything (what :meth:`check` displays). Never raises."""
        from civic_kit.lessons.challenges import get_challenge

        try:
            challenge = get_challenge(challenge_id)
        except CivicKitError:
            return unknown_challenge(challenge_id, self.lang)
        return evaluate(challenge, answer, self.lang)

    def check(self, challenge_id: str, answer: Any) -> None:
        """Show whether ``answer`` solves the challenge: not answered yet, correct (and why it matters), or
        not yet (with a hint). Never raises, so a learner's notebook keeps running.

        Returns ``None`` on purpose: the cell then shows the feedback once, not followed by an object repr.
        """
        try:
            result = self.feedback(challenge_id, answer)
        except Exception as error:  # noqa: BLE001 - last resort: a learner must never see a traceback from a check cell
            result = Feedback(
                str(challenge_id),
                "unavailable",
                t("lessons.feedback.unavailable-title", self.lang),
                (t("lessons.feedback.unavailable", self.lang, reason=type(error).__name__),),
                self.lang,
            )
        _show(result)

    def verify(self, challenge_id: str, answer: Any) -> None:
        """Raise ``AssertionError`` with the translated reason unless ``answer`` is right.

        Used at the end of each hidden solution cell, so that testing the notebooks tests the solutions.
        """
        result = self.feedback(challenge_id, answer)
        if not result.correct:
            reason = " — ".join([result.headline, " ".join(result.details)]) if result.details else result.headline
            raise AssertionError(t("lessons.verify.failed", self.lang, id=str(challenge_id), reason=reason))


def setup(lang: str) -> Lesson:
    """Start a lesson in ``lang``: set civic-kit's language, tidy pandas' display, return a :class:`Lesson`.

    This is the first code cell of every lesson and the only line that differs between the three
    language versions of a notebook.

    Example
    -------
    >>> lesson = setup("es")
    >>> lesson.lang
    'es'
    """
    lesson = Lesson(lang)
    set_language(lesson.lang)
    _tidy_pandas()
    return lesson


def _tidy_pandas() -> None:
    try:
        import pandas as pd
    except ImportError:  # pragma: no cover - pandas is a dependency; lessons without tables still work
        return
    for option, value in PANDAS_OPTIONS.items():
        pd.set_option(option, value)


def _kernel_shell() -> Any:
    """The running Jupyter kernel's shell, or None in a terminal or under pytest.

    IPython is looked up, not imported: inside a kernel it is always loaded already, and outside one
    importing it would only cost time. That also keeps this module free of presentation imports.
    """
    ipython = sys.modules.get("IPython")
    get_ipython = getattr(ipython, "get_ipython", None)
    shell = get_ipython() if callable(get_ipython) else None
    if shell is None or "IPKernelApp" not in getattr(shell, "config", {}):
        return None
    return shell


def _show(result: Feedback) -> None:
    shell = _kernel_shell()
    publisher = getattr(shell, "display_pub", None)
    if publisher is not None:
        publisher.publish(data={"text/html": result.html(), "text/plain": result.text()}, metadata={})
    else:
        print(result.text())
