"""The registry of lesson challenges: one module per lesson, ``<NN>_<slug>.py``, found automatically.

A lesson's module declares its challenges once (see ``00_welcome.py``)::

    from civic_kit.lessons import Challenge, register

    register(Challenge("00-district-count", "00-welcome", "number", expected=district_count,
                       hint_key="lessons.00.district-count.hint",
                       success_key="lessons.00.district-count.success"))

Modules are imported the first time a challenge is looked up (not when :mod:`civic_kit.lessons` is
imported), so opening the gallery never pays for them, and a module with a bug does not hide the others:
its error is kept in :func:`load_errors` for ``civic-kit lessons check`` to report.
"""

from __future__ import annotations

import importlib
import pkgutil
import threading

from civic_kit.lessons.challenge import Challenge
from civic_kit.problems import CivicKitError

__all__ = ["all_challenges", "get_challenge", "load_all", "load_errors", "register"]

_REGISTRY: dict[str, Challenge] = {}
_ERRORS: dict[str, Exception] = {}
_LOCK = threading.RLock()
_loaded = False


def register(challenge: Challenge) -> Challenge:
    """Add ``challenge`` to the registry and return it.

    Registering the same id again for the same lesson replaces it (a module re-imported while an educator
    edits it); the same id claimed by two lessons is an error, because a check cell would silently judge
    against the other lesson's answer.
    """
    if not isinstance(challenge, Challenge):
        raise CivicKitError.of("lesson-challenge-not-challenge", got=type(challenge).__name__)
    with _LOCK:
        previous = _REGISTRY.get(challenge.id)
        if previous is not None and previous.lesson != challenge.lesson:
            raise CivicKitError.of(
                "lesson-challenge-duplicate", id=challenge.id, lesson=challenge.lesson, other=previous.lesson
            )
        _REGISTRY[challenge.id] = challenge
    return challenge


def load_all() -> None:
    """Import every challenge module of this package once; errors are recorded, not raised."""
    global _loaded
    with _LOCK:
        if _loaded:
            return
        _loaded = True
        for info in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
            if info.name.startswith("_"):
                continue
            try:
                importlib.import_module(f"{__name__}.{info.name}")
            except Exception as error:  # noqa: BLE001 - a broken lesson module must not break every other lesson
                _ERRORS[info.name] = error


def load_errors() -> dict[str, Exception]:
    """Challenge modules that failed to import, by module name (after :func:`load_all`)."""
    load_all()
    return dict(_ERRORS)


def get_challenge(challenge_id: str) -> Challenge:
    """The registered challenge ``challenge_id``; raises ``CivicKitError`` (``lesson-unknown-challenge``)."""
    load_all()
    try:
        return _REGISTRY[challenge_id]
    except (KeyError, TypeError):
        raise CivicKitError.of("lesson-unknown-challenge", id=str(challenge_id)) from None


def all_challenges(lesson: str | None = None) -> tuple[Challenge, ...]:
    """Every registered challenge (of one lesson when ``lesson`` is given), sorted by id."""
    load_all()
    return tuple(
        challenge for _, challenge in sorted(_REGISTRY.items()) if lesson is None or challenge.lesson == lesson
    )
