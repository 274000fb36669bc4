"""civic_kit.journalism: supplier concentration, split-purchase candidates and the story page."""

from __future__ import annotations

import datetime as dt
import re

import pandas as pd
import pytest

from civic_kit.data import load
from civic_kit.journalism import (
    MAX_TABLE_ROWS,
    export_story_html,
    split_purchase_candidates,
    story_html,
    supplier_concentration,
    supplier_shares,
)
from civic_kit.problems import CivicKitError

HEALTH = "Secretaria Municipal de Saúde"
LIMIT_2023 = 57_208.33


def _code(excinfo: pytest.ExceptionInfo[CivicKitError]) -> str:
    return excinfo.value.issue.code


@pytest.fixture(scope="module")
def contracts() -> pd.DataFrame:
    return load("contracts")


@pytest.fixture(scope="module")
def clean(contracts) -> pd.DataFrame:
    return contracts[contracts["supplier"] != "A DEFINIR"]


def _market(pairs):
    return pd.DataFrame(
        [{"orgao": o, "supplier": s, "value_brl": v} for o, s, v in pairs],
    )


# --- concentration ----------------------------------------------------------------------------------


def test_hhi_and_top_share_on_a_hand_computed_market():
    market = _market([("A", "x", 60.0), ("A", "y", 30.0), ("A", "z", 10.0), ("B", "w", 5.0), ("B", "v", 5.0)])
    result = supplier_concentration(market).set_index("orgao")
    assert result.loc["A", "hhi"] == pytest.approx(60**2 + 30**2 + 10**2)
    assert result.loc["B", "hhi"] == pytest.approx(5000)
    assert result.loc["A", "top_supplier"] == "x" and result.loc["A", "top_share"] == pytest.approx(0.6)
    assert result.loc["B", "top_supplier"] == "v"  # a tie goes to the first name in alphabetical order
    assert list(result.index) == ["B", "A"]  # highest HHI first: 5,000 before 4,600
    assert result.loc["A", "suppliers"] == 3 and result.loc["A", "contracts"] == 3


def test_single_supplier_is_a_monopoly_and_a_zero_total_does_not_divide_by_zero():
    result = supplier_concentration(_market([("A", "x", 10.0), ("B", "y", 0.0)])).set_index("orgao")
    assert result.loc["A", "hhi"] == pytest.approx(10_000)
    assert result.loc["B", "hhi"] == 0 and result.loc["B", "top_share"] == 0


def test_money_is_summed_in_cents():
    market = _market([("A", "x", 0.1)] * 10 + [("A", "y", 0.2)])
    shares = supplier_shares(market)
    assert shares["total_brl"].tolist() == [1.0, 0.2]


def test_whole_city_concentration(clean):
    result = supplier_concentration(clean, by=None)
    assert len(result) == 1 and "orgao" not in result.columns
    assert result["contracts"].iloc[0] == len(clean)
    assert result["total_brl"].iloc[0] == pytest.approx(round(clean["value_brl"].sum(), 2))


def test_the_planted_concentration_in_health(clean):
    result = supplier_concentration(clean)
    top = result.iloc[0]
    assert top["orgao"] == HEALTH and top["top_supplier"] == "MedNova Distribuidora Hospitalar Ltda"
    assert top["top_share"] > 0.5
    assert (result.iloc[1:]["top_share"] < 0.35).all()


def test_the_placeholder_row_shows_up_as_a_supplier_until_removed(contracts, clean):
    works = contracts[contracts["orgao"] == "Secretaria Municipal de Obras e Serviços Urbanos"]
    assert "A DEFINIR" in supplier_shares(works, top=3)["supplier"].tolist()
    works_clean = clean[clean["orgao"] == "Secretaria Municipal de Obras e Serviços Urbanos"]
    assert "A DEFINIR" not in supplier_shares(works_clean)["supplier"].tolist()


def test_supplier_shares_add_up_and_top_keeps_the_whole_denominator(clean):
    health = clean[clean["orgao"] == HEALTH]
    shares = supplier_shares(health)
    assert shares["share"].sum() == pytest.approx(1.0)
    assert shares["total_brl"].is_monotonic_decreasing
    top = supplier_shares(health, top=3)
    assert len(top) == 3 and top["share"].tolist() == shares["share"].head(3).tolist()


