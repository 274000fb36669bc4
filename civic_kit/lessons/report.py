"""Problems found in lesson files, located by ``path:line`` and explained in the educator's language."""

from __future__ import annotations

import contextlib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from civic_kit.i18n import t
from civic_kit.problems import Issue, Severity

__all__ = ["LessonIssue", "LessonReport", "make_issue", "relative_path", "sort_issues"]


@dataclass(frozen=True)
class LessonIssue:
    """One problem in one file: an :class:`~civic_kit.problems.Issue` plus the file it is in."""

    path: str
    """Path relative to the checkout root (``lessons/es/01-open-data.md``), as the educator sees it."""
    issue: Issue

    @property
    def code(self) -> str:
        return self.issue.code

    @property
    def line(self) -> int | None:
        return self.issue.row

    @property
    def severity(self) -> Severity:
        return self.issue.severity

    def message(self, lang: str | None = None) -> str:
        return self.issue.message(lang)

    def format(self, lang: str | None = None) -> str:
        """``path:line: message`` -- the layout editors and CI logs turn into clickable links."""
        where = f"{self.path}:{self.line}" if self.line else self.path
        label = t(f"lessons.severity.{self.severity}", lang)
        return f"{where}: {label}: {self.message(lang)}"

    def to_dict(self, lang: str | None = None) -> dict[str, Any]:
        data = self.issue.to_dict(lang)
        data.pop("row", None)
        data.pop("column", None)
        return {"path": self.path, "line": self.line, **data}


def make_issue(
    root: Path, path: Path | str, code: str, line: int | None = None, severity: Severity = "error", /, **params: Any
) -> LessonIssue:
    """Build a :class:`LessonIssue` with ``path`` shown relative to ``root`` when it is inside it."""
    return LessonIssue(relative_path(root, path), Issue(code=code, params=params, severity=severity, row=line))


def relative_path(root: Path, path: Path | str) -> str:
    """``path`` relative to ``root`` in POSIX form (absolute when outside it): what a report shows."""
    shown = Path(path)
    with contextlib.suppress(ValueError):  # outside root: keep it absolute
        shown = shown.resolve().relative_to(Path(root).resolve())
    return shown.as_posix()


@dataclass(frozen=True)
class LessonReport:
    """Everything ``civic-kit lessons check`` found: valid when there is no error (warnings are allowed)."""

    issues: tuple[LessonIssue, ...]
    files: tuple[str, ...] = ()
    """Files that were checked, relative to the root."""

    @property
    def errors(self) -> tuple[LessonIssue, ...]:
        return tuple(issue for issue in self.issues if issue.severity == "error")

    @property
    def warnings(self) -> tuple[LessonIssue, ...]:
        return tuple(issue for issue in self.issues if issue.severity == "warning")

    @property
    def valid(self) -> bool:
        return not self.errors

    def flatten(self, fields: Iterable[str] = ("path", "line", "code")) -> list[list[Any]]:
        """Issues as rows of the chosen fields: compact to assert on in tests."""
        names = list(fields)
        return [[getattr(issue, name) for name in names] for issue in self.issues]

    def summary(self, lang: str | None = None) -> str:
        return t(
            "lessons.check.summary",
            lang,
            files=len(self.files),
            errors=len(self.errors),
            warnings=len(self.warnings),
        )

    def to_dict(self, lang: str | None = None) -> dict[str, Any]:
        return {
            "valid": self.valid,
            "files": list(self.files),
            "errors": len(self.errors),
            "warnings": len(self.warnings),
            "issues": [issue.to_dict(lang) for issue in self.issues],
        }


def sort_issues(issues: Iterable[LessonIssue]) -> tuple[LessonIssue, ...]:
    """Issues in reading order: by file, then line (file-level problems first), then code."""
    return tuple(sorted(issues, key=lambda i: (i.path, i.line or 0, i.code)))
