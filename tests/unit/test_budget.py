"""civic_kit.budget: stage sums exact to the cent, honest rates, per-capita and constant prices, translated errors."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
import pytest

from civic_kit import budget as B
from civic_kit.i18n import LANGUAGES
from civic_kit.problems import CivicKitError

IPCA = pd.DataFrame({"year": [2022, 2023, 2024], "ipca_percent": [5.79, 4.62, 4.83]})


def _line(year=2024, funcao="Saúde", orgao="SMS", ini=100.0, upd=100.0, emp=90.0, liq=80.0, pago=70.0):
    return {
        "year": year,
        "funcao": funcao,
        "orgao": orgao,
        "dotacao_inicial": ini,
        "dotacao_atualizada": upd,
        "empenhado": emp,
        "liquidado": liq,
        "pago": pago,
    }


def _frame(*lines):
    return pd.DataFrame([_line(**kw) for kw in lines])


@pytest.fixture(scope="module")
def city():
    from civic_kit.data import load

    return load("budget_execution")


def _raises(code, call):
    with pytest.raises(CivicKitError) as info:
        call()
    assert info.value.issue.code == code
    for lang in LANGUAGES:
        text = info.value.message(lang)
        assert text and not re.search(r"\{[a-z_]+\}", text)
    return info.value


# --- sums --------------------------------------------------------------------------------------------------


def test_stage_totals_are_exact_to_the_cent():
    # 0.1 + 0.2 != 0.3 in floats; summed in cents the total is exact.
    frame = _frame({"emp": 0.1, "liq": 0.1, "pago": 0.1}, {"emp": 0.2, "liq": 0.2, "pago": 0.2})
    totals = B.stage_totals(frame)
    assert totals.loc[0, "empenhado"] == 0.3
    assert totals.columns.tolist() == ["year", *B.STAGES]


def test_stage_totals_group_and_year_filter():
    frame = _frame({"funcao": "Saúde"}, {"funcao": "Educação", "emp": 50.0}, {"year": 2023, "emp": 1.0})
    by_function = B.stage_totals(frame, by="funcao", year=2024)
    assert by_function["funcao"].tolist() == ["Educação", "Saúde"]
    assert by_function["empenhado"].tolist() == [50.0, 90.0]
    grand = B.stage_totals(frame, by=None)
    assert len(grand) == 1 and grand.loc[0, "empenhado"] == 141.0


def test_stage_totals_match_the_portal_for_the_teaching_city(city):
    from civic_kit.data import load

    comparison = B.compare_totals(city, load("budget_portal_totals"))
    assert comparison.valid, comparison.issues
    assert len(comparison.table) == 15
    assert comparison.summary("en").startswith("The sums match")


def test_stage_funnel_is_labelled_in_the_language(city):
    funnel = B.stage_funnel(city, year=2024, lang="es")
    assert funnel.index.tolist()[2] == "Comprometido (empenhado)"
    assert funnel.iloc[1] >= funnel.iloc[2] >= funnel.iloc[3] >= funnel.iloc[4] > 0


def test_stage_labels_cover_every_stage_in_every_language():
    for lang in LANGUAGES:
        assert set(B.stage_labels(lang)) == set(B.STAGES)
    assert B.stage_labels("pt-BR")["liquidado"] == "Liquidado"


# --- rates -------------------------------------------------------------------------------------------------


def test_execution_rates_use_the_updated_appropriation_and_sort_lowest_first():
    frame = _frame(
        {"funcao": "Saúde", "ini": 0.0, "upd": 200.0, "emp": 180.0, "liq": 160.0, "pago": 150.0},
        {"funcao": "Saneamento", "upd": 100.0, "emp": 40.0, "liq": 30.0, "pago": 20.0},
    )
    rates = B.execution_rates(frame)
    assert rates["funcao"].tolist() == ["Saneamento", "Saúde"]
    assert rates.loc[0, ["empenhado_rate", "liquidado_rate", "pago_rate"]].tolist() == [0.4, 0.3, 0.2]
    assert rates.loc[1, "empenhado_rate"] == 0.9


def test_execution_rate_is_undefined_not_infinite_when_nothing_was_appropriated():
    frame = _frame({"funcao": "Nova", "upd": 0.0, "emp": 0.0, "liq": 0.0, "pago": 0.0}, {"funcao": "Saúde"})
    rates = B.execution_rates(frame)
    assert rates["funcao"].tolist() == ["Saúde", "Nova"]
    assert np.isnan(rates.loc[1, "empenhado_rate"])


def test_teaching_city_sanitation_is_the_least_executed_function_in_2024(city):
    rates = B.execution_rates(city, "funcao", year=2024)
    assert rates.loc[0, "funcao"] == "Saneamento"
    assert 0 < rates.loc[0, "empenhado_rate"] < 0.5
    assert (rates["pago_rate"] <= rates["liquidado_rate"]).all()


def test_execution_rates_by_two_columns(city):
    rates = B.execution_rates(city, ["year", "orgao"])
    assert len(rates) == 3 * city["orgao"].nunique()


# --- verification ------------------------------------------------------------------------------------------


def test_stage_order_reports_every_broken_line_with_its_row():
    frame = _frame(
        {},
        {"emp": 120.0, "liq": 80.0, "pago": 70.0},
        {"liq": 95.0, "pago": 96.0},
        {"pago": -1.0},
    )
    check = B.check_stage_order(frame)
    assert not check.valid
    found = [(i.row, i.code) for i in check.issues]
    assert found == [
        (2, "budget-committed-above-appropriation"),
        (3, "budget-accrued-above-committed"),
        (3, "budget-paid-above-accrued"),
        (4, "budget-negative-amount"),
    ]
    for issue in check.issues:
        for lang in LANGUAGES:
            assert not re.search(r"\{[a-z_]+\}", issue.message(lang))
    assert "4" in check.summary("pt-BR")
    assert check.to_dict("en")["valid"] is False


def test_stage_order_tolerates_rounding_of_half_a_cent():
    assert B.check_stage_order(_frame({"liq": 90.004})).valid


def test_teaching_city_respects_the_stage_order(city):
    check = B.check_stage_order(city)
    assert check.valid and check.rows_checked == len(city)


def test_compare_totals_reports_each_mismatch_and_missing_year():
    lines = _frame({"year": 2023}, {"year": 2024})
    published = pd.DataFrame([_line(year=2024, pago=70.01), _line(year=2025)]).drop(columns=["funcao", "orgao"])
    comparison = B.compare_totals(lines, published)
    codes = sorted((i.code, i.params.get("year"), i.params.get("stage")) for i in comparison.issues)
    assert codes == [
        ("budget-total-mismatch", "2024", "pago"),
        ("budget-year-not-in-file", "2025", None),
        ("budget-year-not-published", "2023", None),
    ]
    mismatch = next(i for i in comparison.issues if i.code == "budget-total-mismatch")
    assert mismatch.params["difference"] == pytest.approx(-0.01)
    assert comparison.summary("en").startswith("There are 3 difference(s) between the file and the published")


def test_compare_totals_refuses_duplicate_published_years():
    lines = _frame({})
    published = pd.DataFrame([_line(), _line()])
    _raises("budget-duplicate-year", lambda: B.compare_totals(lines, published))


# --- malformed budgets -------------------------------------------------------------------------------------

MALFORMED = [
    ("not-a-table", lambda: B.stage_totals([1, 2, 3]), "budget-not-a-table"),
    ("missing-stage", lambda: B.stage_totals(_frame({}).drop(columns=["pago"])), "budget-missing-column"),
    ("missing-group", lambda: B.execution_rates(_frame({}), "programa"), "budget-missing-column"),
    ("empty-by", lambda: B.execution_rates(_frame({}), []), "budget-missing-column"),
    ("empty", lambda: B.stage_totals(_frame({}).iloc[0:0]), "budget-empty"),
    (
        "text-amounts",
        lambda: B.stage_totals(_frame({}).astype({"pago": "object"}).assign(pago="1.234,56")),
        "budget-not-numeric",
    ),
    ("bool-amounts", lambda: B.stage_totals(_frame({}).assign(pago=True)), "budget-not-numeric"),
    ("blank-amount", lambda: B.stage_totals(_frame({}, {"pago": None})), "budget-missing-values"),
    ("inf-amount", lambda: B.stage_totals(_frame({"pago": float("inf")})), "budget-missing-values"),
    ("unknown-year", lambda: B.stage_totals(_frame({}), year=1999), "budget-no-rows-for-year"),
    (
        "year-without-column",
        lambda: B.stage_totals(_frame({}).drop(columns=["year"]), by=None, year=2024),
        "budget-missing-column",
    ),
    ("stage-order-text", lambda: B.check_stage_order("budget.csv"), "budget-not-a-table"),
]


@pytest.mark.parametrize(("call", "code"), [(c, k) for _, c, k in MALFORMED], ids=[i for i, _, _ in MALFORMED])
def test_malformed_budgets_raise_translated_errors(call, code):
    _raises(code, call)


def test_missing_column_error_lists_the_columns_and_suggests_standardising():
    error = _raises("budget-missing-column", lambda: B.stage_totals(pd.DataFrame({"Pago (R$)": [1.0]})))
    assert "Pago (R$)" in error.message("en") and "standardise_columns" in error.message("en")


def test_blank_amount_error_points_at_the_row():
    error = _raises("budget-missing-values", lambda: B.stage_totals(_frame({}, {}, {"emp": None})))
    assert error.issue.row == 3


# --- portal labels -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("label", "standard"),
    [
        ("Exercício", "year"),
        ("Empenhado (R$)", "empenhado"),
        ("Valor Empenhado", "empenhado"),
        ("DESPESA PAGA", "pago"),
        ("Vlr. Liquidado", "liquidado"),
        ("Dotação Atualizada (R$)", "dotacao_atualizada"),
        ("dotacao_inicial", "dotacao_inicial"),
        ("Órgão (código)", "orgao_code"),
        ("Natureza da Despesa", "natureza"),
        ("Município", "Município"),
    ],
)
def test_standardise_columns_recognises_portal_labels(label, standard):
    assert B.standardise_columns(pd.DataFrame(columns=[label])).columns.tolist() == [standard]


def test_standardise_columns_never_merges_two_columns():
    frame = pd.DataFrame(columns=["Pago (R$)", "Valor Pago", "pago_x"])
    assert B.standardise_columns(frame).columns.tolist() == ["pago", "Valor Pago", "pago_x"]
    existing = pd.DataFrame(columns=["pago", "Pago (R$)"])
    assert B.standardise_columns(existing).columns.tolist() == ["pago", "Pago (R$)"]


def test_raw_portal_file_matches_after_reading_and_standardising():
    from civic_kit.data import dataset_path, load, read_gov_csv

    raw, _report = read_gov_csv(dataset_path("budget_execution_raw"))
    clean = B.standardise_columns(raw)
    assert B.compare_totals(clean, load("budget_portal_totals")).valid


def test_standardise_columns_refuses_a_non_table():
    _raises("budget-not-a-table", lambda: B.standardise_columns({"Pago": [1]}))


# --- per capita --------------------------------------------------------------------------------------------


def test_per_capita_numbers_and_rates_per_thousand():
    assert B.per_capita(1_000_000, 2_000) == 500.0
    assert B.per_capita(30, 12_000, per=1000) == 2.5


def test_per_capita_series_align_on_labels_not_order():
    values = pd.Series({"01": 10.0, "02": 30.0})
    people = pd.Series({"02": 3000, "01": 1000})
    assert B.per_capita(values, people, per=1000).to_dict() == {"01": 10.0, "02": 10.0}
    assert B.per_capita(values, 2000).to_dict() == {"01": 0.005, "02": 0.015}


PER_CAPITA_BAD = [
    ("zero-population", lambda: B.per_capita(10, 0), "budget-bad-population"),
    ("negative-population", lambda: B.per_capita(10, -5), "budget-bad-population"),
    ("text-population", lambda: B.per_capita(10, "muitos"), "budget-bad-population"),
    ("nan-population", lambda: B.per_capita(10, float("nan")), "budget-bad-population"),
    ("text-value", lambda: B.per_capita("10", 5), "budget-not-numeric"),
    ("bool-value", lambda: B.per_capita(True, 5), "budget-not-numeric"),
    ("per-zero", lambda: B.per_capita(10, 5, per=0), "budget-bad-per"),
    ("per-float", lambda: B.per_capita(10, 5, per=1.5), "budget-bad-per"),
    (
        "label-without-population",
        lambda: B.per_capita(pd.Series({"1": 5.0}), pd.Series({"01": 10})),
        "budget-population-missing",
    ),
    ("series-zero", lambda: B.per_capita(pd.Series({"01": 5.0}), pd.Series({"01": 0})), "budget-bad-population"),
    ("series-text", lambda: B.per_capita(pd.Series({"01": "x"}), pd.Series({"01": 1})), "budget-not-numeric"),
    ("number-over-series", lambda: B.per_capita(5, pd.Series({"01": 1})), "budget-not-numeric"),
]


@pytest.mark.parametrize(
    ("call", "code"), [(c, k) for _, c, k in PER_CAPITA_BAD], ids=[i for i, _, _ in PER_CAPITA_BAD]
)
def test_per_capita_refuses_bad_input(call, code):
    _raises(code, call)


def test_population_total_of_the_teaching_city():
    from civic_kit.data import load

    districts = load("districts")
    assert B.population_total(districts) == int(districts["population"].sum())


@pytest.mark.parametrize(
    ("frame", "code"),
    [
        (pd.DataFrame({"population": [10, -1]}), "budget-bad-population"),
        (pd.DataFrame({"population": [10, None]}), "budget-bad-population"),
        (pd.DataFrame({"population": [10.5]}), "budget-bad-population"),
        (pd.DataFrame({"population": ["dez"]}), "budget-bad-population"),
        (pd.DataFrame({"pop": [10]}), "budget-missing-column"),
        (pd.DataFrame({"population": []}), "budget-empty"),
        ("districts.csv", "budget-not-a-table"),
    ],
    ids=["negative", "blank", "fraction", "text", "no-column", "empty", "not-a-table"],
)
def test_population_total_refuses_bad_tables(frame, code):
    _raises(code, lambda: B.population_total(frame))


# --- constant prices ---------------------------------------------------------------------------------------


def test_price_factor_chains_the_years_after_the_start():
    assert B.price_factor(2022, 2024, IPCA) == pytest.approx(1.0462 * 1.0483)
    assert B.price_factor(2024, 2022, IPCA) == pytest.approx(1 / (1.0462 * 1.0483))
    assert B.price_factor(2024, 2024, IPCA) == 1.0
    assert B.price_factor(np.int64(2023), 2024, IPCA) == pytest.approx(1.0483)


def test_deflate_keeps_the_type_of_its_input():
    assert B.deflate(100, 2023, 2024, IPCA) == pytest.approx(104.83)
    series = B.deflate(pd.Series([100.0, 200.0]), 2023, 2024, IPCA)
    assert isinstance(series, pd.Series) and series.tolist() == pytest.approx([104.83, 209.66])
    array = B.deflate(np.array([100.0]), 2023, 2024, IPCA)
    assert isinstance(array, np.ndarray)
    frame = B.deflate(pd.DataFrame({"a": [100.0]}), 2023, 2024, IPCA)
    assert frame.loc[0, "a"] == pytest.approx(104.83)


def test_round_trip_through_constant_prices_is_neutral():
    there = B.deflate(1234.56, 2022, 2024, IPCA)
    assert B.deflate(there, 2024, 2022, IPCA) == pytest.approx(1234.56)


def test_at_constant_prices_uses_each_rows_year(city):
    from civic_kit.data import load

    totals = B.at_constant_prices(B.stage_totals(city), ["empenhado", "pago"], to_year=2024, ipca=load("ipca"))
    assert totals["empenhado_real"].iloc[-1] == totals["empenhado"].iloc[-1]
    assert (totals["empenhado_real"] >= totals["empenhado"]).all()
    nominal = totals["empenhado"].iloc[-1] / totals["empenhado"].iloc[0] - 1
    real = totals["empenhado_real"].iloc[-1] / totals["empenhado_real"].iloc[0] - 1
    assert real < nominal


DEFLATE_BAD = [
    ("year-missing", lambda: B.price_factor(2020, 2024, IPCA), "budget-ipca-missing-year"),
    ("year-text", lambda: B.price_factor("dois mil", 2024, IPCA), "budget-bad-year"),
    ("year-fraction", lambda: B.price_factor(2022.5, 2024, IPCA), "budget-bad-year"),
    ("ipca-not-table", lambda: B.price_factor(2022, 2024, {"2023": 4.6}), "budget-not-a-table"),
    (
        "ipca-no-column",
        lambda: B.price_factor(2022, 2024, IPCA.rename(columns={"ipca_percent": "ipca"})),
        "budget-missing-column",
    ),
    (
        "ipca-text",
        lambda: B.price_factor(2022, 2024, IPCA.assign(ipca_percent=["4,6", "x", "y"])),
        "budget-ipca-bad-value",
    ),
    (
        "ipca-below-minus-100",
        lambda: B.price_factor(2022, 2024, IPCA.assign(ipca_percent=[1.0, -100.0, 1.0])),
        "budget-ipca-bad-value",
    ),
    ("ipca-duplicate", lambda: B.price_factor(2022, 2024, pd.concat([IPCA, IPCA])), "budget-duplicate-year"),
    ("values-text", lambda: B.deflate("100", 2023, 2024, IPCA), "budget-not-numeric"),
    ("values-bool", lambda: B.deflate(True, 2023, 2024, IPCA), "budget-not-numeric"),
    ("values-text-series", lambda: B.deflate(pd.Series(["1"]), 2023, 2024, IPCA), "budget-not-numeric"),
    (
        "constant-no-column",
        lambda: B.at_constant_prices(pd.DataFrame({"year": [2024]}), "pago", to_year=2024, ipca=IPCA),
        "budget-missing-column",
    ),
    (
        "constant-text",
        lambda: B.at_constant_prices(pd.DataFrame({"year": [2024], "pago": ["1"]}), "pago", to_year=2024, ipca=IPCA),
        "budget-not-numeric",
    ),
    ("constant-not-table", lambda: B.at_constant_prices([2024], "pago", to_year=2024, ipca=IPCA), "budget-not-a-table"),
]


@pytest.mark.parametrize(("call", "code"), [(c, k) for _, c, k in DEFLATE_BAD], ids=[i for i, _, _ in DEFLATE_BAD])
def test_constant_prices_refuse_bad_input(call, code):
    _raises(code, call)


# --- words -------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "lang", "unit", "text"),
    [
        (1_408_607_123.4, "pt-BR", "auto", "R$ 1.408,6 milhões"),
        (1_408_607_123.4, "es", "auto", "R$ 1.408,6 millones"),
        (1_408_607_123.4, "en", "auto", "R$ 1,408.6 million"),
        (1234.5, "pt-BR", "auto", "R$ 1.234,50"),
        (-2_500_000.0, "en", "auto", "-R$ 2.5 million"),
        (45_300.0, "pt-BR", "thousand", "R$ 45,3 mil"),
        (np.float64(10.0), "en", "reais", "R$ 10.00"),
        (np.int64(3_000_000), "en", "auto", "R$ 3.0 million"),
    ],
)
def test_money_text(value, lang, unit, text):
    assert B.money_text(value, lang, unit=unit) == text


@pytest.mark.parametrize(
    ("value", "unit", "code"),
    [
        ("mil", "auto", "budget-not-numeric"),
        (float("nan"), "auto", "budget-not-numeric"),
        (1.0, "billion", "budget-bad-unit"),
    ],
    ids=["text", "nan", "unit"],
)
def test_money_text_refuses_bad_input(value, unit, code):
    _raises(code, lambda: B.money_text(value, "en", unit=unit))
