"""The teaching city's datasets: reproducible, valid, typed, consistent across tables, and robust to damage."""

from __future__ import annotations

import datetime as dt
import itertools
import json
import shutil
from collections.abc import Iterable
from pathlib import Path

import pandas as pd
import pytest

from civic_kit.cli import main
from civic_kit.data import registry
from civic_kit.data.generate import DEFAULT_SEED, PB_BUDGET_BRL, RESOURCE_TEXTS, generate
from civic_kit.data.registry import (
    dataset_path,
    datasets_dir,
    list_datasets,
    load,
    load_geojson,
    resource_descriptor,
    validate_datasets,
)
from civic_kit.i18n import t
from civic_kit.problems import CivicKitError

LANGS = ("pt-BR", "es", "en")
BUNDLED = datasets_dir()
COMMITTED = sorted(p.name for p in BUNDLED.iterdir() if p.is_file() and not p.name.startswith("."))
NAMES = list_datasets()
TABLES = [n for n in NAMES if resource_descriptor(n).get("profile") == "tabular-data-resource"]
REAL = {"ipca", "foi_laws"}


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("vale_verde")
    generate(out, seed=DEFAULT_SEED)
    return out


@pytest.fixture(scope="module")
def report() -> registry.DatasetsReport:
    return validate_datasets()


@pytest.fixture(scope="module")
def geo() -> dict:
    return load_geojson("districts")


# -- reproducibility ---------------------------------------------------------------------------------


def test_generator_writes_exactly_the_committed_files(generated: Path) -> None:
    assert sorted(p.name for p in generated.iterdir()) == COMMITTED


@pytest.mark.parametrize("filename", COMMITTED, ids=COMMITTED)
def test_regenerating_reproduces_each_committed_file_byte_for_byte(generated: Path, filename: str) -> None:
    assert (generated / filename).read_bytes() == (BUNDLED / filename).read_bytes()


def test_another_seed_gives_another_valid_city(tmp_path: Path) -> None:
    generate(tmp_path, seed=7)
    assert (tmp_path / "districts.csv").read_bytes() != (BUNDLED / "districts.csv").read_bytes()
    # Only the small tables: the big ones are covered by the bundled validation.
    small = _subset(tmp_path, tmp_path / "small", ["districts", "districts_geojson", "facilities"])
    assert validate_datasets(root=small).valid


@pytest.mark.parametrize("seed", [-1, "1", 2.5, True], ids=["negative", "text", "float", "bool"])
def test_generate_refuses_a_bad_seed(tmp_path: Path, seed: object) -> None:
    with pytest.raises(CivicKitError) as caught:
        generate(tmp_path, seed=seed)  # type: ignore[arg-type]
    assert caught.value.issue.code == "dataset-bad-seed"
    assert not any(tmp_path.iterdir())


def test_data_is_found_through_the_installed_package() -> None:
    from importlib.resources import files

    assert Path(str(files("civic_kit") / "datasets")) == BUNDLED
    top = Path(__file__).resolve().parents[2] / "datasets"
    assert top.is_symlink() and top.resolve() == BUNDLED.resolve()


# -- validation ------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", NAMES, ids=NAMES)
def test_every_resource_validates(report: registry.DatasetsReport, name: str) -> None:
    result = report.resource(name)
    assert result.valid, [i.message("en") for i in result.issues]
    assert result.rows and result.rows > 0


def test_whole_package_is_valid_and_counts_rows(report: registry.DatasetsReport) -> None:
    assert report.valid and report.issues == ()
    rows = {r.name: r.rows for r in report.resources}
    assert rows["districts"] == rows["districts_geojson"] == 16
    assert 4000 <= rows["population_grid"] <= 6000
    assert rows["budget_execution"] == rows["budget_execution_raw"]
    assert 450 <= rows["contracts"] <= 550 and 850 <= rows["foi_requests"] <= 950
    assert rows["pb_ballots"] == rows["pb_pabulib"] and 5500 <= rows["pb_ballots"] <= 6500


