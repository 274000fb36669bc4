"""civic_kit.opendata_value: the estimate against hand computations, and every malformed input refused in words."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from civic_kit.i18n import LANGUAGES
from civic_kit.opendata_value import (
    ASSUMPTION_FIELDS,
    MAX_YEARS,
    Assumptions,
    ReuseTerms,
    assumption_label,
    break_even,
    check_assumptions,
    estimate_value,
    reuse_summary,
    reuse_terms,
    sensitivity,
)
from civic_kit.problems import CivicKitError

BASE = {
    "users_per_month": 1000,
    "uses_per_user": 4,
    "minutes_saved": 3,
    "value_of_hour": 10,
    "opening_cost": 5000,
    "upkeep_per_month": 500,
}


@pytest.fixture
def base() -> Assumptions:
    return Assumptions(**BASE)


# -- the model ---------------------------------------------------------------------------------------


def test_one_year_matches_a_hand_computation(base):
    estimate = estimate_value(base, years=1)
    # 1000 people x 4 uses x 3 minutes = 12,000 minutes = 200 hours a month, at 10 an hour = 2,000 a month.
    assert estimate.hours_saved_per_month == pytest.approx(200)
    assert estimate.people_benefit_per_month == pytest.approx(2000)
    assert estimate.city_savings_per_month == 0
    assert estimate.total_benefit == pytest.approx(24_000)
    assert estimate.total_cost == pytest.approx(5000 + 12 * 500)
    assert estimate.net_value == pytest.approx(13_000)
    assert estimate.benefit_cost_ratio == pytest.approx(24_000 / 11_000)
    # Each month gains 1,500 net; 5,000 to recover -> paid back at the end of month 4 (6,000 >= 5,000).
    assert estimate.payback_months == 4
    assert estimate.worthwhile


def test_years_split_the_opening_cost_into_year_one(base):
    table = estimate_value(base, years=3).table()
    assert list(table.columns) == ["year", "benefit", "cost", "net", "cumulative_net"]
    assert table["year"].tolist() == [1, 2, 3]
    assert table["cost"].tolist() == pytest.approx([11_000, 6_000, 6_000])
    assert table["cumulative_net"].iloc[-1] == pytest.approx(estimate_value(base, years=3).net_value)
    assert table["cumulative_net"].tolist() == pytest.approx(table["net"].cumsum().tolist())


def test_city_savings_add_to_the_benefit(base):
    with_requests = base.with_changes(requests_avoided_per_month=2, cost_per_request=150)
    estimate = estimate_value(with_requests, years=2)
    assert estimate.city_savings_per_month == pytest.approx(300)
    assert estimate.net_value == pytest.approx(estimate_value(base, years=2).net_value + 24 * 300)


def test_discounting_matches_a_monthly_present_value(base):
    rate = 0.08
    estimate = estimate_value(base, years=2, discount_rate=rate)
    factors = [(1 + rate) ** (-m / 12) for m in range(1, 25)]
    assert estimate.total_benefit == pytest.approx(2000 * sum(factors))
    assert estimate.total_cost == pytest.approx(5000 + 500 * sum(factors))
    assert estimate.net_value < estimate_value(base, years=2).net_value


def test_payback_edge_cases(base):
    assert estimate_value(base.with_changes(opening_cost=0)).payback_months == 0
    losing = base.with_changes(opening_cost=0, upkeep_per_month=5000)
    assert estimate_value(losing).payback_months is None
    assert not estimate_value(losing).worthwhile
    slow = base.with_changes(users_per_month=10)  # 20 a month against 500 of upkeep: never pays back
    assert estimate_value(slow, years=5).payback_months is None
    # Exactly even: 2,000 gained and 500 spent a month pays back 6,000 at the end of month 4.
    exact = base.with_changes(opening_cost=6000)
    assert estimate_value(exact).payback_months == 4


def test_no_costs_has_no_ratio(base):
    free = base.with_changes(opening_cost=0, upkeep_per_month=0)
    estimate = estimate_value(free)
    assert estimate.benefit_cost_ratio is None
    assert estimate.payback_months == 0


def test_to_dict_is_plain_data(base):
    data = estimate_value(base, years=2).to_dict()
    assert data["assumptions"]["users_per_month"] == 1000.0
    assert len(data["yearly"]) == 2
    assert set(data["yearly"][0]) == {"year", "benefit", "cost", "net", "cumulative_net"}


# -- summary and tables in every language -------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGUAGES)
def test_summary_says_assumptions_and_the_key_numbers(base, lang):
    lines = estimate_value(base.with_changes(requests_avoided_per_month=1, cost_per_request=100)).summary(lang)
    assert len(lines) == 6
    text = "\n".join(lines)
    assert ("13.000" if lang != "en" else "13,000") not in text  # three years, not one
    assert ("36" in lines[3]) and ("200" in lines[1])
    assert lines[0].startswith({"pt-BR": "Hipóteses", "es": "Supuestos", "en": "Assumptions"}[lang])


@pytest.mark.parametrize("lang", LANGUAGES)
def test_summary_variants(base, lang):
    free = estimate_value(base.with_changes(opening_cost=0, upkeep_per_month=0)).summary(lang)
    never = estimate_value(base.with_changes(users_per_month=1), years=1).summary(lang)
    discounted = estimate_value(base, discount_rate=0.05).summary(lang, currency="$")
    assert len(free) == len(never) == 5
    assert "12" in never[-1]  # "not paid back within 12 months"
    assert "5,0%" in discounted[-1] or "5.0%" in discounted[-1]
    assert "$ " in discounted[1] and "R$" not in discounted[1]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_assumptions_table_labels_every_value_an_assumption(base, lang):
    table = base.table(lang)
    assert table["assumption"].tolist() == list(ASSUMPTION_FIELDS)
    assert table["status"].nunique() == 1
    assert table["meaning"].tolist() == [assumption_label(name, lang) for name in ASSUMPTION_FIELDS]
    assert "R$" in table.set_index("assumption").loc["opening_cost", "unit"]
    assert "$U" in base.table(lang, currency="$U").set_index("assumption").loc["opening_cost", "unit"]


# -- validation --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "code"),
    [
        ("3000", "opendata-value-not-number"),
        (None, "opendata-value-not-number"),
        (True, "opendata-value-not-number"),
        ([3000], "opendata-value-not-number"),
        (np.bool_(True), "opendata-value-not-number"),
        (float("nan"), "opendata-value-not-finite"),
        (float("inf"), "opendata-value-not-finite"),
        (-1, "opendata-value-negative"),
        (np.float64(-0.5), "opendata-value-negative"),
    ],
    ids=["text", "none", "bool", "list", "numpy-bool", "nan", "inf", "negative", "numpy-negative"],
)
def test_bad_values_are_refused_with_a_translated_message(value, code):
    with pytest.raises(CivicKitError) as caught:
        Assumptions(**{**BASE, "minutes_saved": value})
    assert caught.value.issue.code == code
    assert caught.value.issue.column == "minutes_saved"
    for lang in LANGUAGES:
        assert "minutes_saved" in caught.value.message(lang)


@pytest.mark.parametrize(
    "value",
    [3, 3.5, np.int64(3), np.float32(3.5), Decimal("3.5"), Fraction(7, 2), np.array(3.0)],
    ids=["int", "float", "numpy-int", "numpy-float", "decimal", "fraction", "0-d-array"],
)
def test_any_real_number_is_accepted_and_stored_as_float(value):
    assumptions = Assumptions(**{**BASE, "minutes_saved": value})
    assert isinstance(assumptions.minutes_saved, float)
    assert assumptions.minutes_saved == pytest.approx(float(value))


def test_check_assumptions_collects_every_problem():
    issues = check_assumptions({"users_per_month": "many", "uses_per_user": -1, "typo": 3, "minutes_saved": 2})
    codes = sorted(issue.code for issue in issues)
    assert codes == sorted(
        [
            "opendata-value-unknown-assumption",
            "opendata-value-not-number",
            "opendata-value-negative",
            "opendata-value-missing-assumption",  # value_of_hour
            "opendata-value-missing-assumption",  # opening_cost
            "opendata-value-missing-assumption",  # upkeep_per_month
        ]
    )
    assert check_assumptions(BASE) == ()
    assert check_assumptions(42)[0].code == "opendata-value-not-mapping"


def test_from_mapping_accepts_a_series_and_refuses_a_bad_table():
    series = pd.Series(BASE)
    assert Assumptions.from_mapping(series) == Assumptions(**BASE)
    with pytest.raises(CivicKitError) as caught:
        Assumptions.from_mapping({**BASE, "users": 10})
    assert caught.value.issue.code == "opendata-value-unknown-assumption"
    with pytest.raises(CivicKitError):
        Assumptions.from_mapping([1, 2, 3])


def test_with_changes_validates(base):
    assert base.with_changes(users_per_month=5).users_per_month == 5.0
    assert base.users_per_month == 1000.0  # frozen: the original is untouched
    with pytest.raises(CivicKitError) as caught:
        base.with_changes(user_per_month=5)
    assert caught.value.issue.code == "opendata-value-unknown-assumption"
    with pytest.raises(CivicKitError):
        base.with_changes(users_per_month="5")
    with pytest.raises(CivicKitError):
        assumption_label("nope")


@pytest.mark.parametrize(
    ("kwargs", "code"),
    [
        ({"years": 0}, "opendata-value-bad-years"),
        ({"years": MAX_YEARS + 1}, "opendata-value-bad-years"),
        ({"years": 2.5}, "opendata-value-bad-years"),
        ({"years": True}, "opendata-value-bad-years"),
        ({"years": "3"}, "opendata-value-bad-years"),
        ({"discount_rate": 5}, "opendata-value-bad-discount-rate"),
        ({"discount_rate": -0.01}, "opendata-value-bad-discount-rate"),
        ({"discount_rate": float("nan")}, "opendata-value-bad-discount-rate"),
        ({"discount_rate": "5%"}, "opendata-value-bad-discount-rate"),
    ],
    ids=[
        "zero-years",
        "too-many-years",
        "fractional-years",
        "bool-years",
        "text-years",
        "rate-as-percent",
        "negative-rate",
        "nan-rate",
        "text-rate",
    ],
)
def test_bad_horizons_are_refused(base, kwargs, code):
    for function in (
        estimate_value,
        lambda a, **k: sensitivity(a, **k),
        lambda a, **k: break_even(a, "minutes_saved", **k),
    ):
        with pytest.raises(CivicKitError) as caught:
            function(base, **kwargs)
        assert caught.value.issue.code == code
        assert caught.value.message("pt-BR")


def test_functions_refuse_something_that_is_not_assumptions():
    for call in (lambda: estimate_value(BASE), lambda: sensitivity(BASE), lambda: break_even(BASE, "minutes_saved")):
        with pytest.raises(CivicKitError) as caught:
            call()
        assert caught.value.issue.code == "opendata-value-not-assumptions"


# -- break-even --------------------------------------------------------------------------------------


def test_break_even_users_by_hand(base):
    # net(u) = u x 4 x 3/60 x 10 x 12 - 11,000 = 24u - 11,000
    assert break_even(base, "users_per_month", years=1) == pytest.approx(11_000 / 24)


def test_break_even_costs_are_the_most_the_city_can_spend(base):
    most = break_even(base, "opening_cost", years=1)
    assert most == pytest.approx(24_000 - 6_000)
    assert estimate_value(base.with_changes(opening_cost=most), years=1).net_value == pytest.approx(0, abs=1e-6)


def test_break_even_none_cases(base):
    nobody = base.with_changes(users_per_month=0)
    assert break_even(nobody, "minutes_saved") is None  # minutes do not matter when nobody uses the data
    free = base.with_changes(opening_cost=0, upkeep_per_month=0)
    assert break_even(free, "users_per_month") == 0.0  # nothing to cover: zero users balance it
    assert str(break_even(free, "users_per_month")) == "0.0"  # not "-0.0"
    saving = free.with_changes(requests_avoided_per_month=1, cost_per_request=100)
    assert break_even(saving, "users_per_month") is None  # worth it even with no users: no point to find
    with pytest.raises(CivicKitError):
        break_even(base, "users")


positive = st.floats(min_value=0.5, max_value=1e5, allow_nan=False, allow_infinity=False)


@settings(max_examples=60, deadline=None)
@given(
    users=positive,
    uses=st.floats(min_value=0.1, max_value=60),
    minutes=st.floats(min_value=0.1, max_value=120),
    hour=st.floats(min_value=0.5, max_value=500),
    opening=positive,
    upkeep=st.floats(min_value=0, max_value=1e4),
    years=st.integers(min_value=1, max_value=10),
    rate=st.floats(min_value=0, max_value=0.3),
    name=st.sampled_from(ASSUMPTION_FIELDS[:6]),
)
def test_break_even_really_balances_the_books(users, uses, minutes, hour, opening, upkeep, years, rate, name):
    a = Assumptions(users, uses, minutes, hour, opening, upkeep)
    point = break_even(a, name, years=years, discount_rate=rate)
    if point is None:
        return
    net = estimate_value(a.with_changes(**{name: point}), years=years, discount_rate=rate)
    scale = max(net.total_benefit, net.total_cost, 1.0)
    assert abs(net.net_value) <= 1e-6 * scale


@settings(max_examples=40, deadline=None)
@given(users=st.floats(min_value=0, max_value=1e6), more=st.floats(min_value=0, max_value=1e6))
def test_more_users_never_lower_the_net_value(users, more):
    a = Assumptions(**{**BASE, "users_per_month": users})
    b = a.with_changes(users_per_month=users + more)
    assert estimate_value(b).net_value >= estimate_value(a).net_value - 1e-6


# -- sensitivity -------------------------------------------------------------------------------------


def test_default_sensitivity_halves_and_doubles_everything(base):
    table = sensitivity(base, years=1, lang="en")
    assert sorted(table["assumption"]) == sorted(ASSUMPTION_FIELDS)
    row = table.set_index("assumption").loc["users_per_month"]
    assert (row["low"], row["high"]) == (500, 2000)
    assert row["net_at_low"] == pytest.approx(24 * 500 - 11_000)
    assert row["net_at_high"] == pytest.approx(24 * 2000 - 11_000)
    assert table["swing"].is_monotonic_decreasing
    # The four benefit assumptions are multiplied together: equal swings, kept in the model's order.
    assert table["assumption"].tolist()[:4] == ["users_per_month", "uses_per_user", "minutes_saved", "value_of_hour"]
    # Savings of zero swing nothing.
    assert table.set_index("assumption").loc["cost_per_request", "swing"] == 0


def test_ranges_choose_what_varies(base):
    table = sensitivity(base, {"minutes_saved": (1, 10), "opening_cost": (0, 50_000)}, years=1, lang="es")
    assert table["assumption"].tolist() == ["minutes_saved", "opening_cost"]
    assert table.loc[0, "meaning"] == assumption_label("minutes_saved", "es")
    assert table.loc[0, "swing"] == pytest.approx(9 * 1000 * 4 / 60 * 10 * 12)


@pytest.mark.parametrize(
    ("ranges", "code"),
    [
        ({"minutes": (1, 2)}, "opendata-value-unknown-assumption"),
        ({"minutes_saved": (5, 1)}, "opendata-value-bad-range"),
        ({"minutes_saved": (-1, 1)}, "opendata-value-bad-range"),
        ({"minutes_saved": 3}, "opendata-value-bad-range"),
        ({"minutes_saved": (1, 2, 3)}, "opendata-value-bad-range"),
        ({"minutes_saved": ("1", "2")}, "opendata-value-bad-range"),
        ({"minutes_saved": (1, float("inf"))}, "opendata-value-bad-range"),
        ([("minutes_saved", (1, 2))], "opendata-value-not-mapping"),
    ],
    ids=["unknown", "reversed", "negative", "scalar", "three-values", "text", "infinite", "list-not-dict"],
)
def test_bad_ranges_are_refused(base, ranges, code):
    with pytest.raises(CivicKitError) as caught:
        sensitivity(base, ranges)
    assert caught.value.issue.code == code
    assert caught.value.message("es")


# -- licences ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("licence", "kind", "commercial", "credit", "share_alike"),
    [
        ("CC0-1.0", "public-domain", True, False, False),
        ("Domínio público", "public-domain", True, False, False),
        ("CC-BY-4.0", "attribution", True, True, False),
        ("Creative Commons Atribución 4.0", "attribution", True, True, False),
        ("ODbL-1.0", "share-alike", True, True, True),
        ("CC BY-SA 4.0", "share-alike", True, True, True),
        ("CC BY-NC 4.0", "restricted", False, True, False),
        ("nao_informada", "none", False, False, False),
        ("", "none", False, False, False),
        (None, "none", False, False, False),
        (float("nan"), "none", False, False, False),
        ("Licença da Prefeitura", "unknown", False, False, False),
    ],
    ids=[
        "cc0",
        "dominio-publico",
        "cc-by",
        "atribucion",
        "odbl",
        "by-sa",
        "by-nc",
        "nao-informada",
        "empty",
        "none",
        "nan",
        "unknown",
    ],
)
def test_reuse_terms(licence, kind, commercial, credit, share_alike):
    terms = reuse_terms(licence)
    assert isinstance(terms, ReuseTerms)
    assert (terms.kind, terms.commercial_reuse, terms.credit, terms.share_alike) == (
        kind,
        commercial,
        credit,
        share_alike,
    )
    assert terms.open == (kind in ("public-domain", "attribution", "share-alike"))
    for lang in LANGUAGES:
        assert terms.explain(lang)
    assert terms.to_dict()["kind"] == kind


def test_reuse_summary_counts_the_bundled_catalogue():
    from civic_kit.data import load

    catalog = load("open_data_catalog")
    table = reuse_summary(catalog, lang="pt-BR")
    assert table["datasets"].sum() == len(catalog)
    assert table["datasets"].is_monotonic_decreasing
    by_licence = table.set_index("licence")
    assert by_licence.loc["nao_informada", "commercial_reuse"] == False  # noqa: E712 - numpy bool
    assert by_licence.loc["ODbL-1.0", "share_alike"] == True  # noqa: E712
    assert table["commercial_reuse"].dtype == bool
    expected = catalog["license"].isin(["CC-BY-4.0", "CC0-1.0", "ODbL-1.0"]).sum()
    assert table.loc[table["commercial_reuse"], "datasets"].sum() == expected


def test_reuse_summary_counts_missing_licences_and_other_columns():
    catalog = pd.DataFrame({"licenca": ["CC-BY-4.0", None, float("nan"), "cc-by-4.0 ", "CC0"]})
    table = reuse_summary(catalog, column="licenca", lang="en")
    assert table.set_index("licence").loc["", "datasets"] == 2
    assert table["datasets"].sum() == 5
    assert table.loc[table["commercial_reuse"], "datasets"].sum() == 3


@pytest.mark.parametrize(
    ("catalog", "code"),
    [([1, 2], "opendata-value-not-a-table"), (pd.DataFrame({"licence": ["CC0"]}), "opendata-value-missing-column")],
    ids=["list", "no-license-column"],
)
def test_reuse_summary_refuses_bad_tables(catalog, code):
    with pytest.raises(CivicKitError) as caught:
        reuse_summary(catalog)
    assert caught.value.issue.code == code
    assert caught.value.message("en")