def test_grouping_by_cnpj(clean):
    by_cnpj = supplier_concentration(clean, supplier="supplier_cnpj")
    assert by_cnpj.iloc[0]["top_supplier"] == "48876824000156"


@pytest.mark.parametrize(
    ("frame", "kwargs", "code"),
    [
        ("not a table", {}, "journalism-not-a-table"),
        (pd.DataFrame({"orgao": ["A"], "supplier": ["x"]}), {}, "journalism-missing-columns"),
        (_market([("A", "x", 1.0)]).iloc[0:0], {}, "journalism-empty"),
        (pd.DataFrame({"orgao": ["A"], "supplier": ["x"], "value_brl": ["1.234,56"]}), {}, "journalism-not-numbers"),
        (
            pd.DataFrame({"orgao": ["A", "A"], "supplier": ["x", "y"], "value_brl": [1.0, None]}),
            {},
            "journalism-missing-values",
        ),
        (pd.DataFrame({"orgao": ["A"], "supplier": ["x"], "value_brl": [-5.0]}), {}, "journalism-negative-values"),
        (
            pd.DataFrame({"orgao": ["A", "A"], "supplier": ["x", None], "value_brl": [1.0, 2.0]}),
            {},
            "journalism-missing-values",
        ),
        (pd.DataFrame({"orgao": ["A"], "supplier": ["x"], "value_brl": [True]}), {}, "journalism-not-numbers"),
    ],
    ids=[
        "string",
        "no-value-column",
        "empty",
        "text-values",
        "missing-value",
        "negative",
        "missing-supplier",
        "booleans",
    ],
)
def test_concentration_refuses_bad_tables(frame, kwargs, code):
    with pytest.raises(CivicKitError) as excinfo:
        supplier_concentration(frame, **kwargs)
    assert _code(excinfo) == code
    assert excinfo.value.message("pt-BR") and excinfo.value.message("es")


def test_supplier_shares_refuses_bad_top():
    with pytest.raises(CivicKitError) as excinfo:
        supplier_shares(_market([("A", "x", 1.0)]), top=0)
    assert _code(excinfo) == "journalism-bad-parameter"


# --- split purchases --------------------------------------------------------------------------------


def _purchases(rows):
    return pd.DataFrame(
        [
            {
                "contract_id": f"CT-{i:03d}",
                "orgao": o,
                "supplier": s,
                "value_brl": v,
                "signed_date": pd.Timestamp(d),
                "modality": m,
            }
            for i, (o, s, v, d, m) in enumerate(rows, start=1)
        ]
    )


def test_finds_the_four_planted_clusters(clean):
    found = split_purchase_candidates(clean, LIMIT_2023)
    assert len(found) == 4
    assert found["contracts"].tolist() == [4, 3, 5, 4]
    assert found["over_threshold"].all()
    assert (found["largest_brl"] < LIMIT_2023).all()
    assert found["cluster"].tolist() == [1, 2, 3, 4]
    ids = ", ".join(found["contract_ids"]).split(", ")
    assert (clean.set_index("contract_id").loc[ids, "modality"] == "dispensa").all()


@pytest.mark.parametrize("limit", [50_000.0, 54_020.41, LIMIT_2023], ids=["original", "2022", "2023"])
def test_clusters_are_found_with_every_recent_limit(clean, limit):
    assert len(split_purchase_candidates(clean, limit)) == 4


def test_five_purchases_over_more_than_a_window_stay_one_cluster():
    rows = [("A", "x", 49_000.0, f"2024-05-{d:02d}", "dispensa") for d in (6, 13, 20, 27)]
    rows.append(("A", "x", 49_500.0, "2024-06-10", "dispensa"))
    found = split_purchase_candidates(_purchases(rows), 50_000, window_days=30)
    assert found["contracts"].tolist() == [5] and found["span_days"].tolist() == [35]


def test_what_is_not_a_candidate():
    rows = [
        ("A", "x", 49_000.0, "2024-01-02", "dispensa"),
        ("A", "x", 49_000.0, "2024-01-10", "dispensa"),
        ("A", "x", 49_000.0, "2024-03-10", "dispensa"),  # too far apart
        ("A", "y", 49_000.0, "2024-01-02", "dispensa"),
        ("B", "y", 49_000.0, "2024-01-03", "dispensa"),  # another agency
        ("A", "y", 49_000.0, "2024-01-04", "pregao_eletronico"),  # a tender
        ("A", "z", 10_000.0, "2024-01-02", "dispensa"),
        ("A", "z", 12_000.0, "2024-01-03", "dispensa"),  # far below the limit
        ("A", "z", 11_000.0, "2024-01-04", "dispensa"),
        ("A", "w", 51_000.0, "2024-01-02", "dispensa"),  # over the limit: a different problem
        ("A", "w", 52_000.0, "2024-01-03", "dispensa"),
        ("A", "w", 53_000.0, "2024-01-04", "dispensa"),
    ]
    found = split_purchase_candidates(_purchases(rows), 50_000)
    assert found.empty and "contract_ids" in found.columns


