"""``civic-kit lessons check``: every rule of the lesson format, reported as ``path:line: message``.

Like the Carpentries' lesson validator, it never stops at the first problem: it reads every source, runs
the single-file rules of :mod:`.rules`, then the rules that need several files at once:

- the table of contents (``lessons/config.yaml``) lists every lesson, in number order, and nothing else;
- the three languages of a lesson have the same code cells (the setup cell's language literal apart), the
  same tags in the same order and the same teaching facts (minutes, level, datasets);
- each challenge a lesson checks is registered for that lesson, with its texts in every language;
- the committed notebooks are exactly what ``civic-kit lessons build`` would write now;
- each language has a glossary, and the glossaries define the same anchors.

The result is a :class:`~civic_kit.lessons.report.LessonReport`; ``--json`` prints its ``to_dict()``.
"""

from __future__ import annotations

import difflib
import importlib.util
import inspect
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from civic_kit.i18n import catalog
from civic_kit.lessons.build import asset_pairs, render_notebook, source_files, without_outputs
from civic_kit.lessons.challenge import LESSON_SLUG, Challenge
from civic_kit.lessons.project import (
    GLOSSARY_NAME,
    LessonConfig,
    find_root,
    lesson_langs,
    notebook_path,
    package_dir,
    read_config,
)
from civic_kit.lessons.report import LessonIssue, LessonReport, make_issue, relative_path, sort_issues
from civic_kit.lessons.rules import Context, check_ids, check_source, explicit_anchors, setup_language
from civic_kit.lessons.source import LessonSource, read_source
from civic_kit.problems import CivicKitError

__all__ = ["LessonReport", "check_lessons"]

_LOCALE_DIRS = {"pt-BR": "pt_BR", "es": "es", "en": "en"}


def check_lessons(
    root: Path | None = None,
    *,
    known_datasets: Iterable[str] | None = None,
    package: Path | None = None,
    check_notebooks: bool = True,
) -> LessonReport:
    """Check every lesson source, notebook and glossary under ``root``.

    Parameters
    ----------
    root
        The checkout (holding ``lessons/`` and ``notebooks/``); default: found from the working directory.
    known_datasets
        Dataset names lessons may use; default: the bundled dataset registry. When the registry cannot be
        read, the dataset rule is skipped with a warning instead of failing every lesson.
    package
        The ``civic_kit`` folder whose ``lessons/challenges`` and ``locale`` to use; default: the installed
        package. Tests and forks point it at a copy.
    check_notebooks
        Also compare the built notebooks with the sources (on by default).
    """
    root = Path(root) if root else find_root()
    package = Path(package) if package else package_dir()
    issues: list[LessonIssue] = []
    files: list[str] = []

    def add(path: Path | str, code: str, line: int | None = None, severity: str = "error", **params: Any) -> None:
        issues.append(make_issue(root, path, code, line, severity, **params))  # type: ignore[arg-type]

    config = read_config(root)
    _check_config(config, add)

    registry, module_errors = _load_challenges(package)
    for name, (path, error) in sorted(module_errors.items()):
        line = getattr(error, "lineno", None) if isinstance(error, SyntaxError) else None
        add(path, "lesson-challenge-module-error", line, module=name, problem=_describe_error(error))

    datasets = _known_datasets(known_datasets)
    if datasets is None:
        add(config.path, "lesson-datasets-unverified", None, "warning")
    context = Context(
        lessons_dir=root / "lessons",
        known_datasets=datasets,
        challenge=registry.get,
        has_message=_message_lookup(package),
        chart_functions=_chart_functions(),
    )

    sources: dict[str, dict[str, LessonSource]] = {}
    for lang in lesson_langs():
        folder = root / "lessons" / lang
        if not (folder / GLOSSARY_NAME).is_file():
            add(folder / GLOSSARY_NAME, "lesson-glossary-missing", None, lang=lang)
        for path in source_files(root, lang):
            source = read_source(path)
            files.append(relative_path(root, path))
            for code, line, severity, params in check_source(source, context):
                add(path, code, line, severity, **params)
            sources.setdefault(source.slug, {})[lang] = source

    _check_listing(root, config, sources, add)
    for slug, by_lang in sorted(sources.items()):
        _check_parallel(by_lang, add)
        _check_unused(slug, by_lang, registry, add)
    _check_glossaries(root, add)
    if check_notebooks:
        _check_notebooks(root, sources, add)
    return LessonReport(sort_issues(issues), tuple(files))


# --- the table of contents ------------------------------------------------------------------------------


def _check_config(config: LessonConfig, add: Any) -> None:
    if config.error == "missing":
        add(config.path, "lesson-config-missing")
        return
    if config.error is not None:
        add(config.path, "lesson-config-invalid", config.error_line, problem=config.error)
        return
    seen: set[str] = set()
    previous: tuple[int, str] | None = None
    for index, slug in enumerate(config.slugs):
        line = config.item_lines[index] if index < len(config.item_lines) else None
        match = LESSON_SLUG.match(slug)
        if not match:
            add(config.path, "lesson-bad-slug", line, slug=slug)
            continue
        if slug in seen:
            add(config.path, "lesson-config-duplicate", line, slug=slug)
        seen.add(slug)
        key = (int(match["number"]), slug)
        if previous is not None and key < previous:
            add(config.path, "lesson-config-order", line, slug=slug, previous=previous[1])
        previous = key