def test_descriptor_labels_synthetic_and_real_resources() -> None:
    for name in NAMES:
        spec = resource_descriptor(name)
        assert spec["synthetic"] is (name not in REAL), name
        assert spec["sources"] and spec["licenses"], name
        if name not in REAL:
            assert spec["description"].startswith("Synthetic data"), name
            assert [lic["name"] for lic in spec["licenses"]] == ["CC-BY-4.0"], name
    assert "IBGE" in json.dumps(resource_descriptor("ipca")["sources"])


@pytest.mark.parametrize("name", NAMES, ids=NAMES)
def test_titles_and_descriptions_are_translated(name: str) -> None:
    spec = resource_descriptor(name)
    assert t(f"datasets.{name}.title", "en") == spec["title"] == RESOURCE_TEXTS[name]["title"][2]
    assert t(f"datasets.{name}.description", "en") == spec["description"]
    for lang, start in (("pt-BR", "Dados sintéticos"), ("es", "Datos sintéticos")):
        assert t(f"datasets.{name}.title", lang)
        if name not in REAL:
            assert t(f"datasets.{name}.description", lang).startswith(start)


# -- loading and types -----------------------------------------------------------------------------


@pytest.mark.parametrize("name", TABLES, ids=TABLES)
def test_load_types_follow_the_table_schema(name: str) -> None:
    frame = load(name)
    fields = resource_descriptor(name)["schema"]["fields"]
    assert list(frame.columns) == [f["name"] for f in fields]
    for spec in fields:
        column = frame[spec["name"]]
        kind = spec["type"]
        if kind == "string":
            assert pd.api.types.is_string_dtype(column) or column.dtype == object, spec["name"]
        elif kind == "integer":
            assert str(column.dtype) in ("int64", "Int64"), spec["name"]
        elif kind == "number":
            assert column.dtype == "float64", spec["name"]
        elif kind == "boolean":
            assert column.dtype == bool, spec["name"]
        elif kind == "date":
            assert column.dtype == "datetime64[ns]", spec["name"]
            assert (column.dropna() == column.dropna().dt.normalize()).all()


def test_codes_keep_their_leading_zeros() -> None:
    districts = load("districts")
    assert districts["district_id"].tolist()[:3] == ["01", "02", "03"]
    budget = load("budget_execution")
    assert {"01", "04", "08"} <= set(budget["funcao_code"]) and "031" in set(budget["subfuncao_code"])
    assert set(budget["orgao_code"]) >= {"01", "02"} and "0001" in set(budget["programa_code"])
    cnpj = load("contracts")["supplier_cnpj"]
    assert cnpj.str.fullmatch(r"\d{14}").all() and cnpj.str.startswith("0").any()
    assert load("pb_projects")["project_id"].tolist() == [str(n) for n in range(1, 41)]


def test_empty_cells_are_missing_values() -> None:
    foi = load("foi_requests")
    pending = foi["status"] == "pending"
    assert foi.loc[pending, "answered_date"].isna().all() and foi.loc[~pending, "answered_date"].notna().all()
    assert foi.loc[~foi["appeal_filed"], "appeal_outcome"].isna().all()
    assert foi.loc[foi["appeal_filed"], "appeal_outcome"].notna().all()
    grid = load("population_grid")
    assert (grid["avg_household_income_brl"].isna() == (grid["population"] == 0)).all()
    assert str(load("foi_laws")["extension_days"].dtype) == "Int64"


def test_load_geojson_accepts_the_table_name_and_the_resource_name(geo: dict) -> None:
    assert load_geojson("districts_geojson") == geo
    assert geo["type"] == "FeatureCollection" and len(geo["features"]) == 16


# -- cross-table consistency -----------------------------------------------------------------------


@pytest.mark.parametrize("name", ["population_grid", "facilities", "pb_projects", "pb_ballots"])
def test_district_ids_exist(name: str) -> None:
    assert set(load(name)["district_id"]) <= set(load("districts")["district_id"])