def test_parameters_change_what_counts():
    rows = [("A", "x", 30_000.0, f"2024-01-{d:02d}", "dispensa") for d in (2, 3)]
    frame = _purchases(rows)
    assert split_purchase_candidates(frame, 50_000).empty
    found = split_purchase_candidates(frame, 50_000, min_count=2, margin=0.5)
    assert found["contracts"].tolist() == [2] and found["total_brl"].tolist() == [60_000.0]
    assert bool(found["over_threshold"].iloc[0])
    assert split_purchase_candidates(frame, 50_000, min_count=2, margin=0.5, window_days=0).empty
    all_modalities = split_purchase_candidates(frame.assign(modality="x"), 50_000, 30, 2, margin=0.5, modality=None)
    assert len(all_modalities) == 1


def test_dates_as_text_are_accepted_and_sorted():
    rows = [("A", "x", 49_000.0, d, "dispensa") for d in ("2024-01-20", "2024-01-02", "2024-01-10")]
    frame = _purchases(rows).assign(signed_date=lambda f: f["signed_date"].dt.strftime("%Y-%m-%d"))
    found = split_purchase_candidates(frame, 50_000)
    assert found["first_signed"].iloc[0] == pd.Timestamp("2024-01-02")
    assert found["contract_ids"].iloc[0] == "CT-002, CT-003, CT-001"


@pytest.mark.parametrize(
    ("kwargs", "code"),
    [
        ({"threshold": 0}, "journalism-bad-parameter"),
        ({"threshold": -1}, "journalism-bad-parameter"),
        ({"threshold": "57.208,33"}, "journalism-bad-parameter"),
        ({"threshold": float("nan")}, "journalism-bad-parameter"),
        ({"window_days": -1}, "journalism-bad-parameter"),
        ({"window_days": 2.5}, "journalism-bad-parameter"),
        ({"min_count": 1}, "journalism-bad-parameter"),
        ({"margin": 1.0}, "journalism-bad-parameter"),
        ({"margin": -0.1}, "journalism-bad-parameter"),
        ({"modality_column": "tipo"}, "journalism-missing-columns"),
    ],
    ids=[
        "zero",
        "negative",
        "text",
        "nan",
        "window-negative",
        "window-fraction",
        "count-one",
        "margin-one",
        "margin-negative",
        "no-modality-column",
    ],
)
def test_split_candidates_refuse_bad_parameters(kwargs, code):
    frame = _purchases([("A", "x", 49_000.0, "2024-01-02", "dispensa")])
    arguments = {"threshold": 50_000.0, **kwargs}
    with pytest.raises(CivicKitError) as excinfo:
        split_purchase_candidates(frame, **arguments)
    assert _code(excinfo) == code


def test_split_candidates_refuse_missing_dates():
    rows = [("A", "x", 49_000.0, d, "dispensa") for d in ("2024-01-02", "2024-01-03", "2024-01-04")]
    frame = _purchases(rows)
    frame.loc[1, "signed_date"] = pd.NaT
    with pytest.raises(CivicKitError) as excinfo:
        split_purchase_candidates(frame, 50_000)
    assert _code(excinfo) == "journalism-missing-values" and "CT-002" in excinfo.value.message("en")


# --- the story page ---------------------------------------------------------------------------------


def _chart():
    from civic_kit.charts import bar_chart

    return bar_chart(
        {"A": 0.6, "B": 0.4},
        title="Shares",
        alt="A has 60% and B 40%.",
        source="Test data",
        unit="%",
        lang="en",
        percent=True,
    )


