"""Problems as data: every warning or error civic-kit reports is an :class:`Issue`.

An issue carries a stable kebab-case ``code`` (``decimal-comma``, ``ragged-rows``), the parameters
needed to explain it, and where it happened. Its text is rendered in the reader's language from the
message key ``issue.<code>``, so the same issue reads well in pt-BR, es and en, and tests can compare
codes instead of sentences.

The only exception type is :class:`CivicKitError`, which wraps one issue. Apps catch it and show
``error.issue.message(lang)``; nothing else should reach an official's screen.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from civic_kit.i18n import t

__all__ = ["CivicKitError", "Issue", "Severity", "flatten"]

Severity = Literal["error", "warning", "info"]


@dataclass(frozen=True)
class Issue:
    """One problem found in an input, with enough context to explain and locate it."""

    code: str
    """Stable kebab-case identifier; the message key is ``issue.<code>``."""
    params: Mapping[str, Any] = field(default_factory=dict)
    """Values the message template uses (``{rows}``, ``{line}``...)."""
    severity: Severity = "error"
    row: int | None = None
    """1-based line or row number in the user's file, when the issue has one."""
    column: str | None = None

    def message(self, lang: str | None = None) -> str:
        """The issue explained in plain words in ``lang``."""
        params = dict(self.params)
        params.setdefault("row", self.row)
        params.setdefault("column", self.column)
        return t(f"issue.{self.code}", lang, **params)

    def to_dict(self, lang: str | None = None) -> dict[str, Any]:
        """A JSON-ready form (used by ``--json`` outputs and saved reports)."""
        return {
            "code": self.code,
            "severity": self.severity,
            "row": self.row,
            "column": self.column,
            "params": {k: _jsonable(v) for k, v in self.params.items()},
            "message": self.message(lang),
        }


class CivicKitError(Exception):
    """The one exception civic-kit raises on bad input; it carries the :class:`Issue` to show."""

    def __init__(self, issue: Issue) -> None:
        super().__init__(issue.code)
        self.issue = issue

    @classmethod
    def of(cls, code: str, /, row: int | None = None, column: str | None = None, **params: Any) -> CivicKitError:
        """Shorthand: ``raise CivicKitError.of("unknown-dataset", name="x")``."""
        return cls(Issue(code=code, params=params, row=row, column=column))

    def message(self, lang: str | None = None) -> str:
        return self.issue.message(lang)


def flatten(issues: Iterable[Issue], fields: Iterable[str] = ("row", "column", "code")) -> list[list[Any]]:
    """Issues as rows of the chosen fields: compact to assert on in tests and to show as a table."""
    names = list(fields)
    return [[getattr(issue, name) for name in names] for issue in issues]


def _jsonable(value: Any) -> Any:
    if isinstance(value, (str, int, float, bool)) or value is None:
        return value
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    return str(value)
