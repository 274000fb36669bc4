"""Where lesson files live, and the table of contents (``lessons/config.yaml``).

One checkout holds the sources (``lessons/<lang>/NN-slug.md``), the built notebooks
(``notebooks/lessons/<lang>/NN-slug.ipynb``) and the challenge modules
(``civic_kit/lessons/challenges/``). Every tool takes an explicit ``root`` so tests and educators' forks
can point anywhere; :func:`find_root` finds the checkout from the working directory otherwise.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from civic_kit.i18n import LANGUAGES
from civic_kit.lessons.challenge import LESSON_SLUG
from civic_kit.problems import CivicKitError

__all__ = [
    "CONFIG_NAME",
    "GLOSSARY_NAME",
    "LessonConfig",
    "find_notebooks_dir",
    "find_root",
    "lesson_langs",
    "notebook_path",
    "package_dir",
    "read_config",
    "source_path",
    "write_config",
    "write_config_slug",
]

CONFIG_NAME = "config.yaml"
GLOSSARY_NAME = "glossary.md"


def lesson_langs() -> tuple[str, ...]:
    """Language folders of lessons, in the order civic-kit prefers them (pt-BR is the reference)."""
    return LANGUAGES


def package_dir() -> Path:
    """The installed ``civic_kit`` package folder (holds ``lessons/challenges`` and ``locale``)."""
    return Path(__file__).resolve().parent.parent


def find_root(start: Path | None = None) -> Path:
    """The checkout holding ``lessons/config.yaml``: the working directory or a parent, else this package's.

    Raises ``CivicKitError`` (``lesson-root-not-found``) when none is found, e.g. in an installed copy
    without lesson sources.
    """
    here = (start or Path.cwd()).resolve()
    for candidate in (here, *here.parents):
        if (candidate / "lessons" / CONFIG_NAME).is_file():
            return candidate
    checkout = package_dir().parent
    if (checkout / "lessons" / CONFIG_NAME).is_file():
        return checkout
    raise CivicKitError.of("lesson-root-not-found", start=str(here))


def find_notebooks_dir(start: Path | None = None) -> Path | None:
    """The ``notebooks/`` folder with built lessons, looked for the way the app server does.

    ``$CIVIC_KIT_NOTEBOOKS``, then ``./notebooks``, then the working directory itself (Voila runs inside
    ``notebooks/``), then the checkout's. Returns None when no candidate has a ``lessons`` folder.
    """
    here = (start or Path.cwd()).resolve()
    candidates = []
    if os.environ.get("CIVIC_KIT_NOTEBOOKS"):
        candidates.append(Path(os.environ["CIVIC_KIT_NOTEBOOKS"]))
    candidates += [here / "notebooks", here, package_dir().parent / "notebooks"]
    for candidate in candidates:
        if (candidate / "lessons").is_dir():
            return candidate.resolve()
    return None


def source_path(root: Path, lang: str, slug: str) -> Path:
    return Path(root) / "lessons" / lang / f"{slug}.md"


def notebook_path(root: Path, lang: str, slug: str) -> Path:
    return Path(root) / "notebooks" / "lessons" / lang / f"{slug}.ipynb"


@dataclass(frozen=True)
class LessonConfig:
    """``lessons/config.yaml``: the ordered list of lesson slugs, with the line of each entry."""

    path: Path
    slugs: tuple[str, ...] = ()
    lines: dict[str, int] = field(default_factory=dict)
    """Line of each slug's first entry."""
    item_lines: tuple[int, ...] = ()
    """Line of every entry, aligned with :attr:`slugs` (duplicates included)."""
    error: str | None = None
    """``missing``, ``not-a-list`` or a YAML problem; None when the file is valid."""
    error_line: int | None = None


def read_config(root: Path) -> LessonConfig:
    """Read ``lessons/config.yaml`` (``lessons: [00-welcome, 01-open-data, ...]``) without raising."""
    import yaml

    path = Path(root) / "lessons" / CONFIG_NAME
    if not path.is_file():
        return LessonConfig(path, error="missing", error_line=None)
    text = path.read_text(encoding="utf-8")
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
        data = yaml.safe_load(text)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        return LessonConfig(path, error=str(getattr(error, "problem", error)), error_line=mark.line + 1 if mark else 1)
    lessons = data.get("lessons") if isinstance(data, dict) else None
    if not isinstance(lessons, list) or not all(isinstance(item, str) for item in lessons):
        return LessonConfig(path, error="not-a-list", error_line=1)
    item_lines: list[int] = []
    for key_node, value_node in node.value:
        if key_node.value == "lessons" and isinstance(value_node, yaml.SequenceNode):
            item_lines = [item.start_mark.line + 1 for item in value_node.value]
    lines: dict[str, int] = {}
    for slug, line in zip(lessons, item_lines, strict=False):
        lines.setdefault(slug, line)
    return LessonConfig(path, tuple(lessons), lines, tuple(item_lines))


def write_config_slug(root: Path, slug: str) -> bool:
    """Add ``slug`` to ``config.yaml`` in number order; returns False if it was already listed.

    The file is rewritten in one canonical layout (a comment and one slug per line), which keeps diffs
    readable when ``civic-kit lessons new`` adds a lesson.
    """
    config = read_config(root)
    if config.error not in (None, "missing"):
        raise CivicKitError.of("lesson-config-invalid", path=str(config.path), problem=config.error)
    if slug in config.slugs:
        return False
    slugs = sorted([*config.slugs, slug], key=_order_key)
    write_config(root, slugs)
    return True


def write_config(root: Path, slugs: list[str]) -> None:
    path = Path(root) / "lessons" / CONFIG_NAME
    path.parent.mkdir(parents=True, exist_ok=True)
    body = "".join(f"  - {slug}\n" for slug in slugs)
    path.write_text(
        "# Lessons in teaching order. `civic-kit lessons new NN-slug` adds one here;\n"
        "# `civic-kit lessons check` requires every lesson to be listed, in number order.\n"
        f"lessons:\n{body}",
        encoding="utf-8",
    )


def _order_key(slug: str) -> tuple[int, str]:
    match = LESSON_SLUG.match(slug)
    return (int(match["number"]) if match else 999, slug)
