"""civic_kit.quality: names, robust outliers, the quality report, naive reads, totals and the messy copy."""

from __future__ import annotations

import datetime as dt
import json
import math
import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from civic_kit.i18n import LANGUAGES, t
from civic_kit.problems import CivicKitError
from civic_kit.quality import (
    compare_totals,
    make_messy,
    normalize_name,
    quality_report,
    robust_zscores,
    spelling_variants,
    try_read_csv,
    unify_spellings,
)

SOURCE = Path(__file__).resolve().parents[2] / "civic_kit" / "quality.py"
#: The configuration lesson 03 uses; its planted problems must all be found.
LESSON_MESSY = {
    "seed": 7,
    "key": "contract_id",
    "name_column": "supplier",
    "value_column": "value_brl",
    "blank_columns": ["value_brl", "end_date"],
}


# --- normalize_name ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Papelaria Central Ltda", "papelaria central"),
        ("PAPELARIA CENTRAL LTDA.", "papelaria central"),
        ("papelaria  central ltda - ME", "papelaria central"),
        ("Papelaria Central LTDA EPP ", "papelaria central"),
        ("Gráfica São José EIRELI", "grafica sao jose"),
        ("Pavimentadora Rio Claro S.A.", "pavimentadora rio claro"),
        ("Pavimentadora Rio Claro S/A", "pavimentadora rio claro"),
        ("Pavimentadora Rio Claro SA", "pavimentadora rio claro"),
        ("Construcciones del Valle, S.A. de C.V.", "construcciones del valle"),
        ("Servicios Andinos SpA", "servicios andinos"),
        ("Distribuidora Norte S.R.L.", "distribuidora norte"),
        ("Inversiones Lima S.A.C.", "inversiones lima"),
        ("Soluciones Bogotá S.A.S.", "soluciones bogota"),
        ("Palco & Som Locações", "palco som locacoes"),
        ("Ltda", "ltda"),
        ("S.A.", "s a"),
        (12345, "12345"),
    ],
    ids=lambda value: str(value)[:28],
)
def test_normalize_name(raw, expected):
    assert normalize_name(raw) == expected


@pytest.mark.parametrize("missing", [None, math.nan, "", "   ", "...", pd.NA])
def test_normalize_name_of_nothing_is_none(missing):
    assert normalize_name(missing) is None


_LETTERS = st.sampled_from([*"abcdefghijklmnopqrstuvwxyzáàâãéêíóôõúçñü", " ", "  ", ".", "-", "/"])


@settings(max_examples=200, deadline=None)
@given(st.lists(_LETTERS, min_size=1, max_size=40).map("".join))
def test_normalize_name_ignores_case_accents_and_spacing(text):
    once = normalize_name(text)
    assert normalize_name(text.upper()) == once
    assert normalize_name(f"  {text}  ") == once
    if once is not None:
        assert normalize_name(once) == once
        assert once == once.strip() and "  " not in once


# --- spellings ------------------------------------------------------------------------------------------


def test_spelling_variants_and_unify():
    names = pd.Series(
        ["Gráfica Boa Ltda", "GRAFICA BOA LTDA.", "Gráfica Boa Ltda", None, "Outra Empresa", "gráfica boa"],
        index=[10, 11, 12, 13, 14, 15],
    )
    variants = spelling_variants(names)
    assert variants["spelling"].tolist() == ["Gráfica Boa Ltda", "GRAFICA BOA LTDA.", "gráfica boa"]
    assert set(variants["suggested"]) == {"Gráfica Boa Ltda"}
    unified = unify_spellings(names)
    assert unified.index.tolist() == names.index.tolist()
    assert unified.tolist()[:3] == ["Gráfica Boa Ltda"] * 3
    assert unified.iloc[3] is None or pd.isna(unified.iloc[3])
    assert unified.iloc[4] == "Outra Empresa"


def test_unify_breaks_ties_alphabetically_not_by_row_order():
    forward = unify_spellings(pd.Series(["B Ltda", "b ltda"]))
    backward = unify_spellings(pd.Series(["b ltda", "B Ltda"]))
    assert set(forward) == set(backward) == {"B Ltda"}