def test_grid_adds_up_to_the_district_populations() -> None:
    districts = load("districts").set_index("district_id")
    grid = load("population_grid")
    sums = grid.groupby("district_id")["population"].sum()
    assert sums.to_dict() == districts["population"].to_dict()
    assert 200_000 <= districts["population"].sum() <= 240_000


def test_city_profile_is_plausible() -> None:
    d = load("districts").set_index("district_id")
    assert (
        1_700 <= d["avg_household_income_brl"].min() < 2_000 and 11_000 < d["avg_household_income_brl"].max() <= 12_000
    )
    density = d["population"] / d["area_km2"]
    central = ["01", "02", "03", "04"]
    assert density[central].min() > density.drop(central).max()
    assert d.loc[central, "area_km2"].mean() < d.drop(central)["area_km2"].mean()
    poor = d["avg_household_income_brl"] < 2_500
    assert d.loc[poor, "share_children_0_14"].mean() > d.loc[~poor, "share_children_0_14"].mean()


def test_districts_tile_the_city_without_gaps_or_overlaps(geo: dict) -> None:
    rings = {f["properties"]["district_id"]: f["geometry"]["coordinates"][0] for f in geo["features"]}
    grid = load("population_grid")
    for lat, lon, district_id in zip(grid["lat"], grid["lon"], grid["district_id"], strict=True):
        inside = [d for d, ring in rings.items() if _inside(lon, lat, ring)]
        assert inside == [district_id]
    # Every border point used by one district is used by its neighbour too (shared, not copied).
    uses: dict[tuple[float, float], int] = {}
    for ring in rings.values():
        for point in ring[:-1]:
            uses[tuple(point)] = uses.get(tuple(point), 0) + 1
    assert max(uses.values()) == 4 and sum(v >= 2 for v in uses.values()) > 40


def test_geojson_properties_and_areas_match_the_table(geo: dict) -> None:
    table = load("districts").set_index("district_id")
    for feature in geo["features"]:
        props = feature["properties"]
        row = table.loc[props["district_id"]]
        assert props["name"] == row["name"] and props["population"] == row["population"]
        ring = feature["geometry"]["coordinates"][0]
        assert ring[0] == ring[-1]
        assert abs(_area_km2(ring) - row["area_km2"]) < 0.01
        assert _signed(ring) > 0  # RFC 7946: exterior rings counter-clockwise


def test_facilities_lie_inside_their_district_and_the_periphery_is_under_served(geo: dict) -> None:
    rings = {f["properties"]["district_id"]: f["geometry"]["coordinates"][0] for f in geo["features"]}
    facilities = load("facilities")
    for lat, lon, district_id in zip(facilities["lat"], facilities["lon"], facilities["district_id"], strict=True):
        assert _inside(lon, lat, rings[district_id])
    counts = facilities["kind"].value_counts().to_dict()
    assert counts == {"school": 55, "health_unit": 22, "cras": 7}
    people = load("districts").set_index("district_id")["population"]
    units = facilities[facilities["kind"] == "health_unit"].groupby("district_id").size()
    per_unit = people / units
    assert per_unit[["12", "13", "14"]].min() > per_unit[["01", "07", "08"]].max()


def test_budget_stages_never_increase() -> None:
    b = load("budget_execution")
    assert (b["dotacao_atualizada"] >= b["empenhado"]).all()
    assert (b["empenhado"] >= b["liquidado"]).all() and (b["liquidado"] >= b["pago"]).all()
    assert (b["pago"] >= 0).all() and (b["dotacao_inicial"] >= 0).all()
    assert (b["reference_date"] == pd.to_datetime(b["year"].astype(str) + "-12-31")).all()
    assert b.groupby("year").size().between(150, 250).all()


