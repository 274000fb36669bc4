"""Challenges of lesson 09-data-journalism: the placeholder row, supplier concentration, split purchases.

Expected values are computed with :mod:`civic_kit.journalism` from the bundled ``contracts`` data, after the
same cleaning step as the lesson (the placeholder row removed), so they follow the data.
"""

from __future__ import annotations

from civic_kit.lessons import Challenge, register

__all__ = ["DISPENSA_LIMIT_2023", "HEALTH", "health_top_share_percent", "placeholder_id", "split_contracts"]

#: Lei 14.133/2021 art. 75 II as updated from 1 Jan 2023 (decree of Dec 2022) [secondary].
DISPENSA_LIMIT_2023 = 57_208.33
HEALTH = "Secretaria Municipal de Saúde"


def _contracts():
    from civic_kit.data import load

    return load("contracts")


def _clean():
    contracts = _contracts()
    return contracts[contracts["contract_id"] != placeholder_id()]


def placeholder_id() -> str:
    """The record left with the system's default values: the only one signed before 2000."""
    contracts = _contracts()
    return str(contracts.loc[contracts["signed_date"].dt.year < 2000, "contract_id"].iloc[0])


def health_top_share_percent() -> float:
    """The health department's leading supplier's share of its contracted value, in percent."""
    from civic_kit.journalism import supplier_concentration

    table = supplier_concentration(_clean()).set_index("orgao")
    return float(table.loc[HEALTH, "top_share"] * 100)


def split_contracts() -> int:
    """Contracts inside the split-purchase candidates found with the 2023 limit."""
    from civic_kit.journalism import split_purchase_candidates

    return int(split_purchase_candidates(_clean(), DISPENSA_LIMIT_2023)["contracts"].sum())


register(
    Challenge(
        "09-placeholder",
        "09-data-journalism",
        "text",
        expected=placeholder_id,
        hint_key="lessons.09.placeholder.hint",
        success_key="lessons.09.placeholder.success",
    )
)
register(
    Challenge(
        "09-health-share",
        "09-data-journalism",
        "number",
        expected=health_top_share_percent,
        tolerance=0.05,
        hint_key="lessons.09.health-share.hint",
        success_key="lessons.09.health-share.success",
    )
)
register(
    Challenge(
        "09-split-contracts",
        "09-data-journalism",
        "number",
        expected=split_contracts,
        hint_key="lessons.09.split-contracts.hint",
        success_key="lessons.09.split-contracts.success",
    )
)