def test_spellings_without_variants_and_lists():
    assert spelling_variants(pd.Series(["A", "B"])).empty
    assert list(spelling_variants(pd.Series([], dtype=object)).columns) == ["name", "spelling", "rows", "suggested"]
    assert unify_spellings(["x ltda", "X LTDA"]).tolist() == ["X LTDA", "X LTDA"]


@pytest.mark.parametrize("bad", ["a text", 42, {"a": 1}])
def test_spelling_functions_refuse_non_columns(bad):
    with pytest.raises(CivicKitError) as caught:
        unify_spellings(bad)
    assert caught.value.issue.code == "quality-not-a-column"


# --- robust z-scores ---------------------------------------------------------------------------------------


def test_robust_zscores_flag_the_absurd_value():
    values = pd.Series([10, 11, 12, 13, 14, 15, 16, 17, 18, 1000.0])
    scores = robust_zscores(values, scale="linear")
    assert scores.iloc[-1] > 100
    assert (scores.iloc[:-1].abs() < 3.5).all()


def test_robust_zscores_log_scale_is_chosen_for_wide_positive_values():
    values = pd.Series([1_000, 2_000, 5_000, 10_000, 50_000, 100_000, 500_000, 1_000_000, 2_000_000])
    auto = robust_zscores(values)
    assert np.allclose(auto, robust_zscores(values, scale="log"), equal_nan=True)
    assert (auto.abs() < 3.5).all()
    assert robust_zscores(values, scale="linear").iloc[-1] > 3.5


def test_robust_zscores_when_most_values_are_equal():
    values = pd.Series([5.0] * 9 + [50.0])
    scores = robust_zscores(values, scale="linear")
    assert scores.iloc[-1] > 3.5
    assert (scores.iloc[:-1] == 0).all()
    assert (robust_zscores(pd.Series([5.0] * 10), scale="linear") == 0).all()


def test_robust_zscores_need_enough_values_and_respect_groups():
    assert robust_zscores(pd.Series([1.0, 2.0, 300.0])).isna().all()
    values = pd.Series([10.0] * 8 + [1000.0] + [1000.0] * 8 + [10.0])
    groups = pd.Series(["a"] * 9 + ["b"] * 9)
    scores = robust_zscores(values, scale="linear", within=groups)
    assert scores.iloc[8] > 3.5 and scores.iloc[17] < -3.5
    assert robust_zscores(values, scale="linear").abs().max() < 3.5


@pytest.mark.parametrize(
    ("kwargs", "name"),
    [({"scale": "cubic"}, "scale"), ({"within": pd.Series(["a"])}, "within")],
)
def test_robust_zscores_bad_parameters(kwargs, name):
    with pytest.raises(CivicKitError) as caught:
        robust_zscores(pd.Series(range(10)), **kwargs)
    assert caught.value.issue.code == "quality-bad-parameter"
    assert caught.value.issue.params["name"] == name


# --- quality_report on a table with one of each problem --------------------------------------------------


def _dirty() -> pd.DataFrame:
    """Twelve contracts with one problem of each kind, in known rows."""
    rows = [
        ("C-01", "Papelaria Central Ltda", "00011122000133", 1200.50, "2023-01-10", "2023-02-01"),
        ("C-02", "Papelaria Central Ltda", "00011122000133", 1300.00, "2023-01-11", "2023-02-02"),
        ("C-03", "PAPELARIA CENTRAL LTDA.", "00011122000133", 1250.00, "2023-01-12", "2023-02-03"),
        ("C-04", "Gráfica Boa Ltda", "22233344000155", 1100.00, "2023-02-01", "2023-01-01"),
        ("C-04", "Gráfica Boa Ltda", "22233344000155", 1100.00, "2023-02-01", "2023-01-01"),
        ("C-05", "Gráfica Boa Ltda", "22233344000155", 1400.00, "2023-03-01", None),
        ("C-06", "A DEFINIR", "00000000000000", 9999999.99, "1900-01-01", "2023-05-01"),
        ("C-07", "Gráfica Boa Ltda", "22233344000155", 1350.00, "1949-12-31", "2023-06-01"),
        ("C-08", "Gráfica Boa Ltda", "22233344000155", 120000.00, "2023-04-01", "2023-06-02"),
        ("C-08", "Outra Ltda", "33344455000166", 1280.00, "2023-04-02", "2023-06-03"),
        ("C-10", "Outra Ltda", "33344455000166", None, "2023-04-03", "2023-06-04"),
        (None, "Outra Ltda", "33344455000166", 1310.00, "2023-04-04", "2023-06-05"),
    ]
    frame = pd.DataFrame(rows, columns=["id", "supplier", "cnpj", "value", "signed", "end"])
    frame["signed"] = pd.to_datetime(frame["signed"])
    frame["end"] = pd.to_datetime(frame["end"])
    return frame


