"""Challenges of lesson 03-cleaning-and-verifying: measuring and cleaning a messy contracts spreadsheet.

The lesson builds its messy table with :func:`civic_kit.quality.make_messy` from the bundled ``contracts``
dataset; :data:`MESSY_ARGUMENTS` are the same arguments as the lesson's cell (if they drift apart, the
hidden solution cells fail under nbval). Expected values are computed by independent routes where possible
(pandas' own ``duplicated`` for the duplicate count), so a bug in the quality report cannot confirm itself.
"""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING, Any

from civic_kit.lessons import Challenge, register

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

__all__ = ["MESSY_ARGUMENTS", "duplicate_rows", "placeholder_contract", "second_supplier_after_cleaning"]

#: The arguments the lesson passes to ``make_messy(load("contracts"), ...)``.
MESSY_ARGUMENTS: dict[str, Any] = {
    "seed": 7,
    "key": "contract_id",
    "name_column": "supplier",
    "value_column": "value_brl",
    "blank_columns": ("value_brl", "end_date"),
}


@cache
def _messy() -> pd.DataFrame:
    """The lesson's messy contracts table (built once per session; callers must not modify it)."""
    from civic_kit.data import load
    from civic_kit.quality import make_messy

    return make_messy(load("contracts"), **MESSY_ARGUMENTS).table


def duplicate_rows() -> int:
    """Rows that are exact copies of an earlier row."""
    return int(_messy().duplicated().sum())


def placeholder_contract() -> str:
    """The contract number of the stand-in row (supplier "A DEFINIR", value 9.999.999,99...)."""
    from civic_kit.quality import quality_report

    records = quality_report(_messy(), key="contract_id").records("quality-placeholder")
    return str(records[0])


def second_supplier_after_cleaning() -> str:
    """Second supplier by contracted value once the table is cleaned as the lesson does."""
    from civic_kit.quality import quality_report, unify_spellings

    messy = _messy()
    report = quality_report(messy, key="contract_id", outliers_within="modality")
    clean = messy.drop_duplicates()
    clean = clean[~clean["contract_id"].isin(report.records("quality-placeholder", "quality-outlier"))]
    clean = clean.assign(supplier=unify_spellings(clean["supplier"]))
    ranking = clean.groupby("supplier")["value_brl"].sum().sort_values(ascending=False)
    return str(ranking.index[1])


register(
    Challenge(
        "03-duplicates",
        "03-cleaning-and-verifying",
        "number",
        expected=duplicate_rows,
        hint_key="lessons.03.duplicates.hint",
        success_key="lessons.03.duplicates.success",
    )
)
register(
    Challenge(
        "03-placeholder",
        "03-cleaning-and-verifying",
        "text",
        expected=placeholder_contract,
        hint_key="lessons.03.placeholder.hint",
        success_key="lessons.03.placeholder.success",
    )
)
register(
    Challenge(
        "03-second-supplier",
        "03-cleaning-and-verifying",
        "text",
        expected=second_supplier_after_cleaning,
        hint_key="lessons.03.second-supplier.hint",
        success_key="lessons.03.second-supplier.success",
    )
)
