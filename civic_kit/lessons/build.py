"""Build lesson notebooks from their Markdown sources, byte for byte reproducibly.

``lessons/<lang>/NN-slug.md`` becomes ``notebooks/lessons/<lang>/NN-slug.ipynb`` through jupytext. The
notebooks are committed (Binder and nbval open them), so the build must be a pure function of the source:
cell ids are ``<slug>-<index>`` instead of random, outputs are empty, JSON keys are sorted, and a file is
only rewritten when its bytes change. ``civic-kit lessons check`` renders every source again and compares,
so a notebook edited by hand or a source edited without rebuilding is caught.

Key teaching numbers are guarded by nbval: a code cell whose first line is ``# NBVAL_CHECK_OUTPUT`` keeps
the text output it produced when the lesson was built (``civic-kit lessons build`` runs the notebook once
for that), and ``pytest --nbval-lax`` fails when a change in data or code alters it. Every other cell is
stored without outputs. With ``execute=False`` the outputs already in the committed notebook are kept for
checked cells whose source did not change.

Two things jupytext does not do are done here: links between lessons (``02-budget.md``) are pointed at
the notebooks (``02-budget.ipynb``), and each language's ``glossary.md`` and the ``images/`` folders are
copied next to the notebooks, so every link that works in the sources also works in JupyterLab.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from civic_kit.lessons.challenge import LESSON_SLUG
from civic_kit.lessons.project import GLOSSARY_NAME, find_root, lesson_langs, notebook_path
from civic_kit.lessons.report import LessonIssue, make_issue
from civic_kit.problems import CivicKitError

__all__ = [
    "CHECK_MARKER",
    "BuildResult",
    "asset_pairs",
    "build_lessons",
    "cell_id",
    "is_checked_cell",
    "render_notebook",
    "source_files",
    "without_outputs",
]

#: The nbval marker that makes a cell's output part of the lesson's contract.
CHECK_MARKER = "# NBVAL_CHECK_OUTPUT"
#: Output kinds kept as references: plain text only (HTML reprs and images vary between library versions).
_KEPT_MIME = ("text/plain",)

# A relative link to another lesson's source: [text](02-budget.md#part) or (../es/02-budget.md)
_LESSON_LINK = re.compile(r"(\]\()((?:\.\./[A-Za-z-]+/)?\d{2}-[a-z0-9]+(?:-[a-z0-9]+)*)\.md(#[^)\s]*)?(?=[)\s])")


@dataclass(frozen=True)
class BuildResult:
    """What a build did: files written, files already up to date, and sources that could not be built."""

    written: tuple[Path, ...]
    unchanged: tuple[Path, ...]
    issues: tuple[LessonIssue, ...] = ()

    @property
    def valid(self) -> bool:
        return not self.issues

    def to_dict(self, lang: str | None = None) -> dict[str, object]:
        return {
            "valid": self.valid,
            "written": [path.as_posix() for path in self.written],
            "unchanged": [path.as_posix() for path in self.unchanged],
            "issues": [issue.to_dict(lang) for issue in self.issues],
        }


def cell_id(slug: str, index: int) -> str:
    """A stable cell id (nbformat allows 1-64 characters of ``[A-Za-z0-9_-]``)."""
    suffix = f"-{index}"
    return slug[: 64 - len(suffix)] + suffix


def is_checked_cell(cell: dict) -> bool:
    """A code cell whose first non-blank line is the ``# NBVAL_CHECK_OUTPUT`` marker."""
    if cell.get("cell_type") != "code":
        return False
    lines = [line.strip() for line in str(cell.get("source", "")).splitlines() if line.strip()]
    return bool(lines) and lines[0].startswith(CHECK_MARKER)


def without_outputs(notebook_text: str) -> str:
    """The notebook text with every output and execution count removed (to compare sources only)."""
    import nbformat

    notebook = nbformat.reads(notebook_text, as_version=4)
    for cell in notebook.cells:
        if cell.cell_type == "code":
            cell["outputs"] = []
            cell["execution_count"] = None
    return nbformat.writes(notebook, version=4) + "\n"


def render_notebook(
    path: Path, text: str | None = None, *, execute: bool = False, reference: Path | None = None
) -> str:
    """The exact ``.ipynb`` text the build writes for the source at ``path``.

    ``execute`` runs the notebook (in its target folder) to record the outputs of checked cells;
    otherwise those outputs are taken from ``reference`` (the committed notebook) when the cell's source
    is unchanged.

    Raises ``CivicKitError`` (``lesson-build-failed``) when jupytext cannot read the source or the
    notebook fails while recording reference outputs.
    """
    import jupytext
    import nbformat

    path = Path(path)
    if text is None:
        text = path.read_text(encoding="utf-8")
    try:
        notebook = jupytext.reads(text, fmt="md:myst")
    except Exception as error:
        raise CivicKitError.of("lesson-build-failed", path=path.name, reason=str(error)) from error
    for index, cell in enumerate(notebook.cells):
        cell["id"] = cell_id(path.stem, index)
        if cell.cell_type == "code":
            cell["outputs"] = []
            cell["execution_count"] = None
        elif cell.cell_type == "markdown":
            cell["source"] = _LESSON_LINK.sub(r"\1\2.ipynb\3", cell.source)
    notebook.nbformat, notebook.nbformat_minor = 4, 5
    if execute:
        _record_outputs(notebook, reference.parent if reference else path.parent)
    elif reference is not None and reference.is_file():
        _reuse_outputs(notebook, reference)
    return nbformat.writes(notebook, version=4) + "\n"


