"""civic_kit.catalog: licences, formats, freshness and the catalogue score, including malformed catalogues."""

from __future__ import annotations

import json
import math
import re
from pathlib import Path

import pandas as pd
import pytest

from civic_kit.catalog import (
    CHECKS,
    FREQUENCY_DAYS,
    assess_catalog,
    expected_age_days,
    five_star_rating,
    format_info,
    licence_kind,
)
from civic_kit.i18n import LANGUAGES, t
from civic_kit.problems import CivicKitError, flatten

SOURCE = Path(__file__).resolve().parents[2] / "civic_kit" / "catalog.py"


def _catalogue(**overrides: list) -> pd.DataFrame:
    """A three-dataset catalogue: one exemplary, one PDF without licence and stale, one Excel yearly."""
    data = {
        "dataset_id": ["contratos", "diarias", "ideb"],
        "title": ["Contratos", "Diárias", "IDEB"],
        "owner_agency": ["Administração", "Fazenda", "Educação"],
        "format": ["CSV", "PDF", "XLSX"],
        "license": ["CC-BY-4.0", "nao_informada", "CC0-1.0"],
        "update_frequency": ["monthly", "mensal", "anual"],
        "last_updated": ["2024-12-20", "2024-01-15", "2024-03-01"],
        "has_data_dictionary": [True, False, True],
        "machine_readable": [True, False, True],
    }
    data.update(overrides)
    return pd.DataFrame(data)


# --- licences, formats, stars, frequencies ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("CC-BY-4.0", "attribution"),
        ("Creative Commons Atribuição 4.0", "attribution"),
        ("CC BY 4.0", "attribution"),
        ("CC0-1.0", "public-domain"),
        ("Domínio público", "public-domain"),
        ("ODbL-1.0", "share-alike"),
        ("CC-BY-SA-4.0", "share-alike"),
        ("CC BY-NC 4.0", "restricted"),
        ("CC BY-NC-SA 4.0", "restricted"),
        ("Creative Commons Atribución-NoComercial", "restricted"),
        ("CC-BY-ND-4.0", "restricted"),
        ("nao_informada", "none"),
        ("Não informada", "none"),
        ("notspecified", "none"),
        ("Todos os direitos reservados", "none"),
        ("", "none"),
        (None, "none"),
        (math.nan, "none"),
        ("Licença própria da prefeitura", "unknown"),
    ],
    ids=lambda value: repr(value)[:30],
)
def test_licence_kind(text, kind):
    assert licence_kind(text) == kind


@pytest.mark.parametrize(
    ("fmt", "machine_readable", "open_format", "linked"),
    [
        ("CSV", True, True, False),
        (".csv", True, True, False),
        ("xlsx", True, False, False),
        ("PDF", False, False, False),
        ("HTML", False, False, False),
        ("PDF, CSV", True, True, False),
        ("XLS; PDF", True, False, False),
        ("RDF", True, True, True),
        ("SHP", True, True, False),
    ],
)
def test_format_info(fmt, machine_readable, open_format, linked):
    info = format_info(fmt)
    assert (info.machine_readable, info.open, info.linked) == (machine_readable, open_format, linked)


@pytest.mark.parametrize("fmt", ["", None, math.nan, "SOMETHING", "  "])
def test_unknown_or_missing_format_gives_none(fmt):
    assert format_info(fmt) is None


@pytest.mark.parametrize(
    ("fmt", "licence", "flag", "stars"),
    [
        ("PDF", "CC-BY-4.0", None, 1),
        ("XLSX", "CC-BY-4.0", None, 2),
        ("CSV", "CC0-1.0", None, 3),
        ("JSON-LD", "ODbL-1.0", None, 4),
        ("CSV", "nao_informada", None, 0),
        ("CSV", "CC BY-NC 4.0", None, 0),
        ("mystery", "CC-BY-4.0", True, 2),
        ("mystery", "CC-BY-4.0", False, 1),
    ],
)
def test_five_star_rating(fmt, licence, flag, stars):
    assert five_star_rating(fmt, licence, machine_readable=flag) == stars


@pytest.mark.parametrize(
    ("frequency", "days"),
    [("monthly", 31), ("Mensal", 31), ("mensual", 31), ("Trimestral", 92), ("ANUAL", 366), ("semanal", 7)],
)
def test_expected_age_days(frequency, days):
    assert expected_age_days(frequency) == days


@pytest.mark.parametrize("frequency", ["irregular", "Eventual", "sob demanda"])
def test_frequencies_without_a_promise(frequency):
    assert expected_age_days(frequency) is None


@pytest.mark.parametrize("frequency", ["sometimes", "", None, math.nan])
def test_unknown_frequency_is_a_translated_error(frequency):
    with pytest.raises(CivicKitError) as caught:
        expected_age_days(frequency)
    assert caught.value.issue.code == "catalog-bad-frequency"
    assert all(caught.value.message(lang) for lang in LANGUAGES)


def test_frequency_table_keys_are_plain():
    assert all(key == key.casefold() and key.isascii() for key in FREQUENCY_DAYS)