def test_quality_report_finds_each_problem_in_its_row():
    report = quality_report(_dirty(), key="id", date_order=[("signed", "end")])
    found = {(row, column, code) for row, column, code in report.flatten()}
    assert (5, None, "quality-duplicate-row") in found
    assert (12, "id", "quality-missing-key") in found
    assert (10, "id", "quality-duplicate-key") in found
    assert (None, "value", "quality-missing-values") in found
    assert (None, "end", "quality-missing-values") in found
    assert {(7, "supplier"), (7, "cnpj"), (7, "value"), (7, "signed")} <= {
        (row, column) for row, column, code in found if code == "quality-placeholder"
    }
    assert (8, "signed", "quality-date-out-of-range") in found
    assert (4, "end", "quality-date-order") in found
    assert (9, "value", "quality-outlier") in found
    assert (None, "supplier", "quality-inconsistent-spelling") in found
    # a placeholder is reported once, as a placeholder, not again as an outlier or an impossible date
    assert (7, "value", "quality-outlier") not in found
    assert (7, "signed", "quality-date-out-of-range") not in found
    assert not report.valid
    assert report.records("quality-placeholder") == ["C-06"]
    assert report.rows("quality-duplicate-row") == [5]


def test_quality_report_stats():
    stats = quality_report(_dirty(), key="id").stats
    assert stats["rows"] == 12 and stats["columns"] == 6
    assert stats["duplicate_rows"] == 1
    assert stats["duplicate_keys"] == 1
    assert stats["missing_keys"] == 1
    assert stats["missing"] == {"value": 1, "end": 1}
    assert stats["missing_total"] == 2
    assert stats["placeholders"] == 4
    assert stats["spelling_groups"] == 1
    assert stats["issues_total"] == sum(stats["by_code"].values())


def test_text_dates_are_read_and_bad_ones_reported():
    frame = pd.DataFrame({"when": ["2023-01-02", "15/03/2023", "ontem", None, "31/02/2023"]})
    report = quality_report(frame, date_columns=["when"])
    assert [(row, code) for row, _, code in report.flatten() if code == "quality-bad-date"] == [
        (3, "quality-bad-date"),
        (5, "quality-bad-date"),
    ]


def test_latest_catches_future_dates_and_none_switches_bounds_off():
    frame = pd.DataFrame({"when": pd.to_datetime(["1940-05-01", "2030-01-01", "2020-01-01"])})
    report = quality_report(frame, latest="2024-12-31")
    assert [row for row, _, code in report.flatten() if code == "quality-date-out-of-range"] == [1, 2]
    assert quality_report(frame, earliest=None).valid


def test_outliers_within_groups():
    # direct awards from 5 to 30 thousand plus one of 2.1 million; open tenders from 40 thousand to 7.9 million
    values = [round(5_000.0 * 1.25**i, 2) for i in range(9)] + [2_100_000.0]
    values += [round(40_000.0 * 1.8**i, 2) for i in range(10)]
    frame = pd.DataFrame({"value": values, "modality": ["dispensa"] * 10 + ["concorrencia"] * 10})
    plain = quality_report(frame)
    grouped = quality_report(frame, outliers_within="modality")
    assert plain.count("quality-outlier") == 0  # among all contracts, 2.1 million is unremarkable
    assert grouped.rows("quality-outlier") == [10]  # among direct awards, it is a hundred times the rest
    outlier = next(issue for issue in grouped.issues if issue.code == "quality-outlier")
    assert "dispensa" in outlier.params["group"]
    assert "dispensa" in outlier.message("pt-BR")