def _check_listing(root: Path, config: LessonConfig, sources: dict[str, dict[str, LessonSource]], add: Any) -> None:
    if config.error is not None:
        return
    listed = set(config.slugs)
    for slug, by_lang in sources.items():
        if slug not in listed:
            for source in by_lang.values():
                add(source.path, "lesson-not-listed", 1, slug=slug)
    for slug in config.slugs:
        for lang in lesson_langs():
            if LESSON_SLUG.match(slug) and lang not in sources.get(slug, {}):
                add(config.path, "lesson-listed-missing", config.lines.get(slug), slug=slug, lang=lang)


# --- parallel languages ---------------------------------------------------------------------------------


def _normalised_code(source: str) -> str:
    """A code cell as compared across languages: trailing spaces ignored, the setup literal neutralised."""
    text = "\n".join(line.rstrip() for line in source.strip().splitlines())
    lang = setup_language(source)
    return text.replace(f'setup("{lang}")', 'setup("<lang>")') if lang is not None else text


def _check_parallel(by_lang: dict[str, LessonSource], add: Any) -> None:
    usable = {lang: src for lang, src in by_lang.items() if src.parse_error is None}
    if len(usable) < 2:
        return
    reference_lang = next(lang for lang in lesson_langs() if lang in usable)
    reference = usable[reference_lang]
    ref_tags = [(tag, cell) for cell in reference.cells for tag in cell.tags]
    for lang, other in usable.items():
        if lang == reference_lang:
            continue
        where = f"{reference.path.parent.name}/{reference.path.name}"
        _compare_code(other, reference, where, add)
        tags = [(tag, cell) for cell in other.cells for tag in cell.tags]
        if [tag for tag, _ in tags] != [tag for tag, _ in ref_tags]:
            position = next(
                (i for i, (a, b) in enumerate(zip(tags, ref_tags, strict=False)) if a[0] != b[0]),
                min(len(tags), len(ref_tags)),
            )
            line = tags[position][1].line if position < len(tags) else (other.cells[-1].line if other.cells else 1)
            found = tags[position][0] if position < len(tags) else "-"
            expected = ref_tags[position][0] if position < len(ref_tags) else "-"
            add(other.path, "lesson-parallel-tags", line, found=found, expected=expected, reference=where)
        for key in ("teaching", "exercises", "level", "datasets"):
            mine_value, ref_value = other.front.values.get(key), reference.front.values.get(key)
            if key in other.front.values and key in reference.front.values and mine_value != ref_value:
                add(other.path, "lesson-parallel-front-matter", other.front.line(key), key=key, reference=where)


def _compare_code(other: LessonSource, reference: LessonSource, where: str, add: Any) -> None:
    """Align the two versions' code cells (like a diff) so one added cell is one problem, not a cascade."""
    mine, theirs = other.code_cells(), reference.code_cells()
    matcher = difflib.SequenceMatcher(
        None, [_normalised_code(c.source) for c in theirs], [_normalised_code(c.source) for c in mine], autojunk=False
    )
    for operation, ref_start, ref_end, start, end in matcher.get_opcodes():
        if operation == "equal":
            continue
        paired = min(ref_end - ref_start, end - start) if operation == "replace" else 0
        for offset in range(paired):
            cell, ref_cell = mine[start + offset], theirs[ref_start + offset]
            add(other.path, "lesson-parallel-code", cell.line, reference=f"{where}:{ref_cell.line}")
        for cell in mine[start + paired : end]:
            add(other.path, "lesson-parallel-code-extra", cell.line, reference=where)
        for ref_cell in theirs[ref_start + paired : ref_end]:
            line = mine[end].line if end < len(mine) else (other.cells[-1].line if other.cells else 1)
            add(other.path, "lesson-parallel-code-missing", line, reference=f"{where}:{ref_cell.line}")


def _check_unused(slug: str, by_lang: dict[str, LessonSource], registry: dict[str, Challenge], add: Any) -> None:
    reference = next((by_lang[lang] for lang in lesson_langs() if lang in by_lang), None)
    if reference is None or reference.parse_error is not None:
        return
    used = {challenge_id for challenge_id, _ in check_ids(reference)}
    for challenge in sorted(registry.values(), key=lambda c: c.id):
        if challenge.lesson == slug and challenge.id not in used:
            add(reference.path, "lesson-challenge-unused", None, "warning", id=challenge.id)


# --- generated files ------------------------------------------------------------------------------------