def _keep(outputs: list) -> list:
    kept = []
    for output in outputs:
        kind = output.get("output_type")
        if kind == "stream" and output.get("name") == "stdout":
            kept.append(output)
        elif kind in ("execute_result", "display_data"):
            data = {k: v for k, v in output.get("data", {}).items() if k in _KEPT_MIME}
            if data:
                output["data"] = data
                output["metadata"] = {}
                kept.append(output)
    return kept


def _record_outputs(notebook, folder: Path) -> None:
    import copy

    from nbclient import NotebookClient

    executed = copy.deepcopy(notebook)
    folder.mkdir(parents=True, exist_ok=True)
    try:
        NotebookClient(
            executed, timeout=180, kernel_name="python3", resources={"metadata": {"path": str(folder)}}
        ).execute()
    except Exception as error:
        raise CivicKitError.of("lesson-build-failed", path=str(folder.name), reason=str(error)[:500]) from error
    count = 0
    for cell, ran in zip(notebook.cells, executed.cells, strict=True):
        if is_checked_cell(cell):
            count += 1
            cell["outputs"] = _keep(ran.get("outputs", []))
            cell["execution_count"] = count


def _reuse_outputs(notebook, reference: Path) -> None:
    import nbformat

    try:
        old = nbformat.read(reference, as_version=4)
    except (OSError, ValueError):  # an unreadable old notebook simply has no outputs to reuse
        return
    previous = {cell.get("id"): cell for cell in old.cells}
    for cell in notebook.cells:
        before = previous.get(cell.get("id"))
        if is_checked_cell(cell) and before is not None and before.get("source") == cell.get("source"):
            cell["outputs"] = before.get("outputs", [])
            cell["execution_count"] = before.get("execution_count")


def source_files(root: Path, lang: str) -> list[Path]:
    """Lesson sources of one language (``NN-slug.md``), sorted; the glossary and other pages are not lessons."""
    folder = Path(root) / "lessons" / lang
    if not folder.is_dir():
        return []
    return sorted(path for path in folder.glob("*.md") if path.name != GLOSSARY_NAME)


def asset_pairs(root: Path) -> list[tuple[Path, Path]]:
    """``(source, copy)`` pairs of the files notebooks link to: glossaries and everything under ``images/``."""
    root = Path(root)
    lessons, target = root / "lessons", root / "notebooks" / "lessons"
    pairs = []
    for lang in lesson_langs():
        glossary = lessons / lang / GLOSSARY_NAME
        if glossary.is_file():
            pairs.append((glossary, target / lang / GLOSSARY_NAME))
    for images in sorted(lessons.glob("images")) + sorted(lessons.glob("*/images")):
        for file in sorted(p for p in images.rglob("*") if p.is_file()):
            pairs.append((file, target / file.relative_to(lessons)))
    return pairs


def build_lessons(
    root: Path | None = None,
    langs: Sequence[str] | None = None,
    slugs: Iterable[str] | None = None,
    *,
    execute: bool = True,
) -> BuildResult:
    """Build the notebooks of ``slugs`` (default: all) in ``langs`` (default: all three) under ``root``.

    With ``execute`` (the default) each notebook is run once to record the reference outputs of its
    ``# NBVAL_CHECK_OUTPUT`` cells; ``execute=False`` is a fast rebuild that keeps existing references.

    Idempotent: building twice writes nothing the second time. A source jupytext cannot read is reported
    in the result's ``issues`` and the others are still built.

    Raises
    ------
    CivicKitError
        ``lesson-unknown-language`` or ``lesson-source-missing`` (a requested slug exists in no language).
    """
    root = Path(root) if root else find_root()
    langs = tuple(langs) if langs else lesson_langs()
    for lang in langs:
        if lang not in lesson_langs():
            raise CivicKitError.of("lesson-unknown-language", lang=lang, langs=", ".join(lesson_langs()))
    wanted = set(slugs or ())
    for slug in wanted:
        if not LESSON_SLUG.match(slug):
            raise CivicKitError.of("lesson-bad-slug", slug=slug)
    written: list[Path] = []
    unchanged: list[Path] = []
    issues: list[LessonIssue] = []
    found: set[str] = set()
    for lang in langs:
        for source in source_files(root, lang):
            if wanted and source.stem not in wanted:
                continue
            found.add(source.stem)
            target = notebook_path(root, lang, source.stem)
            try:
                text = render_notebook(source, execute=execute, reference=target)
            except CivicKitError as error:
                issues.append(make_issue(root, source, error.issue.code, None, **error.issue.params))
                continue
            (written if _write_if_changed(target, text.encode("utf-8")) else unchanged).append(target)
    missing = wanted - found
    if missing:
        raise CivicKitError.of("lesson-source-missing", slugs=", ".join(sorted(missing)))
    for source, target in asset_pairs(root):
        (written if _write_if_changed(target, source.read_bytes()) else unchanged).append(target)
    return BuildResult(tuple(written), tuple(unchanged), tuple(issues))


def _write_if_changed(path: Path, content: bytes) -> bool:
    if path.is_file() and path.read_bytes() == content:
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content)
    return True
