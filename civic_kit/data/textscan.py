"""Match one regular expression against many strings in a single C-level pass.

pandas' ``Series.str`` methods call Python's ``re`` once per cell, which costs about a microsecond
each: fine for a thousand cells, seconds for the millions in a 200,000-row export. The government-CSV
reader instead joins a column's distinct values with ``"\\n"`` and lets ``re`` scan the joined text in
one call (multi-line mode, ``^...$`` per value); only the matches come back to Python, and their
offsets are mapped to value positions with ``numpy.searchsorted``.

Patterns given to :class:`Lines` must not match a newline (use ``[ \\t]`` rather than ``\\s``), so that
a match never spans two values.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import cache

import numpy as np

__all__ = ["Lines"]


class Lines:
    """Many strings joined into one text, for whole-column regex tests.

    Parameters
    ----------
    values
        The strings; any that contain a newline are handled one by one instead (rare: quoted
        multi-line cells are never numbers, dates or codes).

    Example
    -------
    >>> Lines(["12", "x", "7"]).match(r"\\d+").tolist()
    [True, False, True]
    """

    def __init__(self, values: Sequence[str]) -> None:
        self.values = list(values)
        self.text = "\n".join(self.values)
        lengths = np.fromiter(map(len, self.values), dtype=np.int64, count=len(self.values))
        self.starts = np.concatenate(([0], np.cumsum(lengths + 1)[:-1])) if len(lengths) else lengths
        self.clean = len(self.text) == int(lengths.sum()) + max(len(self.values) - 1, 0)

    @classmethod
    def from_text(cls, text: str) -> Lines:
        """The lines of ``text`` (split on ``"\n"``), without joining them again."""
        lines = cls([])
        lines.values = text.split("\n")
        lines.text = text
        lengths = np.fromiter(map(len, lines.values), dtype=np.int64, count=len(lines.values))
        lines.starts = np.concatenate(([0], np.cumsum(lengths + 1)[:-1]))
        lines.clean = True
        return lines

    def __len__(self) -> int:
        return len(self.values)

    def match(self, pattern: str) -> np.ndarray:
        """Boolean mask: which values match ``pattern`` entirely."""
        mask = np.zeros(len(self.values), dtype=bool)
        if not self.values:
            return mask
        if not self.clean:
            compiled = re.compile(pattern)
            mask[:] = [compiled.fullmatch(value) is not None for value in self.values]
            return mask
        found = np.fromiter((m.start() for m in _anchored(pattern).finditer(self.text)), dtype=np.int64)
        mask[np.searchsorted(self.starts, found, side="right") - 1] = True
        return mask

    def mismatch(self, pattern: str) -> np.ndarray:
        """Boolean mask: which values do *not* match ``pattern`` entirely.

        Cheaper than ``~match(...)`` when nearly every value matches (a validity check), because
        only the exceptions come back from the regex engine.
        """
        mask = np.zeros(len(self.values), dtype=bool)
        if not self.values:
            return mask
        if not self.clean:
            return ~self.match(pattern)
        found = np.fromiter((m.start() for m in _negated(pattern).finditer(self.text)), dtype=np.int64)
        mask[np.searchsorted(self.starts, found, side="right") - 1] = True
        return mask

    def padded(self) -> bool:
        """Whether any value starts or ends with a space, tab or non-breaking space.

        Plain substring searches (``"\\n "`` and the like) instead of a regex: this runs on every
        column and most exports have no padding at all.
        """
        text = self.text
        for space in _SPACES:
            if text.startswith(space) or text.endswith(space) or f"\n{space}" in text or f"{space}\n" in text:
                return True
        return False

    def contains(self, pattern: str) -> bool:
        """Whether any value contains a match of ``pattern`` (which must not match a newline)."""
        return re.search(pattern, self.text) is not None


_SPACES = (" ", "\t", "\u00a0", "\u202f", "\u2009")


@cache
def _anchored(pattern: str) -> re.Pattern[str]:
    return re.compile(rf"^(?:{pattern})$", re.MULTILINE)


@cache
def _negated(pattern: str) -> re.Pattern[str]:
    return re.compile(rf"^(?!(?:{pattern})$).*$", re.MULTILINE)