def test_budget_execution_is_realistic() -> None:
    b = load("budget_execution")
    totals = b.groupby("year")["dotacao_inicial"].sum()
    assert totals.between(1.1e9, 1.4e9).all() and totals.is_monotonic_increasing
    by_function = b.groupby("funcao")[["empenhado", "dotacao_atualizada"]].sum()
    rate = by_function["empenhado"] / by_function["dotacao_atualizada"]
    assert rate["Saúde"] > 0.9 and rate["Educação"] > 0.9
    works = b[b["natureza_code"] == "4.4.90.51"]
    assert (works["empenhado"] / works["dotacao_atualizada"]).between(0.3, 0.6).all()
    assert b["acao_code"].str[0].isin(["0", "1", "2"]).all()


def test_portal_totals_match_the_sums_to_the_cent() -> None:
    b = load("budget_execution")
    totals = load("budget_portal_totals").set_index("year")
    stages = ["dotacao_inicial", "dotacao_atualizada", "empenhado", "liquidado", "pago"]
    cents = (b[stages] * 100).round().astype("int64").groupby(b["year"]).sum()
    assert cents.to_dict() == (totals[stages] * 100).round().astype("int64").to_dict()


def test_raw_portal_export_parses_to_the_clean_numbers() -> None:
    clean = load("budget_execution")
    raw = load("budget_execution_raw")
    assert raw.shape == clean.shape
    raw.columns = clean.columns
    pd.testing.assert_frame_equal(raw, clean)


def test_raw_portal_export_has_the_portal_quirks() -> None:
    data = dataset_path("budget_execution_raw").read_bytes()
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")
    lines = data.decode("cp1252").split("\r\n")
    assert lines[-1] == "" and all(line.endswith(";") for line in lines[:-1])
    assert "\n" not in data.decode("cp1252").replace("\r\n", "")
    assert lines[0] == (
        "Prefeitura Municipal de Vale Verde - Execução Orçamentária da Despesa - Exercícios 2022 a 2024;"
    )
    assert lines[1].startswith("Exercício;Órgão (código);") and "Pago (R$);Data de Referência;" in lines[1]
    assert ";31/12/2022;" in lines[2] and any(",00;" in line for line in lines[2:])
    spec = resource_descriptor("budget_execution_raw")
    assert spec["encoding"] == "cp1252" and spec["dialect"]["delimiter"] == ";"
    assert spec["dialect"]["headerRows"] == [2]


def test_contracts_have_valid_cnpjs_and_period_modalities() -> None:
    c = load("contracts")
    assert c["supplier_cnpj"].map(_cnpj_ok).all()
    assert (c.loc[c["modality"] == "tomada_de_precos", "year"] < 2024).all()
    assert c["contract_id"].str[3:7].astype(int).eq(c["year"]).all()


def test_contracts_plant_one_placeholder_row() -> None:
    c = load("contracts")
    placeholder = c[c["supplier"] == "A DEFINIR"]
    assert len(placeholder) == 1
    row = placeholder.iloc[0]
    assert row["supplier_cnpj"] == "00000000000000" and row["value_brl"] == 9_999_999.99
    assert row["signed_date"] == pd.Timestamp("1900-01-01")
    assert (c.drop(placeholder.index)["signed_date"] >= pd.Timestamp("2022-01-01")).all()


def test_contracts_plant_split_purchases_just_under_the_dispensa_limit() -> None:
    c = load("contracts")
    clusters = _dispensa_clusters(c[c["supplier"] != "A DEFINIR"])
    assert len(clusters) >= 3
    for group in clusters:
        assert len(group) >= 3 and group["value_brl"].between(45_000, 50_000 - 0.01).all()


def test_contracts_plant_one_dominant_supplier() -> None:
    c = load("contracts")
    c = c[c["supplier"] != "A DEFINIR"]
    shares = c.groupby(["orgao", "supplier"])["value_brl"].sum() / c.groupby("orgao")["value_brl"].sum()
    top = shares.sort_values(ascending=False)
    assert top.index[0] == ("Secretaria Municipal de Saúde", "MedNova Distribuidora Hospitalar Ltda")
    assert top.iloc[0] > 0.5 and top.iloc[1] < 0.35


