"""``civic-kit lessons new NN-slug``: start a lesson in the three languages, ready to pass the checker.

It writes, from the templates in ``civic_kit/lessons/templates/``:

- ``lessons/<lang>/NN-slug.md`` for pt-BR, es and en, with every required part and placeholder text marked
  ``TODO`` (the checker warns about each TODO, so none is forgotten, but nothing else fails);
- ``civic_kit/lessons/challenges/NN_slug.py`` with two working example challenges computed from the data;
- their hint and success texts in the ``lessons-NN`` message domain (through ``add_messages``);
- the entry in ``lessons/config.yaml`` and the built notebooks.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from string import Template

from civic_kit.i18n import t
from civic_kit.lessons.build import build_lessons
from civic_kit.lessons.challenge import LESSON_SLUG
from civic_kit.lessons.project import find_root, lesson_langs, package_dir, source_path, write_config_slug
from civic_kit.problems import CivicKitError

__all__ = ["ScaffoldResult", "challenge_module_path", "new_lesson"]


@dataclass(frozen=True)
class ScaffoldResult:
    """Files ``new_lesson`` created or changed."""

    slug: str
    created: tuple[Path, ...]

    def to_dict(self) -> dict[str, object]:
        return {"slug": self.slug, "created": [path.as_posix() for path in self.created]}


def challenge_module_path(package: Path, slug: str) -> Path:
    """``<package>/lessons/challenges/01_open_data.py`` for ``01-open-data`` (a module name needs underscores)."""
    return Path(package) / "lessons" / "challenges" / f"{slug.replace('-', '_')}.py"


def new_lesson(
    slug: str, title: str | None = None, *, root: Path | None = None, package: Path | None = None
) -> ScaffoldResult:
    """Scaffold lesson ``slug`` (``NN-slug``) in every language.

    Parameters
    ----------
    slug
        Two-digit number, dash, lower-case words (``12-school-meals``).
    title
        The lesson's title in pt-BR; es and en start with it followed by a TODO to translate. Default: a
        TODO title in each language.
    root, package
        The checkout and the ``civic_kit`` folder to write into (defaults: found from the working
        directory, and the installed package). Message texts go through
        :func:`civic_kit.i18n.authoring.add_messages`, i.e. into the checkout's locale folder.

    Raises
    ------
    CivicKitError
        ``lesson-bad-slug`` for a malformed slug, ``lesson-exists`` when any of its files already exists.
    """
    from civic_kit.i18n.authoring import add_messages

    match = LESSON_SLUG.match(slug or "")
    if not match:
        raise CivicKitError.of("lesson-bad-slug", slug=str(slug))
    root = Path(root) if root else find_root()
    package = Path(package) if package else package_dir()
    number = match["number"]
    sources = {lang: source_path(root, lang, slug) for lang in lesson_langs()}
    module = challenge_module_path(package, slug)
    existing = [path for path in (*sources.values(), module) if path.exists()]
    if existing:
        raise CivicKitError.of("lesson-exists", slug=slug, path=existing[0].as_posix())

    created: list[Path] = []
    for lang, path in sources.items():
        lesson_title = _title(title, lang)
        text = _template(f"lesson.{lang}.md").substitute(
            title=lesson_title, title_yaml=json.dumps(lesson_title, ensure_ascii=False), number=number, slug=slug
        )
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        created.append(path)
    module.parent.mkdir(parents=True, exist_ok=True)
    module.write_text(_template("challenges.py.txt").substitute(number=number, slug=slug), encoding="utf-8")
    created.append(module)
    add_messages(f"lessons-{number}", _example_messages(number))
    if write_config_slug(root, slug):
        created.append(root / "lessons" / "config.yaml")
    built = build_lessons(root, slugs=[slug], execute=False)
    created.extend(built.written)
    return ScaffoldResult(slug, tuple(created))


def _template(name: str) -> Template:
    return Template((resources.files("civic_kit.lessons") / "templates" / name).read_text(encoding="utf-8"))


def _title(title: str | None, lang: str) -> str:
    if not title:
        return t("lessons.new.default-title", lang)
    if lang == lesson_langs()[0]:
        return title.strip()
    return t("lessons.new.translate-title", lang, title=title.strip())


def _example_messages(number: str) -> dict[str, tuple[str, str, str]]:
    """Hint and success texts of the template's two example challenges, in pt-BR, es and en."""
    return {
        f"lessons.{number}.example-count.hint": (
            "Use len(districts) para contar as linhas da tabela.",
            "Usa len(districts) para contar las filas de la tabla.",
            "Use len(districts) to count the rows of the table.",
        ),
        f"lessons.{number}.example-count.success": (
            "Cada linha da tabela é um bairro: contar linhas é o primeiro passo para conhecer os dados.",
            "Cada fila de la tabla es un barrio: contar filas es el primer paso para conocer los datos.",
            "Each row of the table is a district: counting rows is the first step to knowing the data.",
        ),
        f"lessons.{number}.example-total.hint": (
            'Escolha a coluna com districts["population"] e some com .sum().',
            'Elige la columna con districts["population"] y suma con .sum().',
            'Pick the column with districts["population"] and add it up with .sum().',
        ),
        f"lessons.{number}.example-total.success": (
            "Com o total de moradores dá para calcular valores por habitante, a base de muitas comparações.",
            "Con el total de habitantes se pueden calcular valores por habitante, la base de muchas comparaciones.",
            "With the total population you can compute per-person figures, the basis of many comparisons.",
        ),
    }
