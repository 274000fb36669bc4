"""Reading a lesson source (``lessons/<lang>/NN-slug.md``) into cells that remember their line numbers.

jupytext is the authority on how MyST Markdown becomes notebook cells (the build uses it, so the checker
must see exactly the same cells), but it does not say where each cell came from. We find each cell's first
line by scanning the file forward, so every checker message can point an educator at ``file:line``. The
front matter is parsed with PyYAML's node API, which keeps the line of every key.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

__all__ = ["FrontMatter", "LessonSource", "SourceCell", "read_source", "split_front_matter"]

CellKind = Literal["markdown", "code", "raw"]


@dataclass(frozen=True)
class SourceCell:
    """One notebook cell as jupytext reads it, plus where it starts in the ``.md`` file."""

    index: int
    kind: CellKind
    source: str
    metadata: Mapping[str, Any]
    line: int
    """1-based line of the cell's first source line (of its marker when the cell is empty)."""

    @property
    def tags(self) -> tuple[str, ...]:
        tags = self.metadata.get("tags", ())
        return tuple(str(tag) for tag in tags) if isinstance(tags, (list, tuple)) else ()

    def line_of(self, offset: int) -> int:
        """The file line of character ``offset`` of :attr:`source` (cells keep their lines verbatim)."""
        return self.line + self.source.count("\n", 0, max(offset, 0))


@dataclass(frozen=True)
class FrontMatter:
    """The YAML header: its values, the line of each key, and any parse error."""

    values: Mapping[str, Any] = field(default_factory=dict)
    key_lines: Mapping[str, int] = field(default_factory=dict)
    present: bool = False
    error: str | None = None
    error_line: int | None = None
    end_line: int = 0
    """Line of the closing ``---`` (0 without front matter)."""

    def line(self, key: str) -> int:
        """Where ``key`` is written, or line 1 when it is missing (the header is where to add it)."""
        return self.key_lines.get(key, 1)


@dataclass(frozen=True)
class LessonSource:
    """A parsed lesson source file."""

    path: Path
    lang_dir: str
    slug: str
    text: str
    front: FrontMatter
    cells: tuple[SourceCell, ...]
    parse_error: str | None = None

    def code_cells(self) -> list[SourceCell]:
        return [cell for cell in self.cells if cell.kind == "code"]

    def tagged(self, tag: str) -> list[SourceCell]:
        return [cell for cell in self.cells if tag in cell.tags]


_FENCE = re.compile(r"^---\s*$")


def split_front_matter(text: str) -> tuple[str | None, int]:
    """Return ``(yaml_text, closing_line)``; ``(None, 0)`` when the file does not start with ``---``."""
    lines = text.splitlines()
    if not lines or not _FENCE.match(lines[0]):
        return None, 0
    for number, line in enumerate(lines[1:], start=2):
        if _FENCE.match(line):
            return "\n".join(lines[1 : number - 1]), number
    return "\n".join(lines[1:]), len(lines)


def parse_front_matter(text: str) -> FrontMatter:
    """Parse the YAML header, keeping the line of every top-level key."""
    import yaml

    raw, end = split_front_matter(text)
    if raw is None:
        return FrontMatter()
    try:
        node = yaml.compose(raw, Loader=yaml.SafeLoader)
        values = yaml.safe_load(raw)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None) or getattr(error, "context_mark", None)
        line = mark.line + 2 if mark is not None else 1
        problem = getattr(error, "problem", None) or str(error).splitlines()[0]
        return FrontMatter(present=True, error=str(problem), error_line=line, end_line=end)
    if values is None:
        values = {}
    if not isinstance(values, dict) or not isinstance(node, yaml.MappingNode | type(None)):
        return FrontMatter(present=True, error="not-a-mapping", error_line=2, end_line=end)
    key_lines = {}
    for key_node, _ in node.value if node is not None else ():
        key_lines[str(key_node.value)] = key_node.start_mark.line + 2
    return FrontMatter(values=values, key_lines=key_lines, present=True, end_line=end)


def read_source(path: Path, text: str | None = None) -> LessonSource:
    """Read ``path`` (``lessons/<lang>/NN-slug.md``) into a :class:`LessonSource`.

    Never raises on a malformed file: a YAML or MyST error is kept in ``front.error`` / ``parse_error`` so
    the checker can report it with the other problems.
    """
    import jupytext

    path = Path(path)
    if text is None:
        text = path.read_text(encoding="utf-8")
    front = parse_front_matter(text)
    body_offset = 0
    to_parse = text
    if front.error is not None:  # give jupytext the body only, and shift its lines back
        lines = text.splitlines(keepends=True)
        body_offset = front.end_line
        to_parse = "".join(lines[front.end_line :])
    try:
        notebook = jupytext.reads(to_parse, fmt="md:myst")
    except Exception as error:  # noqa: BLE001 - jupytext raises many types on broken MyST; report, never crash
        return LessonSource(path, path.parent.name, path.stem, text, front, (), parse_error=str(error))
    cells = _locate(notebook.cells, text, start=max(front.end_line, body_offset))
    return LessonSource(path, path.parent.name, path.stem, text, front, tuple(cells))


def _locate(cells: list[Any], text: str, start: int) -> list[SourceCell]:
    """Pair jupytext's cells with line numbers by finding each cell's first source line, in order."""
    lines = text.splitlines()
    position = start  # 0-based index of the next line to search from
    located = []
    for index, cell in enumerate(cells):
        source = str(cell.source)
        first = next((line for line in source.splitlines() if line.strip()), None)
        line_number = position + 1
        if first is not None:
            offset = next(i for i, line in enumerate(source.splitlines()) if line.strip())
            for number in range(position, len(lines)):
                if lines[number].rstrip() == first.rstrip():
                    line_number = number + 1 - offset
                    # the next cell starts after this one's last line (cells keep their lines verbatim)
                    position = number + len(source.splitlines()) - offset
                    break
        located.append(
            SourceCell(
                index=index,
                kind=str(cell.cell_type),  # type: ignore[arg-type]  # jupytext yields markdown/code/raw only
                source=source,
                metadata=dict(cell.metadata),
                line=max(line_number, 1),
            )
        )
    return located