def test_foi_requests_respect_the_lai_timeline() -> None:
    f = load("foi_requests")
    assert f["opened_date"].dt.year.isin([2023, 2024]).all()
    answered = f.dropna(subset=["answered_date"])
    assert (answered["answered_date"] >= answered["opened_date"]).all()
    assert (answered["answered_date"] <= pd.Timestamp("2024-12-31")).all()
    deadline = f["opened_date"] + pd.to_timedelta(f["extension_used"].map({True: 30, False: 20}), unit="D")
    late = f["answered_date"].fillna(pd.Timestamp("2024-12-31")) > deadline
    assert 0.12 <= late.mean() <= 0.18
    by_agency = late.groupby(f["agency"]).mean()
    assert by_agency.max() > 2.5 * by_agency.min()
    assert (~f["appeal_filed"] | f["appeal_outcome"].notna()).all()


def test_open_data_catalog_mixes_good_and_bad_entries() -> None:
    o = load("open_data_catalog")
    assert 35 <= len(o) <= 45
    assert (o["machine_readable"] == ~o["format"].isin(["PDF", "HTML"])).all()
    assert (o["license"] == "nao_informada").sum() >= 5 and (o["format"] == "PDF").sum() >= 3
    stale = o["last_updated"] < pd.Timestamp("2023-12-31")
    assert 5 <= stale.sum() <= len(o) - 10


def test_reference_tables_copy_their_sources_faithfully() -> None:
    ipca = load("ipca").set_index("year")["ipca_percent"].to_dict()
    assert ipca == {2021: 10.06, 2022: 5.79, 2023: 4.62, 2024: 4.83}
    laws = load("foi_laws").set_index("country")
    assert laws["status"].to_dict() == {
        "BR": "verified",
        "MX": "verified",
        "CO": "unverified",
        "CL": "verified",
        "AR": "secondary",
        "UY": "verified",
    }
    assert laws.loc["BR", ["response_days", "extension_days", "day_type"]].tolist() == [20, 10, "calendar"]
    assert laws.loc["UY", ["response_days", "extension_days", "day_type"]].tolist() == [20, 20, "business"]
    assert pd.isna(laws.loc["CO", "extension_days"]) and "2025" in laws.loc["MX", "law"]


# -- participatory budget ----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def pabulib() -> tuple:
    from pabutools.election import parse_pabulib

    return parse_pabulib(str(dataset_path("pb_pabulib")))


def test_pabulib_file_matches_the_csvs(pabulib: tuple) -> None:
    instance, profile = pabulib
    projects = load("pb_projects").set_index("project_id")
    ballots = load("pb_ballots")
    assert instance.budget_limit == PB_BUDGET_BRL == resource_descriptor("pb_projects")["budget_brl"]
    assert instance.meta["vote_type"] == "approval" and "synthetic" in instance.meta["description"].lower()
    assert {p.name: int(p.cost) for p in instance} == projects["cost_brl"].to_dict()
    approvals = [set(a.split(";")) if isinstance(a, str) else set() for a in ballots["approved"]]
    assert [{p.name for p in ballot} for ballot in profile] == approvals
    assert all(len(a) <= 6 for a in approvals) and 1 <= sum(not a for a in approvals) <= 20
    votes = {p.name: int(instance.project_meta[p]["votes"]) for p in instance}
    assert votes == {pid: sum(pid in a for a in approvals) for pid in projects.index}
    assert projects["cost_brl"].between(80_000, 2_500_000).sum() == 39 and projects["cost_brl"].max() > 3_900_000


def test_greedy_and_equal_shares_choose_differently(pabulib: tuple) -> None:
    from pabutools.election import Cost_Sat
    from pabutools.rules import greedy_utilitarian_welfare, method_of_equal_shares

    instance, profile = pabulib
    greedy = {p.name for p in greedy_utilitarian_welfare(instance, profile, sat_class=Cost_Sat)}
    selected = {p.name for p in instance if instance.project_meta[p]["selected"] == "1"}
    assert greedy == selected
    mes = {p.name for p in method_of_equal_shares(instance, profile, sat_class=Cost_Sat)}
    mobilised = set(load("pb_projects").query("district_id == '03'")["project_id"])
    assert len(greedy & mobilised) > len(mes & mobilised)
    assert mes - greedy