def test_many_problems_in_one_column_are_summarised():
    frame = pd.DataFrame({"value": [9999.0] * 30 + [1.0] * 5})
    report = quality_report(frame)
    placeholders = [issue for issue in report.issues if issue.code == "quality-placeholder"]
    assert len(placeholders) == 20
    more = [issue for issue in report.issues if issue.code == "quality-more"]
    assert more and more[0].params["count"] == 10
    assert report.stats["placeholders"] == 30


def test_limit_issues_truncates_but_counts_everything():
    report = quality_report(_dirty(), key="id", limit_issues=3)
    assert len(report.issues) == 3
    assert report.stats["issues_truncated"] == report.stats["issues_total"] - 3
    assert report.stats["duplicate_rows"] == 1
    assert any("3" in line or str(report.stats["issues_truncated"]) in line for line in report.summary("en"))


def test_clean_table_is_valid_and_index_does_not_matter():
    frame = pd.DataFrame({"id": ["a", "b", "c"], "value": [1.0, 2.0, 3.0]}, index=[100, 7, 3])
    report = quality_report(frame, key="id")
    assert report.valid and report.issues == ()
    dup = pd.concat([frame, frame.iloc[[0]]])
    assert quality_report(dup).rows("quality-duplicate-row") == [4]


def test_empty_table_and_odd_cells_do_not_crash():
    assert quality_report(pd.DataFrame()).valid
    assert quality_report(pd.DataFrame({"a": []})).stats["rows"] == 0
    odd = pd.DataFrame({"tags": [["a"], ["a"], {"b": 1}], "flag": [True, True, False]})
    report = quality_report(odd)
    assert report.rows("quality-duplicate-row") == [2]


def test_quality_report_outputs_in_every_language():
    report = quality_report(_dirty(), key="id", date_order=[("signed", "end")])
    payload = json.loads(json.dumps(report.to_dict("es")))
    assert payload["valid"] is False
    assert payload["stats"]["missing"] == {"value": 1, "end": 1}
    for lang in LANGUAGES:
        assert len(report.summary(lang)) == 9
        table = report.table(lang)
        assert list(table.columns) == ["row", "key", "column", "severity", "code", "message"]
        assert table["message"].str.len().min() > 10


@pytest.mark.parametrize(
    ("kwargs", "code"),
    [
        ({"key": "nope"}, "quality-unknown-column"),
        ({"date_columns": ["nope"]}, "quality-unknown-column"),
        ({"date_order": [("signed",)]}, "quality-bad-parameter"),
        ({"date_order": [("signed", "nope")]}, "quality-unknown-column"),
        ({"outliers_within": "nope"}, "quality-unknown-column"),
        ({"outlier_threshold": 0}, "quality-bad-parameter"),
        ({"outlier_threshold": math.inf}, "quality-bad-parameter"),
        ({"outlier_threshold": "3"}, "quality-bad-parameter"),
        ({"limit_issues": 0}, "quality-bad-parameter"),
        ({"limit_issues": True}, "quality-bad-parameter"),
        ({"earliest": "ano passado"}, "quality-bad-parameter"),
    ],
    ids=lambda value: str(value)[:30],
)
def test_quality_report_bad_arguments(kwargs, code):
    with pytest.raises(CivicKitError) as caught:
        quality_report(_dirty(), **kwargs)
    assert caught.value.issue.code == code
    for lang in LANGUAGES:
        assert caught.value.message(lang)


@pytest.mark.parametrize(
    "table",
    [None, [[1, 2]], "contracts.csv", pd.Series([1, 2])],
    ids=["none", "list", "path", "series"],
)
def test_quality_report_refuses_non_tables(table):
    with pytest.raises(CivicKitError) as caught:
        quality_report(table)
    assert caught.value.issue.code == "quality-not-a-table"


def test_quality_report_refuses_repeated_column_names():
    frame = pd.DataFrame([[1, 2]], columns=["a", "a"])
    with pytest.raises(CivicKitError) as caught:
        quality_report(frame)
    assert caught.value.issue.code == "quality-duplicate-columns"


