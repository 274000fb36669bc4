"""Challenges of lesson 02-reading-government-files: the raw budget export of Vale Verde's portal.

Expected values come from reading the bundled raw file with :func:`civic_kit.data.read_gov_csv`, so they
follow the file if the teaching city is regenerated (and fail loudly if the reader stops understanding it).
"""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING, Any

from civic_kit.lessons import Challenge, register

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

__all__ = ["detected_separator", "header_line", "paid_in_2024"]

#: The column names of the raw export that the lesson uses.
YEAR = "Exercício"
PAID = "Pago (R$)"


@cache
def _read() -> tuple[pd.DataFrame, Any]:
    """The raw export read once per session (the file is bundled and never changes while a lesson runs)."""
    from civic_kit.data import dataset_path, read_gov_csv

    return read_gov_csv(dataset_path("budget_execution_raw"))


def detected_separator() -> str:
    """The character that separates the columns of the raw export."""
    return str(_read()[1].separator)


def header_line() -> int:
    """The line of the file (counting from 1) that holds the column names."""
    return int(_read()[1].header_row)


def paid_in_2024() -> float:
    """Total paid (pago) in fiscal year 2024, in reais."""
    table = _read()[0]
    return float(table.loc[table[YEAR] == 2024, PAID].sum())


register(
    Challenge(
        "02-separator",
        "02-reading-government-files",
        "choice",
        expected=detected_separator,
        options=(",", ";", "\t", "|"),
        hint_key="lessons.02.separator.hint",
        success_key="lessons.02.separator.success",
    )
)
register(
    Challenge(
        "02-header-line",
        "02-reading-government-files",
        "number",
        expected=header_line,
        hint_key="lessons.02.header-line.hint",
        success_key="lessons.02.header-line.success",
    )
)
register(
    Challenge(
        "02-paid-2024",
        "02-reading-government-files",
        "number",
        expected=paid_in_2024,
        tolerance=0.01,
        hint_key="lessons.02.paid-2024.hint",
        success_key="lessons.02.paid-2024.success",
    )
)