# -- damaged data yields issues, never tracebacks -----------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
def test_unknown_dataset_lists_the_available_names(lang: str) -> None:
    with pytest.raises(CivicKitError) as caught:
        load("budget")
    issue = caught.value.issue
    assert issue.code == "unknown-dataset"
    message = caught.value.message(lang)
    assert "budget" in message and "budget_execution" in message and "pb_ballots" in message
    for call in (dataset_path, resource_descriptor, load_geojson):
        with pytest.raises(CivicKitError):
            call("nope")


def test_non_tables_are_refused_by_load() -> None:
    for name in ("districts_geojson", "pb_pabulib"):
        with pytest.raises(CivicKitError) as caught:
            load(name)
        assert caught.value.issue.code == "dataset-not-a-table"


def test_bad_cell_is_reported_with_its_row_and_column(tmp_path: Path) -> None:
    root = _subset(BUNDLED, tmp_path, ["districts", "districts_geojson"])
    _edit(root / "districts.csv", ",18956,", ",dezoito mil,")
    with pytest.raises(CivicKitError) as caught:
        load("districts", root=root)
    assert caught.value.issue.code == "dataset-bad-value"
    assert (caught.value.issue.row, caught.value.issue.column) == (2, "population")
    assert "dezoito mil" in caught.value.message("pt-BR")
    result = validate_datasets(root=root)
    assert not result.valid
    flat = result.flatten()
    assert ["districts", 2, "population", "dataset-type-error"] in flat
    assert any(code == "dataset-hash-mismatch" for _, _, _, code in flat)
    assert any(code == "dataset-geojson-properties-mismatch" for _, _, _, code in flat)
    for lang in LANGS:
        assert all(issue.message(lang) for r in result.resources for issue in r.issues)


def test_broken_map_is_reported(tmp_path: Path) -> None:
    root = _subset(BUNDLED, tmp_path, ["districts", "districts_geojson"])
    data = json.loads((root / "districts.geojson").read_text(encoding="utf-8"))
    data["features"][0]["geometry"]["coordinates"][0].pop()  # open the ring
    data["features"][1]["properties"]["name"] = "Outro Nome"
    del data["features"][2]
    (root / "districts.geojson").write_text(json.dumps(data), encoding="utf-8")
    _drop_integrity(root, "districts_geojson")
    codes = {code for _, _, _, code in validate_datasets(root=root).flatten()}
    assert codes == {
        "dataset-geojson-ring-open",
        "dataset-geojson-properties-mismatch",
        "dataset-geojson-missing-feature",
    }


def test_map_that_is_not_a_feature_collection(tmp_path: Path) -> None:
    root = _subset(BUNDLED, tmp_path, ["districts", "districts_geojson"])
    (root / "districts.geojson").write_text('{"type": "Feature"}', encoding="utf-8")
    _drop_integrity(root, "districts_geojson")
    result = validate_datasets(root=root)
    assert result.resource("districts_geojson").issues[0].code == "dataset-geojson-not-collection"
    assert load_geojson("districts", root=root) == {"type": "Feature"}
    (root / "districts.geojson").write_text("[1, 2", encoding="utf-8")
    with pytest.raises(CivicKitError) as caught:
        load_geojson("districts", root=root)
    assert caught.value.issue.code == "dataset-unreadable"


def test_pabulib_that_disagrees_with_the_csvs(tmp_path: Path) -> None:
    root = _subset(BUNDLED, tmp_path, ["districts", "pb_projects", "pb_ballots", "pb_pabulib"])
    _edit(root / "pb_vale_verde_2024.pb", "budget;12000000", "budget;13000000")
    _drop_integrity(root, "pb_pabulib")
    result = validate_datasets(root=root)
    issues = result.resource("pb_pabulib").issues
    assert [(i.code, i.params["key"]) for i in issues] == [("dataset-pabulib-mismatch", "budget")]
    assert "13000000" in issues[0].message("es")