def test_story_is_self_contained_and_escapes_everything(tmp_path):
    table = pd.DataFrame(
        {
            "supplier": ["<script>alert(1)</script>", "B & C"],
            "share": [0.6, 0.4],
            "flag": [True, False],
            "day": [dt.date(2024, 1, 2), None],
        }
    )
    path = export_story_html(
        tmp_path / "story.html",
        title='One supplier <b>got</b> "most"',
        paragraphs=["First paragraph with <img src=x onerror=alert(1)>.", "Second & last."],
        source="Vale Verde contracts (synthetic)",
        lang="pt-BR",
        chart=_chart(),
        table=table,
        table_caption="Top suppliers",
        byline="Equipe <i>civic</i>",
        published=dt.date(2025, 1, 15),
    )
    document = path.read_text(encoding="utf-8")
    assert document.startswith("<!DOCTYPE html>") and '<html lang="pt-BR">' in document
    assert "<script" not in document.lower()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in document
    assert "&lt;img src=x onerror=alert(1)&gt;" in document
    assert "B &amp; C" in document and "&lt;b&gt;got&lt;/b&gt;" in document
    assert re.search(r'<img src="data:image/png;base64,[A-Za-z0-9+/=]+" alt="A has 60% and B 40%.">', document)
    assert not re.search(r"(?:src|href)\s*=\s*[\"']?(?:https?:)?//", document)
    assert "15/01/2025" in document and "Fonte dos dados: Vale Verde contracts (synthetic)" in document
    assert "0,60" in document and "sim" in document and "02/01/2024" in document


def test_story_is_deterministic():
    first = story_html(title="T", paragraphs="P", source="S", lang="en")
    assert first == story_html(title="T", paragraphs="P", source="S", lang="en")
    assert "<p>P</p>" in first and "Data source: S" in first


def test_long_tables_are_cut_with_a_note():
    table = pd.DataFrame({"n": range(MAX_TABLE_ROWS + 7)})
    document = story_html(title="T", paragraphs="P", source="S", table=table, lang="en")
    assert document.count("<tr>") == MAX_TABLE_ROWS + 1
    assert f"Showing {MAX_TABLE_ROWS} of {MAX_TABLE_ROWS + 7} rows" in document


def test_an_offline_map_goes_into_a_titled_sandboxed_frame():
    map_document = "<html><body><div id='m'>map & \"labels\"</div><script>var x = 1 < 2;</script></body></html>"
    document = story_html(
        title="T", paragraphs="P", source="S", lang="en", map_document=map_document, map_title="Districts"
    )
    assert '<iframe title="Districts" srcdoc="' in document and 'sandbox="allow-scripts"' in document
    assert "&lt;script&gt;var x = 1 &lt; 2;&lt;/script&gt;" in document


@pytest.mark.parametrize(
    ("kwargs", "code"),
    [
        ({"title": "  "}, "journalism-empty-text"),
        ({"source": ""}, "journalism-empty-text"),
        ({"paragraphs": []}, "journalism-empty-text"),
        ({"paragraphs": ["ok", 3]}, "journalism-empty-text"),
        ({"chart": "chart.png"}, "journalism-bad-chart"),
        ({"table": [[1, 2]]}, "journalism-not-a-table"),
        (
            {"map_document": '<script src="https://unpkg.com/leaflet.js"></script>', "map_title": "M"},
            "journalism-remote-asset",
        ),
        (
            {"map_document": "<link rel=stylesheet href=//cdn.example.org/x.css>", "map_title": "M"},
            "journalism-remote-asset",
        ),
        ({"map_document": "<div>map</div>"}, "journalism-empty-text"),
    ],
    ids=[
        "title",
        "source",
        "no-paragraphs",
        "paragraph-int",
        "chart-path",
        "table-list",
        "remote-script",
        "protocol-relative-css",
        "map-without-title",
    ],
)
def test_story_refuses_bad_input(kwargs, code):
    arguments = {"title": "T", "paragraphs": "P", "source": "S", "lang": "en", **kwargs}
    with pytest.raises(CivicKitError) as excinfo:
        story_html(**arguments)
    assert _code(excinfo) == code


def test_export_refuses_a_missing_folder(tmp_path):
    with pytest.raises(CivicKitError) as excinfo:
        export_story_html(tmp_path / "nope" / "story.html", title="T", paragraphs="P", source="S")
    assert _code(excinfo) == "journalism-bad-path"
    with pytest.raises(CivicKitError) as excinfo:
        export_story_html(tmp_path, title="T", paragraphs="P", source="S")
    assert _code(excinfo) == "journalism-bad-path"
