"""The lesson catalogue: what the gallery and ``civic-kit lessons list`` show about each lesson.

It is read from the *built notebooks'* metadata (jupytext keeps the front matter there), not from the
Markdown sources, so a Binder image or a server that ships only ``notebooks/`` still has a catalogue. It
reads the JSON directly (no nbformat, no jupytext), so the gallery pays almost nothing for it.

Order is the lesson number, which ``civic-kit lessons check`` keeps equal to the order of
``lessons/config.yaml``; when that file is present, only the lessons it lists are shown (a drafted lesson
not yet listed stays out of the gallery).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from civic_kit.i18n import normalize_language
from civic_kit.lessons.challenge import LESSON_SLUG
from civic_kit.lessons.project import find_notebooks_dir, read_config

__all__ = ["LEVELS", "LessonInfo", "catalogue", "lesson_info"]

LEVELS: tuple[str, ...] = ("beginner", "intermediate", "advanced")


@dataclass(frozen=True)
class LessonInfo:
    """One lesson as a gallery card needs it."""

    slug: str
    number: int
    title: str
    summary: str
    minutes: int
    """Teaching plus exercises, in minutes."""
    teaching: int
    exercises: int
    level: str
    """``beginner`` | ``intermediate`` | ``advanced`` (translated with ``lessons.level.<level>``)."""
    datasets: tuple[str, ...]
    lang: str
    lang_dir: str
    """Folder under ``notebooks/lessons/`` (``pt-BR``, ``es``, ``en``)."""
    path: Path


def lesson_info(path: Path) -> LessonInfo | None:
    """Read one built notebook's metadata; None when it is not a complete, valid lesson notebook."""
    match = LESSON_SLUG.match(path.stem)
    if not match:
        return None
    try:
        meta = json.loads(path.read_text(encoding="utf-8")).get("metadata", {})
    except (OSError, ValueError, AttributeError):
        return None
    teaching, exercises = meta.get("teaching"), meta.get("exercises")
    title, summary, level = meta.get("title"), meta.get("summary"), meta.get("level")
    datasets = meta.get("datasets", [])
    if not (
        _minutes(teaching)
        and _minutes(exercises)
        and isinstance(title, str)
        and isinstance(summary, str)
        and level in LEVELS
        and isinstance(datasets, list)
    ):
        return None
    return LessonInfo(
        slug=path.stem,
        number=int(match["number"]),
        title=title,
        summary=summary,
        minutes=teaching + exercises,
        teaching=teaching,
        exercises=exercises,
        level=level,
        datasets=tuple(str(name) for name in datasets),
        lang=str(meta.get("lang", path.parent.name)),
        lang_dir=path.parent.name,
        path=path,
    )


def catalogue(lang: str, notebooks_dir: Path | None = None) -> list[LessonInfo]:
    """The built lessons of ``lang``, in teaching order.

    Parameters
    ----------
    lang
        Any spelling civic-kit understands (``pt_BR``, ``es-MX``...); unknown values fall back to pt-BR.
    notebooks_dir
        The ``notebooks/`` folder; default: found like the app server finds it. With none, the catalogue
        is empty rather than an error, so the gallery still opens.
    """
    folder = Path(notebooks_dir) if notebooks_dir else find_notebooks_dir()
    if folder is None:
        return []
    lang_dir = folder / "lessons" / normalize_language(lang)
    if not lang_dir.is_dir():
        return []
    lessons = [info for path in sorted(lang_dir.glob("*.ipynb")) if (info := lesson_info(path))]
    config = read_config(folder.resolve().parent)
    if config.error is None:
        listed = set(config.slugs)
        lessons = [info for info in lessons if info.slug in listed]
    return sorted(lessons, key=lambda info: (info.number, info.slug))


def _minutes(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= 0
