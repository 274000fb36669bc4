"""Challenges of lesson 08-privacy-before-publishing: personal data, re-identification, small cells.

Expected values are computed with :mod:`civic_kit.privacy` from the same seeded, fictional requester list
the lesson uses (``fake_requesters()`` with its default seed), so they follow any change to the generator.
"""

from __future__ import annotations

from civic_kit.lessons import Challenge, register

__all__ = ["QUASI_IDENTIFIERS", "exposed_people", "personal_columns", "suppressed_cells"]

#: The generalised quasi-identifiers of challenges 2 and 3.
QUASI_IDENTIFIERS = ("bairro", "decada")


def _masked_with_decade():
    from civic_kit.privacy import fake_requesters, mask_columns

    masked = mask_columns(fake_requesters())
    masked["decada"] = masked["ano_nascimento"] // 10 * 10
    return masked


def personal_columns() -> tuple[str, ...]:
    """Columns of the fictional requester list that hold personal data (free text included)."""
    from civic_kit.privacy import fake_requesters, scan

    return scan(fake_requesters()).personal_columns


def exposed_people() -> int:
    """People in groups of fewer than 5 sharing district and birth decade."""
    from civic_kit.privacy import groups_below_k

    return int(groups_below_k(_masked_with_decade(), list(QUASI_IDENTIFIERS), 5)["people"].sum())


def suppressed_cells() -> int:
    """Cells hidden when the district x decade table is published with k = 5."""
    import pandas as pd

    from civic_kit.privacy import suppress_small_cells

    masked = _masked_with_decade()
    table = pd.crosstab(masked["bairro"], masked["decada"])
    return int(suppress_small_cells(table, 5).isna().sum().sum())


register(
    Challenge(
        "08-personal-columns",
        "08-privacy-before-publishing",
        "set",
        expected=personal_columns,
        hint_key="lessons.08.personal-columns.hint",
        success_key="lessons.08.personal-columns.success",
    )
)
register(
    Challenge(
        "08-exposed-people",
        "08-privacy-before-publishing",
        "number",
        expected=exposed_people,
        hint_key="lessons.08.exposed-people.hint",
        success_key="lessons.08.exposed-people.success",
    )
)
register(
    Challenge(
        "08-suppressed-cells",
        "08-privacy-before-publishing",
        "number",
        expected=suppressed_cells,
        hint_key="lessons.08.suppressed-cells.hint",
        success_key="lessons.08.suppressed-cells.success",
    )
)