# --- assess_catalog on a hand-made catalogue ---------------------------------------------------------------


def test_assessment_scores_each_dataset():
    assessment = assess_catalog(_catalogue(), as_of="2024-12-31")
    table = assessment.table.set_index("dataset_id")
    assert table.loc["contratos", "stars"] == 3
    assert table.loc["contratos", "score"] == 5
    assert table.loc["diarias", "stars"] == 0
    assert table.loc["diarias", "score"] == 0
    assert table.loc["ideb", "stars"] == 2
    assert table.loc["ideb", "days_since_update"] == 305
    assert not table.loc["ideb", "stale"]
    assert table.loc["diarias", "days_since_update"] == 351
    assert table.loc["diarias", "max_age_days"] == 31
    assert bool(table.loc["diarias", "stale"])
    assert assessment.valid


def test_reasons_explain_every_lost_point():
    assessment = assess_catalog(_catalogue(), as_of="2024-12-31")
    codes = {issue.code for issue in assessment.issues if issue.params["dataset_id"] == "diarias"}
    assert codes == {"catalog-no-licence", "catalog-not-machine-readable", "catalog-stale", "catalog-no-dictionary"}
    stale = next(i for i in assessment.issues if i.code == "catalog-stale")
    assert (stale.params["days"], stale.params["limit"], stale.params["late"]) == (351, 31, 320)
    assert (stale.row, stale.column) == (2, "last_updated")
    assert assessment.reasons("contratos") == []
    for lang in LANGUAGES:
        reasons = assessment.reasons("diarias", lang)
        assert len(reasons) == 4
        assert all("diarias" in reason for reason in reasons)


def test_grace_days_delay_staleness():
    late = _catalogue(last_updated=["2024-11-20", "2024-01-15", "2024-03-01"])
    assert bool(assess_catalog(late, "2024-12-31").table.loc[0, "stale"])
    assert not assess_catalog(late, "2024-12-31", grace_days=15).table.loc[0, "stale"]


def test_irregular_frequency_cannot_be_judged():
    table = assess_catalog(_catalogue(update_frequency=["irregular", "monthly", "yearly"]), "2024-12-31")
    assert pd.isna(table.table.loc[0, "stale"])
    assert not table.table.loc[0, "up_to_date"]
    assert "catalog-no-frequency" in {issue.code for issue in table.issues}


def test_text_flags_and_brazilian_dates_are_understood():
    catalogue = _catalogue(
        has_data_dictionary=["Sim", "Não", "x"],
        machine_readable=["sim", "nao", "S"],
        last_updated=["20/12/2024", "15/01/2024", "01/03/2024"],
    )
    table = assess_catalog(catalogue, dt_as_of := "31/12/2024").table
    assert dt_as_of
    assert table["documented"].tolist() == [True, False, True]
    assert table["days_since_update"].tolist() == [11, 351, 305]


def test_columns_mapping_accepts_a_portal_export():
    portal = _catalogue().rename(columns={"license": "licenca", "format": "formato", "last_updated": "atualizado"})
    table = assess_catalog(
        portal, "2024-12-31", columns={"license": "licenca", "format": "formato", "last_updated": "atualizado"}
    ).table
    assert table["stars"].tolist() == [3, 0, 2]


def test_catalogue_without_dictionary_column_says_so_once():
    assessment = assess_catalog(_catalogue().drop(columns=["has_data_dictionary", "machine_readable"]), "2024-12-31")
    info = [issue for issue in assessment.issues if issue.code == "catalog-no-dictionary-column"]
    assert len(info) == 1 and info[0].severity == "info"
    assert not assessment.table["documented"].any()


def test_checks_are_booleans_and_score_is_their_sum():
    table = assess_catalog(_catalogue(), "2024-12-31").table
    assert list(table.columns[-len(CHECKS) - 1 : -1]) == list(CHECKS)
    assert (table[list(CHECKS)].sum(axis=1) == table["score"]).all()


# --- malformed catalogues -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("overrides", "code", "severity", "valid"),
    [
        ({"last_updated": ["2024-12-20", "ontem", "2024-03-01"]}, "catalog-bad-date", "error", False),
        ({"last_updated": ["2024-12-20", None, "2024-03-01"]}, "catalog-missing-date", "error", False),
        ({"last_updated": ["2024-12-20", "2025-02-01", "2024-03-01"]}, "catalog-future-date", "error", False),
        ({"dataset_id": ["contratos", "contratos", "ideb"]}, "catalog-duplicate-id", "warning", True),
        ({"dataset_id": ["contratos", None, "ideb"]}, "catalog-missing-id", "error", False),
        ({"license": ["CC-BY-4.0", "Licença municipal", "CC0-1.0"]}, "catalog-unknown-licence", "warning", True),
        ({"license": ["CC-BY-4.0", "CC BY-NC 4.0", "CC0-1.0"]}, "catalog-restricted-licence", "warning", True),
        ({"update_frequency": ["monthly", "às vezes", "anual"]}, "catalog-unknown-frequency", "warning", True),
        ({"format": ["CSV", "???", "XLSX"]}, "catalog-unknown-format", "warning", True),
        ({"machine_readable": [True, True, True]}, "catalog-machine-readable-mismatch", "warning", True),
        ({"has_data_dictionary": [True, "talvez", True]}, "catalog-bad-flag", "warning", True),
    ],
    ids=[
        "unreadable-date",
        "missing-date",
        "future-date",
        "duplicate-id",
        "missing-id",
        "unknown-licence",
        "restricted-licence",
        "unknown-frequency",
        "unknown-format",
        "flag-mismatch",
        "bad-flag",
    ],
)
def test_metadata_problems_become_issues(overrides, code, severity, valid):
    assessment = assess_catalog(_catalogue(**overrides), "2024-12-31")
    found = [issue for issue in assessment.issues if issue.code == code]
    assert found, [issue.code for issue in assessment.issues]
    assert found[0].severity == severity
    assert found[0].row == 2
    assert assessment.valid is valid
    for lang in LANGUAGES:
        assert found[0].message(lang)