def test_missing_file_and_broken_descriptor(tmp_path: Path) -> None:
    root = _subset(BUNDLED, tmp_path, ["ipca", "foi_laws"])
    (root / "ipca_annual.csv").unlink()
    with pytest.raises(CivicKitError) as caught:
        load("ipca", root=root)
    assert caught.value.issue.code == "dataset-file-missing"
    result = validate_datasets(root=root)
    assert not result.resource("ipca").valid and result.resource("foi_laws").valid
    assert result.resource("ipca").issues[0].code == "dataset-file-error"

    (root / "datapackage.json").write_text("{not json", encoding="utf-8")
    broken = validate_datasets(root=root)
    assert not broken.valid and [i.code for i in broken.issues] == ["dataset-package-unreadable"]
    with pytest.raises(CivicKitError) as caught:
        load("foi_laws", root=root)
    assert caught.value.issue.code == "dataset-package-unreadable"


def test_wrong_header_and_wrong_encoding_are_explained(tmp_path: Path) -> None:
    root = _subset(BUNDLED, tmp_path, ["ipca", "budget_portal_totals"])
    _edit(root / "ipca_annual.csv", "ipca_percent", "ipca")
    with pytest.raises(CivicKitError) as caught:
        load("ipca", root=root)
    assert caught.value.issue.code == "dataset-bad-header"
    (root / "budget_portal_totals.csv").write_bytes(b"\xff\xfe\x00y\x00e\x00a\x00r")
    with pytest.raises(CivicKitError) as caught:
        load("budget_portal_totals", root=root)
    assert caught.value.issue.code in ("dataset-unreadable", "dataset-bad-header")


# -- the command line ------------------------------------------------------------------------------