# --- naive reading -------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def raw_budget() -> Path:
    from civic_kit.data import dataset_path

    return Path(dataset_path("budget_execution_raw"))


@pytest.mark.parametrize(
    ("options", "ok", "codes"),
    [
        ({}, False, {"naive-encoding"}),
        ({"encoding": "latin-1"}, False, {"naive-fields"}),
        ({"encoding": "latin-1", "sep": ";"}, True, {"naive-rows-shifted", "naive-title-as-header"}),
        (
            {"sep": ";", "skiprows": 1, "encoding_errors": "replace"},
            True,
            {"naive-mojibake", "naive-numbers-as-text", "naive-empty-column", "naive-codes-as-numbers"},
        ),
        (
            {"sep": ";", "skiprows": 1, "encoding": "cp1252"},
            True,
            {"naive-numbers-as-text", "naive-dates-as-text", "naive-codes-as-numbers"},
        ),
    ],
    ids=["defaults", "latin1-comma", "title-line", "replace-errors", "right-encoding"],
)
def test_naive_reads_of_the_portal_export(raw_budget, options, ok, codes):
    attempt = try_read_csv(raw_budget, **options)
    assert attempt.ok is ok
    assert codes <= {issue.code for issue in attempt.problems}
    assert (attempt.table is not None) is ok
    for lang in LANGUAGES:
        lines = attempt.explain(lang)
        assert len(lines) == len(attempt.problems) + 1


def test_right_encoding_has_no_mojibake(raw_budget):
    attempt = try_read_csv(raw_budget, sep=";", skiprows=1, encoding="cp1252")
    assert "naive-mojibake" not in {issue.code for issue in attempt.problems}


def test_naive_read_of_a_clean_file_is_fine(tmp_path):
    path = tmp_path / "clean.csv"
    path.write_text("name,value\nCentro,1.5\nNorte,2.5\n", encoding="utf-8")
    attempt = try_read_csv(path)
    assert attempt.ok and attempt.problems == ()
    assert "2" in attempt.explain("en")[0]


@pytest.mark.parametrize(
    ("content", "options", "code"),
    [
        (b"", {}, "naive-empty"),
        (None, {}, "naive-file-missing"),
        (b"a,b\n1,2\n", {"sep": 5}, "naive-other"),
        (b"a;b;c\n1;2;3\n", {}, "naive-one-column"),
    ],
    ids=["empty-file", "missing-file", "bad-option", "wrong-separator"],
)
def test_naive_read_failures_are_explained_not_raised(tmp_path, content, options, code):
    path = tmp_path / "data.csv"
    if content is not None:
        path.write_bytes(content)
    attempt = try_read_csv(path, **options)
    assert code in {issue.code for issue in attempt.problems}
    assert all(attempt.explain(lang) for lang in LANGUAGES)


# --- totals -------------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def budget(raw_budget) -> pd.DataFrame:
    from civic_kit.data import read_gov_csv

    table, _ = read_gov_csv(raw_budget)
    return table


def test_portal_export_matches_portal_totals(budget):
    from civic_kit.data import load

    comparison = compare_totals(budget, load("budget_portal_totals"), by=("Exercício", "year"))
    assert comparison.all_match
    assert len(comparison.table) == 15
    assert set(comparison.table["reference_column"]) == {
        "dotacao_inicial",
        "dotacao_atualizada",
        "empenhado",
        "liquidado",
        "pago",
    }
    for lang in LANGUAGES:
        assert len(comparison.summary(lang)) == 16


def test_a_lost_row_shows_as_the_exact_difference(budget):
    from civic_kit.data import load

    portal = load("budget_portal_totals")
    lost = budget.drop(index=budget.index[5])
    comparison = compare_totals(lost, portal, by=("Exercício", "year"), columns={"Pago (R$)": "pago"})
    assert not comparison.all_match
    row = comparison.table[~comparison.table["match"]].iloc[0]
    assert row["difference"] == pytest.approx(-budget["Pago (R$)"].iloc[5], abs=0.005)
    assert any(line.startswith("✘") for line in comparison.summary("pt-BR"))