def _check_notebooks(root: Path, sources: dict[str, dict[str, LessonSource]], add: Any) -> None:
    for by_lang in sources.values():
        for lang, source in by_lang.items():
            if source.parse_error is not None or not LESSON_SLUG.match(source.slug):
                continue
            target = notebook_path(root, lang, source.slug)
            shown = relative_path(root, target)
            if not target.is_file():
                add(source.path, "lesson-notebook-missing", None, notebook=shown)
                continue
            try:
                expected = render_notebook(source.path, source.text)
            except CivicKitError:
                continue  # already reported as invalid MyST
            if without_outputs(target.read_text(encoding="utf-8")) != without_outputs(expected):
                add(source.path, "lesson-notebook-out-of-sync", None, notebook=shown)
    for lang in lesson_langs():
        folder = root / "notebooks" / "lessons" / lang
        for notebook in sorted(folder.glob("*.ipynb")) if folder.is_dir() else ():
            if lang not in sources.get(notebook.stem, {}):
                add(notebook, "lesson-notebook-orphan", None)
    for source, copy in asset_pairs(root):
        if not copy.is_file() or copy.read_bytes() != source.read_bytes():
            add(source, "lesson-asset-out-of-sync", None, copy=relative_path(root, copy))


def _check_glossaries(root: Path, add: Any) -> None:
    anchors = {}
    for lang in lesson_langs():
        path = root / "lessons" / lang / GLOSSARY_NAME
        if path.is_file():
            anchors[lang] = (path, explicit_anchors(path.read_text(encoding="utf-8")))
    if len(anchors) < 2:
        return
    reference_lang = next(lang for lang in lesson_langs() if lang in anchors)
    _, reference = anchors[reference_lang]
    for path, mine in anchors.values():
        for anchor in sorted(reference - mine):
            add(path, "lesson-glossary-anchor-missing", None, anchor=anchor, reference=reference_lang)
        for anchor in sorted(mine - reference):
            add(path, "lesson-glossary-anchor-extra", None, "warning", anchor=anchor, reference=reference_lang)


# --- what the rules consult -----------------------------------------------------------------------------


def _load_challenges(package: Path) -> tuple[dict[str, Challenge], dict[str, tuple[Path, Exception]]]:
    """Registered challenges, plus those of another package copy's ``lessons/challenges`` folder."""
    from civic_kit.lessons.challenges import all_challenges, load_errors

    folder = package / "lessons" / "challenges"
    errors = {
        name: (package_dir() / "lessons" / "challenges" / f"{name}.py", error) for name, error in load_errors().items()
    }
    if package.resolve() != package_dir().resolve():
        for path in sorted(folder.glob("[!_]*.py")):
            name = f"_civic_kit_lesson_challenges_{abs(hash(str(path.resolve())))}_{path.stem}"
            try:
                spec = importlib.util.spec_from_file_location(name, path)
                if spec is None or spec.loader is None:
                    continue
                module = importlib.util.module_from_spec(spec)
                sys.modules[name] = module
                spec.loader.exec_module(module)
            except Exception as error:  # noqa: BLE001 - report it with the lesson problems, never crash the checker
                errors[path.stem] = (path, error)
    return {challenge.id: challenge for challenge in all_challenges()}, errors


def _describe_error(error: Exception) -> str:
    if isinstance(error, CivicKitError):
        return error.message()
    return f"{type(error).__name__}: {error}"[:200]


def _known_datasets(given: Iterable[str] | None) -> frozenset[str] | None:
    if given is not None:
        return frozenset(given)
    try:
        from civic_kit.data import list_datasets

        names = list_datasets()
    except Exception:  # noqa: BLE001 - the registry is optional for checking structure; the caller warns
        return None
    return frozenset(name if isinstance(name, str) else str(getattr(name, "name", name)) for name in names)


def _message_lookup(package: Path) -> Any:
    """``has(key, lang)``: is the message in the installed catalogs or in ``package``'s own ``.po`` files?"""
    extra: dict[str, set[str]] = {}
    if package.resolve() != package_dir().resolve():
        from babel.messages.pofile import read_po

        for lang, folder in _LOCALE_DIRS.items():
            keys: set[str] = set()
            for po_path in sorted((package / "locale" / folder / "LC_MESSAGES").glob("*.po")):
                with po_path.open("rb") as handle:
                    keys.update(str(m.id) for m in read_po(handle) if m.id and m.string)
            extra[lang] = keys

    def has(key: str, lang: str) -> bool:
        if lang not in _LOCALE_DIRS:
            return False
        return key in catalog(lang) or key in extra.get(lang, set())

    return has


def _chart_functions() -> frozenset[str] | None:
    """Public functions of ``civic_kit.charts`` that take ``alt`` (the ones that draw a chart)."""
    try:
        charts = importlib.import_module("civic_kit.charts")
    except Exception:  # noqa: BLE001 - not written yet, or broken: treat every public call on it as a chart
        return None
    names = set()
    for name, value in vars(charts).items():
        if name.startswith("_") or not callable(value):
            continue
        try:
            parameters = inspect.signature(value).parameters
        except (TypeError, ValueError):
            continue
        if "alt" in parameters:
            names.add(name)
    return frozenset(names)