@pytest.mark.parametrize(
    ("call", "code"),
    [
        (lambda: assess_catalog([{"dataset_id": "x"}], "2024-12-31"), "catalog-not-a-table"),
        (lambda: assess_catalog(_catalogue().drop(columns=["license"]), "2024-12-31"), "catalog-missing-columns"),
        (lambda: assess_catalog(_catalogue().iloc[0:0], "2024-12-31"), "catalog-empty"),
        (lambda: assess_catalog(_catalogue(), "amanhã"), "catalog-bad-as-of"),
        (lambda: assess_catalog(_catalogue(), None), "catalog-bad-as-of"),
        (lambda: assess_catalog(_catalogue(), "2024-12-31", grace_days=-1), "catalog-bad-parameter"),
        (lambda: assess_catalog(_catalogue(), "2024-12-31", grace_days=1.5), "catalog-bad-parameter"),
        (lambda: assess_catalog(_catalogue(), "2024-12-31", limit_issues=0), "catalog-bad-parameter"),
        (lambda: assess_catalog(_catalogue(), "2024-12-31", columns={"licenca": "license"}), "catalog-bad-mapping"),
        (lambda: assess_catalog(_catalogue(), "2024-12-31", columns={"license": "licenca"}), "catalog-missing-columns"),
        (
            lambda: assess_catalog(_catalogue(), "2024-12-31", columns={"license": "format"}),
            "catalog-duplicate-columns",
        ),
    ],
    ids=[
        "not-a-table",
        "missing-column",
        "empty",
        "bad-as-of",
        "no-as-of",
        "negative-grace",
        "fractional-grace",
        "zero-limit",
        "unknown-mapping-name",
        "mapping-to-absent-column",
        "mapping-creates-duplicates",
    ],
)
def test_bad_input_raises_translated_errors(call, code):
    with pytest.raises(CivicKitError) as caught:
        call()
    assert caught.value.issue.code == code
    for lang in LANGUAGES:
        assert caught.value.message(lang)


def test_missing_columns_message_names_them():
    with pytest.raises(CivicKitError) as caught:
        assess_catalog(_catalogue().drop(columns=["license", "format"]), "2024-12-31")
    assert "format" in caught.value.message("en") and "license" in caught.value.message("en")


def test_limit_issues_keeps_a_count_of_the_rest():
    assessment = assess_catalog(_catalogue(), "2024-12-31", limit_issues=2)
    assert len(assessment.issues) == 2
    assert assessment.issues_truncated > 0
    assert any(str(assessment.issues_truncated) in line for line in assessment.summary("en"))


def test_to_dict_is_json_ready():
    payload = assess_catalog(_catalogue(update_frequency=["irregular", "monthly", "yearly"]), "2024-12-31").to_dict(
        "es"
    )
    text = json.dumps(payload)
    assert payload["datasets"][0]["stale"] is None
    assert "issues" in json.loads(text)


# --- the bundled teaching catalogue ------------------------------------------------------------------------


def test_bundled_catalogue_invariants():
    from civic_kit.data import load

    catalogue = load("open_data_catalog")
    assessment = assess_catalog(catalogue, as_of="2024-12-31")
    table = assessment.table
    assert len(table) == len(catalogue)
    assert assessment.valid
    assert ((table["stars"] == 0) == ~table["open_licence"]).all()
    judged = table["stale"].notna()
    late = table.loc[judged, "days_since_update"] > table.loc[judged, "max_age_days"]
    assert (late == table.loc[judged, "stale"].astype(bool)).all()
    # the catalogue's own machine_readable flag agrees with the formats everywhere
    assert "catalog-machine-readable-mismatch" not in {code for _, _, code in flatten(assessment.issues)}
    for lang in LANGUAGES:
        assert len(assessment.summary(lang)) == 9


# --- every issue code has a message in every language ----------------------------------------------------


def test_every_issue_code_is_translated():
    codes = set(re.findall(r'"(catalog-[a-z-]+)"', SOURCE.read_text(encoding="utf-8")))
    assert len(codes) > 15
    for code in sorted(codes):
        for lang in LANGUAGES:
            assert t(f"issue.{code}", lang)