def test_totals_are_exact_to_the_cent():
    ours = pd.DataFrame({"year": [1, 1, 1], "paid": [0.1, 0.2, 1e9]})
    theirs = pd.DataFrame({"year": [1], "paid": [1_000_000_000.3]})
    assert compare_totals(ours, theirs, by="year").all_match
    assert not compare_totals(ours, theirs.assign(paid=1_000_000_000.31), by="year").all_match
    assert compare_totals(ours, theirs.assign(paid=1_000_000_000.31), by="year", tolerance=0.01).all_match


def test_groups_on_one_side_only_do_not_match():
    ours = pd.DataFrame({"year": [2023, 2024], "paid": [1.0, 2.0]})
    theirs = pd.DataFrame({"year": [2023, 2025], "paid": [1.0, 3.0]})
    table = compare_totals(ours, theirs, by="year").table.set_index("group")
    assert bool(table.loc[2023, "match"]) and not table.loc[2024, "match"] and not table.loc[2025, "match"]
    assert pd.isna(table.loc[2024, "reference"]) and pd.isna(table.loc[2025, "ours"])
    assert json.dumps(compare_totals(ours, theirs, by="year").to_dict())


@pytest.mark.parametrize(
    ("ours", "kwargs", "code"),
    [
        (pd.DataFrame({"year": [1], "paid": ["1.234,56"]}), {"by": "year"}, "quality-totals-not-numeric"),
        (pd.DataFrame({"year": [1], "other": [1.0]}), {"by": "year"}, "quality-totals-no-columns"),
        (pd.DataFrame({"ano": [1], "paid": [1.0]}), {"by": "year"}, "quality-unknown-column"),
        (
            pd.DataFrame({"year": [1], "paid": [1.0]}),
            {"by": "year", "columns": {"x": "paid"}},
            "quality-unknown-column",
        ),
        (pd.DataFrame({"year": [1], "paid": [1.0]}), {"by": "year", "tolerance": -1}, "quality-bad-parameter"),
        ("not a table", {"by": "year"}, "quality-not-a-table"),
    ],
    ids=["text-numbers", "nothing-to-pair", "unknown-by", "unknown-column", "negative-tolerance", "not-a-table"],
)
def test_compare_totals_bad_input(ours, kwargs, code):
    theirs = pd.DataFrame({"year": [1], "paid": [1.0]})
    with pytest.raises(CivicKitError) as caught:
        compare_totals(ours, theirs, **kwargs)
    assert caught.value.issue.code == code
    assert all(caught.value.message(lang) for lang in LANGUAGES)


# --- the messy copy ---------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def contracts() -> pd.DataFrame:
    from civic_kit.data import load

    return load("contracts")


def test_make_messy_is_reproducible_and_leaves_the_original_alone(contracts):
    before = contracts.copy()
    first = make_messy(contracts, **LESSON_MESSY)
    second = make_messy(contracts, **LESSON_MESSY)
    pd.testing.assert_frame_equal(first.table, second.table)
    pd.testing.assert_frame_equal(contracts, before)
    other = make_messy(contracts, **{**LESSON_MESSY, "seed": 8})
    assert not first.table.equals(other.table)
    assert len(first.table) == len(contracts) + first.planted["duplicated_count"]


def test_respellings_can_be_merged_back(contracts):
    messy = make_messy(contracts, **LESSON_MESSY)
    original = contracts.set_index("contract_id")["supplier"]
    changed = messy.table.drop_duplicates().set_index("contract_id")["supplier"]
    for key in messy.planted["respelled"]:
        assert changed[key] != original[key]
        assert normalize_name(changed[key]) == normalize_name(original[key])


def test_lesson_report_finds_everything_that_was_planted(contracts):
    """Lesson 03 promises the report finds every planted problem; this keeps the promise honest."""
    messy = make_messy(contracts, **LESSON_MESSY)
    report = quality_report(
        messy.table, key="contract_id", outliers_within="modality", date_order=[("start_date", "end_date")]
    )
    planted = messy.planted
    assert report.records("quality-duplicate-row") == planted["duplicated"]
    assert report.stats["missing"] == {column: len(keys) for column, keys in planted["blanked"].items()}
    assert planted["decimal_shift"] and set(planted["decimal_shift"]) <= set(report.records("quality-outlier"))
    assert report.records("quality-placeholder") == ["CT-2023-0110"]
    merged = unify_spellings(messy.table["supplier"])
    assert merged.nunique() == contracts["supplier"].nunique()