def test_cli_validate_json_equals_the_library(report: registry.DatasetsReport, capsys: pytest.CaptureFixture) -> None:
    assert main(["datasets", "validate", "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == report.to_dict()


def test_cli_validate_exits_1_on_a_broken_package(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture
) -> None:
    root = _subset(BUNDLED, tmp_path, ["districts"])
    _edit(root / "districts.csv", "Centro", "Centro Velho")
    monkeypatch.setattr(registry, "datasets_dir", lambda: root)
    assert main(["--lang", "en", "datasets", "validate"]) == 1
    out = capsys.readouterr().out
    assert "✗ districts" in out and "1 of 1 resources have problems." in out
    assert main(["datasets", "validate", "--json"]) == 1
    assert json.loads(capsys.readouterr().out)["valid"] is False


def test_cli_validate_text_on_a_valid_package(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture
) -> None:
    root = _subset(BUNDLED, tmp_path, ["ipca", "foi_laws"])
    monkeypatch.setattr(registry, "datasets_dir", lambda: root)
    assert main(["datasets", "validate"]) == 0
    out = capsys.readouterr().out
    assert "✓ ipca: 4 linhas, sem problemas" in out and "Todos os 2 recursos" in out


def test_cli_list(capsys: pytest.CaptureFixture) -> None:
    assert main(["datasets", "list", "--json"]) == 0
    entries = json.loads(capsys.readouterr().out)
    assert [e["name"] for e in entries] == NAMES
    assert main(["--lang", "es", "datasets", "list"]) == 0
    out = capsys.readouterr().out
    assert "ipca (csv, real): IPCA: inflación anual (IBGE)" in out and "districts (csv, sintético)" in out


def test_cli_generate(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    assert main(["datasets", "generate", "--out", str(tmp_path / "city"), "--seed", "5"]) == 0
    assert "16 arquivos gravados" in capsys.readouterr().out
    assert sorted(p.name for p in (tmp_path / "city").iterdir()) == COMMITTED


@pytest.mark.parametrize("seed", ["abc", "-3", "1.5"], ids=["text", "negative", "decimal"])
def test_cli_generate_rejects_a_bad_seed(tmp_path: Path, capsys: pytest.CaptureFixture, seed: str) -> None:
    assert main(["--lang", "en", "datasets", "generate", "--out", str(tmp_path), "--seed", seed]) == 1
    assert f'The seed "{seed}" cannot be used' in capsys.readouterr().err
    assert not any(tmp_path.iterdir())


def test_cli_generate_refuses_a_file_as_folder(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    target = tmp_path / "file.txt"
    target.write_text("x", encoding="utf-8")
    assert main(["--lang", "es", "datasets", "generate", "--out", str(target)]) == 1
    assert "es un archivo, no una carpeta" in capsys.readouterr().err


def test_cli_datasets_without_action_shows_help(capsys: pytest.CaptureFixture) -> None:
    assert main(["datasets"]) == 2
    assert "validate" in capsys.readouterr().out


# -- helpers ---------------------------------------------------------------------------------------


def _subset(source: Path, target: Path, names: Iterable[str]) -> Path:
    """A copy of some resources with a descriptor listing only them (fast to validate)."""
    target.mkdir(parents=True, exist_ok=True)
    package = json.loads((source / "datapackage.json").read_text(encoding="utf-8"))
    wanted = set(names)
    package["resources"] = [r for r in package["resources"] if r["name"] in wanted]
    for spec in package["resources"]:
        shutil.copyfile(source / spec["path"], target / spec["path"])
    (target / "datapackage.json").write_text(json.dumps(package, ensure_ascii=False), encoding="utf-8")
    return target


def _drop_integrity(root: Path, name: str) -> None:
    """Forget one resource's size and hash, to test the checks behind them on an edited file."""
    path = root / "datapackage.json"
    package = json.loads(path.read_text(encoding="utf-8"))
    for spec in package["resources"]:
        if spec["name"] == name:
            spec.pop("bytes", None)
            spec.pop("hash", None)
    path.write_text(json.dumps(package, ensure_ascii=False), encoding="utf-8")


def _edit(path: Path, old: str, new: str) -> None:
    data = path.read_bytes()
    assert old.encode() in data
    path.write_bytes(data.replace(old.encode(), new.encode(), 1))


def _inside(lon: float, lat: float, ring: list) -> bool:
    result = False
    for (x1, y1), (x2, y2) in itertools.pairwise(ring):
        if (y1 > lat) != (y2 > lat) and lon < x1 + (lat - y1) * (x2 - x1) / (y2 - y1):
            result = not result
    return result


def _signed(ring: list) -> float:
    return sum(x1 * y2 - x2 * y1 for (x1, y1), (x2, y2) in itertools.pairwise(ring)) / 2


def _area_km2(ring: list) -> float:
    km = [((lon + 47.90) * 102.809055, (lat + 22.55) * 110.574) for lon, lat in ring]
    return _signed(km)


def _cnpj_ok(cnpj: str) -> bool:
    digits = [int(c) for c in cnpj]
    for size in (12, 13):
        weights = list(range(size - 7, 1, -1)) + list(range(9, 1, -1))
        remainder = sum(d * w for d, w in zip(digits[:size], weights, strict=True)) % 11
        if digits[size] != (0 if remainder < 2 else 11 - remainder):
            return False
    return True


def _dispensa_clusters(contracts: pd.DataFrame, window: int = 30) -> list[pd.DataFrame]:
    """Groups of 3+ dispensa contracts to one supplier and agency signed within ``window`` days."""
    found = []
    dispensa = contracts[contracts["modality"] == "dispensa"].sort_values("signed_date")
    for _, group in dispensa.groupby(["supplier", "orgao"]):
        dates = group["signed_date"].tolist()
        for start in range(len(dates)):
            inside = group[
                (group["signed_date"] >= dates[start])
                & (group["signed_date"] <= dates[start] + dt.timedelta(days=window))
            ]
            if len(inside) >= 3:
                found.append(inside)
                break
    return found