def test_make_messy_caps_counts_and_skips_unused_steps():
    small = pd.DataFrame({"name": ["A Ltda", "B Ltda"], "value": [1.0, 2.0]})
    messy = make_messy(small, seed=1, name_column="name", duplicates=10, respellings=10)
    assert len(messy.table) == 4
    assert messy.planted["decimal_shift"] == [] and messy.planted["blanked"] == {}
    assert all(messy.summary(lang) for lang in LANGUAGES)


@pytest.mark.parametrize(
    ("kwargs", "code"),
    [
        ({"duplicates": -1}, "quality-bad-parameter"),
        ({"seed": "x"}, "quality-bad-parameter"),
        ({"value_column": "name"}, "quality-bad-parameter"),
        ({"name_column": "nope"}, "quality-unknown-column"),
        ({"blank_columns": ["nope"]}, "quality-unknown-column"),
    ],
    ids=lambda value: str(value)[:30],
)
def test_make_messy_bad_arguments(kwargs, code):
    small = pd.DataFrame({"name": ["A Ltda"], "value": [1.0]})
    with pytest.raises(CivicKitError) as caught:
        make_messy(small, **{"seed": 1, **kwargs})
    assert caught.value.issue.code == code


def test_make_messy_refuses_non_tables():
    with pytest.raises(CivicKitError) as caught:
        make_messy([1, 2], seed=1)
    assert caught.value.issue.code == "quality-not-a-table"


# --- translations ----------------------------------------------------------------------------------------------


def test_every_code_and_text_key_is_translated():
    source = SOURCE.read_text(encoding="utf-8")
    codes = set(re.findall(r'"((?:quality|naive)-[a-z-]+)"', source))
    keys = set(re.findall(r'"(quality\.[a-z.-]+)"', source))
    keys |= {f"quality.summary.{name}" for name in ("valid", "invalid")}
    assert len(codes) > 25 and len(keys) > 15
    for lang in LANGUAGES:
        for code in sorted(codes):
            assert t(f"issue.{code}", lang)
        for key in sorted(keys):
            if not key.endswith("."):
                assert t(key, lang)


def test_today_is_not_used():
    """Reports must not depend on the day they run (lessons print them under nbval)."""
    source = SOURCE.read_text(encoding="utf-8")
    assert "date.today" not in source and "datetime.now" not in source
    assert dt.date(1950, 1, 1)  # the documented default lower bound


def test_lesson_03_narrative_still_holds(contracts):
    """Sentences of lesson 03 state facts about its messy table; keep them true if the data changes."""
    messy = make_messy(contracts, **LESSON_MESSY).table
    hasty = messy.groupby("supplier")["value_brl"].sum().sort_values(ascending=False)
    report = quality_report(messy, key="contract_id", outliers_within="modality")
    clean = messy.drop_duplicates()
    clean = clean[~clean["contract_id"].isin(report.records("quality-placeholder", "quality-outlier"))]
    clean = clean.assign(supplier=unify_spellings(clean["supplier"]))
    ranking = clean.groupby("supplier")["value_brl"].sum().sort_values(ascending=False)
    alicerce = "Alicerce Engenharia e Construções Ltda"
    assert list(hasty.index).index(alicerce) == 1  # "was second in the hasty ranking"
    assert list(ranking.index).index(alicerce) == 4  # "drops to fifth place"
    placeholder = robust_zscores(messy["value_brl"])[messy["contract_id"] == "CT-2023-0110"].iloc[0]
    assert placeholder < 3.5  # "only 2.3, below the usual 3.5"
    assert clean["value_brl"].isna().sum() == 6  # "six contracts have no value"
    outlier = next(issue for issue in report.issues if issue.code == "quality-outlier")
    assert "dispensa" in outlier.params["group"] and outlier.params["value"] > 1_000_000
