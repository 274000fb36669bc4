"""Access to public services: distances, coverage, equity, incremental updates, greedy sites, uploads."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from civic_kit.access import (
    DEFAULT_DETOUR_FACTOR,
    AccessModel,
    CityBounds,
    GridIndex,
    LocalProjection,
    Site,
    facilities_from_table,
    find_coordinate_columns,
    haversine_m,
    income_quintiles,
)
from civic_kit.i18n import LANGUAGES, catalog
from civic_kit.problems import CivicKitError, flatten

CENTRE = (-22.55, -47.90)


def _city(seed: int, n_points: int = 600, n_fac: int = 8) -> tuple[pd.DataFrame, pd.DataFrame]:
    """A random teaching city about 14 km x 11 km around the bundled city's centre."""
    rng = np.random.default_rng(seed)
    lat = CENTRE[0] + rng.uniform(-0.05, 0.05, n_points)
    lon = CENTRE[1] + rng.uniform(-0.07, 0.07, n_points)
    population = pd.DataFrame(
        {
            "cell_id": [f"C{i:04d}" for i in range(n_points)],
            "district_id": [f"{i % 4 + 1:02d}" for i in range(n_points)],
            "lat": lat,
            "lon": lon,
            "population": rng.integers(0, 120, n_points),
            "avg_household_income_brl": np.round(rng.lognormal(8, 0.6, n_points), 2),
        }
    )
    facilities = pd.DataFrame(
        {
            "facility_id": [f"UBS-{i:02d}" for i in range(n_fac)],
            "kind": ["health_unit"] * n_fac,
            "lat": CENTRE[0] + rng.uniform(-0.05, 0.05, n_fac),
            "lon": CENTRE[1] + rng.uniform(-0.07, 0.07, n_fac),
        }
    )
    return population, facilities


def _line_city() -> tuple[pd.DataFrame, pd.DataFrame]:
    """Five populated points on a west-east line, 1 km apart, no facility: easy to check by hand."""
    proj = LocalProjection(*CENTRE)
    # metres east of the centre -> degrees of longitude at the centre's latitude
    metres = np.array([0.0, 1000.0, 2000.0, 3000.0, 4000.0])
    lon = proj.lon0 + np.degrees(metres / (6_371_008.8 * math.cos(math.radians(proj.lat0))))
    population = pd.DataFrame(
        {
            "cell_id": ["A", "B", "C", "D", "E"],
            "district_id": ["01", "01", "02", "02", "02"],
            "lat": [CENTRE[0]] * 5,
            "lon": lon,
            "population": [10, 30, 25, 5, 40],
            "avg_household_income_brl": [1000.0, 2000.0, 3000.0, 4000.0, 5000.0],
        }
    )
    facilities = pd.DataFrame({"lat": pd.Series([], dtype=float), "lon": pd.Series([], dtype=float)})
    return population, facilities


# -- distances -----------------------------------------------------------------------------------------------


def test_flat_projection_agrees_with_haversine_at_city_scale():
    rng = np.random.default_rng(7)
    lat = CENTRE[0] + rng.uniform(-0.1, 0.1, (2, 2000))
    lon = CENTRE[1] + rng.uniform(-0.1, 0.1, (2, 2000))
    proj = LocalProjection.around(lat.ravel(), lon.ravel())
    x, y = proj.to_xy(lat, lon)
    flat = np.hypot(x[0] - x[1], y[0] - y[1])
    exact = haversine_m(lat[0], lon[0], lat[1], lon[1])
    assert np.max(np.abs(flat - exact) / exact) < 1e-3


def test_haversine_known_distance():
    # one degree of latitude along a meridian is R * pi / 180
    assert haversine_m(np.array(0.0), np.array(0.0), np.array(1.0), np.array(0.0)) == pytest.approx(111_195.08, abs=0.1)


@pytest.mark.parametrize("radius", [50.0, 400.0, 1500.0], ids=["50m", "400m", "1500m"])
def test_grid_index_finds_exactly_the_brute_force_pairs(radius):
    rng = np.random.default_rng(3)
    x, y = rng.uniform(0, 5000, 800), rng.uniform(0, 4000, 800)
    qx, qy = rng.uniform(-500, 5500, 60), rng.uniform(-500, 4500, 60)
    grid = GridIndex(x, y, cell_m=radius)
    q, p, d = grid.pairs_within(qx, qy, radius)
    found = {(int(a), int(b)) for a, b, dist in zip(q, p, d, strict=True) if dist <= radius}
    full = np.sqrt((qx[:, None] - x[None, :]) ** 2 + (qy[:, None] - y[None, :]) ** 2)
    expected = {(int(a), int(b)) for a, b in zip(*np.nonzero(full <= radius), strict=True)}
    assert found == expected


def test_grid_index_survives_tiny_radii_and_far_queries():
    rng = np.random.default_rng(4)
    x, y = rng.uniform(0, 20_000, 500), rng.uniform(0, 20_000, 500)
    grid = GridIndex(x, y, cell_m=1e-6)
    q, p, _ = grid.pairs_within(x[:5], y[:5], grid.cell_m)
    assert sorted(zip(q.tolist(), p.tolist(), strict=True)) == [(i, i) for i in range(5)]
    q, _, _ = grid.pairs_within(np.array([1e12, -1e12]), np.array([1e12, 5.0]), grid.cell_m)
    assert q.size == 0


# -- coverage --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("seed", [1, 2, 3], ids=["seed1", "seed2", "seed3"])
@pytest.mark.parametrize("threshold", [600.0, 1000.0, 2500.0], ids=["600m", "1000m", "2500m"])
def test_coverage_matches_brute_force_haversine(seed, threshold):
    population, facilities = _city(seed)
    model = AccessModel.from_frames(population, facilities, kind="health_unit")
    result = model.coverage(threshold)
    dist = haversine_m(
        population["lat"].to_numpy()[:, None],
        population["lon"].to_numpy()[:, None],
        facilities["lat"].to_numpy()[None, :],
        facilities["lon"].to_numpy()[None, :],
    )
    nearest = dist.min(axis=1) * DEFAULT_DETOUR_FACTOR
    np.testing.assert_allclose(result.nearest_m, nearest, rtol=1e-3)
    # the flat map and the sphere differ by < 0.1 %: only points that close to the limit may disagree
    clear = np.abs(nearest - threshold) > 2e-3 * threshold
    assert np.array_equal(result.covered[clear], (nearest <= threshold)[clear])
    pop = population["population"].to_numpy()
    expected = pop[clear & (nearest <= threshold)].sum()
    assert abs(result.covered_population - expected) <= pop[~clear].sum()
    assert result.share == pytest.approx(result.covered_population / pop.sum())
    assert np.array_equal(result.uncovered, ~result.covered)


def test_threshold_change_is_a_comparison_of_the_nearest_distance():
    population, facilities = _city(5)
    model = AccessModel.from_frames(population, facilities)
    for threshold in (300, 800, 1200.5, 4000):
        result = model.coverage(threshold)
        assert np.array_equal(result.covered, model.nearest_m <= threshold)
    shares = [model.coverage(t).share for t in (200, 500, 1000, 2000, 5000)]
    assert shares == sorted(shares)


def test_result_arrays_are_read_only():
    population, facilities = _city(5)
    result = AccessModel.from_frames(population, facilities).coverage(1000)
    with pytest.raises(ValueError):
        result.covered[0] = True
    with pytest.raises(ValueError):
        result.nearest_m[0] = 0.0


@pytest.mark.parametrize("seed", [11, 12], ids=["seed11", "seed12"])
def test_adding_facilities_incrementally_equals_full_recomputation(seed):
    population, facilities = _city(seed)
    added = [(-22.53, -47.93), (-22.57, -47.86)]
    model = AccessModel.from_frames(population, facilities)
    incremental = model.with_facility(*added[0]).with_facility(*added[1], name="Nova UBS")
    everything = pd.concat([facilities, pd.DataFrame({"lat": [a for a, _ in added], "lon": [b for _, b in added]})])
    full = AccessModel.from_frames(population, everything.reset_index(drop=True))
    extra = model.coverage(1000, extra_sites=[Site(*added[0]), added[1]])
    for other in (full.coverage(1000), extra):
        inc = incremental.coverage(1000)
        assert np.array_equal(inc.nearest_m, other.nearest_m)
        assert np.array_equal(inc.covered, other.covered)
        assert inc.covered_population == other.covered_population
        pd.testing.assert_frame_equal(inc.by_district, other.by_district)
        pd.testing.assert_frame_equal(inc.by_quintile, other.by_quintile)
        assert inc.facilities == other.facilities == len(facilities) + 2
    # the original model is unchanged (models are values)
    assert len(model.facilities) == len(facilities)
    assert incremental.facilities["name"].iloc[-1] == "Nova UBS"


def test_by_district_table_and_names():
    population, facilities = _city(4)
    districts = pd.DataFrame({"district_id": ["01", "02", "03", "04"], "name": ["Centro", "Vila", "Jardim", "Alto"]})
    result = AccessModel.from_frames(population, facilities, districts=districts).coverage(900)
    table = result.by_district
    assert list(table["name"]) == ["Centro", "Vila", "Jardim", "Alto"]
    assert table["population"].sum() == pytest.approx(result.total_population)
    assert table["covered_population"].sum() == pytest.approx(result.covered_population)
    for row in table.itertuples():
        members = population["district_id"] == row.district_id
        covered = result.covered[members.to_numpy()]
        pop = population.loc[members, "population"].to_numpy()
        assert row.covered_population == pop[covered].sum()
        assert row.share == pytest.approx(pop[covered].sum() / pop.sum())


def test_no_facilities_means_nobody_is_covered():
    population, _ = _city(4)
    empty = pd.DataFrame({"lat": pd.Series([], dtype=float), "lon": pd.Series([], dtype=float)})
    result = AccessModel.from_frames(population, empty).coverage(1000)
    assert result.covered_population == 0
    assert np.isinf(result.nearest_m).all()


def test_kind_filter_keeps_only_that_kind():
    population, facilities = _city(6)
    facilities.loc[0, "kind"] = "school"
    model = AccessModel.from_frames(population, facilities, kind="school")
    assert list(model.facilities["facility_id"]) == ["UBS-00"]


# -- income quintiles and equity ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("income", "population", "expected"),
    [
        ([5, 1, 4, 2, 3], [1, 1, 1, 1, 1], [5, 1, 4, 2, 3]),
        ([1, 2, 3], [10, 10, 80], [1, 1, 4]),
        ([1, 1, 2, 2], [25, 25, 25, 25], [2, 2, 4, 4]),
        ([1, math.nan, 3], [50, 10, 50], [2, 0, 4]),
        ([math.nan, math.nan], [5, 5], [0, 0]),
    ],
    ids=["one-each", "weighted", "ties-share-a-quintile", "unknown-income", "no-income"],
)
def test_population_weighted_quintiles(income, population, expected):
    assert income_quintiles(np.array(income, dtype=float), np.array(population, dtype=float)).tolist() == expected


def test_quintile_table_and_equity_gap_on_a_hand_checked_case():
    population, facilities = _line_city()
    # one facility at point A: covers A and B at 1 300 m (1 km x 1.3), not C
    facilities = pd.DataFrame({"lat": [population["lat"][0]], "lon": [population["lon"][0]]})
    result = AccessModel.from_frames(population, facilities).coverage(1300.5)
    assert result.covered.tolist() == [True, True, False, False, False]
    table = result.by_quintile
    # positions: A 0.0455 -> q1, B 0.227 -> q2, C 0.477 -> q3, D 0.614 -> q4, E 0.818 -> q5
    assert table["quintile"].tolist() == [1, 2, 3, 4, 5]
    assert table["population"].tolist() == [10, 30, 25, 5, 40]
    assert table["share"].tolist() == [1.0, 1.0, 0.0, 0.0, 0.0]
    assert result.equity_gap == -1.0  # richest fifth 0 %, poorest 100 %
    assert "-100,0" in result.equity_text("pt-BR")
    assert "-100.0" in result.equity_text("en")


def test_equity_gap_unavailable_without_income():
    population, facilities = _city(2)
    result = AccessModel.from_frames(population.drop(columns="avg_household_income_brl"), facilities).coverage(1000)
    assert result.equity_gap is None
    assert result.by_quintile.empty
    for lang in LANGUAGES:
        assert result.equity_text(lang) == catalog(lang)["access.equity-gap.unavailable"]


# -- greedy site suggestions ---------------------------------------------------------------------------------------


def test_greedy_suggestions_on_a_hand_checked_line():
    population, facilities = _line_city()
    model = AccessModel.from_frames(population, facilities)
    # threshold 1 300 m walking = 1 000 m straight: a site covers itself and its neighbours.
    # gains: A 40, B 65, C 60, D 70, E 45 -> D first (C, D, E = 70); then A and B both add the 40 people
    # of A and B (C is already covered): the tie goes to A, listed first. Nobody is left for a third site.
    suggestions = model.suggest_sites(3, threshold_m=1300.5)
    assert [s.candidate_id for s in suggestions.sites] == ["D", "A"]
    assert [s.added_population for s in suggestions.sites] == [70.0, 40.0]
    assert [s.rank for s in suggestions.sites] == [1, 2]
    assert suggestions.covered_before == 0
    assert suggestions.covered_after == 110 == suggestions.total_population


def test_greedy_ties_go_to_the_first_candidate():
    population, facilities = _line_city()
    population["population"] = [10, 10, 10, 10, 10]
    suggestions = AccessModel.from_frames(population, facilities).suggest_sites(1, threshold_m=1300.5)
    # B, C and D each cover 30 people: B is listed first
    assert suggestions.sites[0].candidate_id == "B"


def _plain_greedy(model: AccessModel, population: pd.DataFrame, candidates: list[tuple[float, float]], k, threshold):
    """The textbook greedy: re-evaluate every candidate at every step with the full distance matrix."""
    pop = population["population"].to_numpy(dtype=float)
    covered = model.coverage(threshold).covered.copy()
    reach = np.array(
        [
            AccessModel.from_frames(population, pd.DataFrame({"lat": [a], "lon": [b]})).coverage(threshold).covered
            for a, b in candidates
        ]
    )
    picks = []
    for _ in range(k):
        gains = (reach & ~covered[None, :]) @ pop
        best = int(np.argmax(gains))
        if gains[best] <= 0:
            break
        picks.append((best, float(gains[best])))
        covered |= reach[best]
    return picks


@pytest.mark.parametrize("seed", [21, 22, 23], ids=["seed21", "seed22", "seed23"])
def test_lazy_greedy_picks_the_same_sites_as_plain_greedy(seed):
    population, facilities = _city(seed, n_points=300, n_fac=3)
    rng = np.random.default_rng(seed)
    candidates = list(
        zip(CENTRE[0] + rng.uniform(-0.05, 0.05, 40), CENTRE[1] + rng.uniform(-0.07, 0.07, 40), strict=True)
    )
    model = AccessModel.from_frames(population, facilities)
    got = model.suggest_sites(5, threshold_m=1500, candidates=candidates)
    expected = _plain_greedy(model, population, candidates, 5, 1500)
    assert [(s.candidate, s.added_population) for s in got.sites] == expected
    # adding the suggested sites reaches exactly the promised coverage
    after = model
    for site in got.sites:
        after = after.with_site(site)
    assert after.coverage(1500).covered_population == got.covered_after


def test_suggestions_default_to_population_cells_and_accept_a_table():
    population, facilities = _city(8, n_points=400)
    model = AccessModel.from_frames(population, facilities)
    default = model.suggest_sites(3, threshold_m=800)
    assert all(s.candidate_id.startswith("C") for s in default.sites)
    table = population[["cell_id", "lat", "lon"]].rename(columns={"lat": "Latitude", "lon": "Longitude"})
    from_table = model.suggest_sites(3, threshold_m=800, candidates=table)
    assert [(s.candidate_id, s.added_population) for s in from_table.sites] == [
        (s.candidate_id, s.added_population) for s in default.sites
    ]
    frame = default.to_frame("es")
    assert frame.columns[0] == catalog("es")["access.column.rank"]
    assert "voraz" in default.method("es").lower()


def test_suggestions_stop_when_nobody_is_left_to_cover():
    population, facilities = _line_city()
    suggestions = AccessModel.from_frames(population, facilities).suggest_sites(10, threshold_m=1_000_000)
    assert len(suggestions.sites) == 1
    assert suggestions.covered_after == suggestions.total_population


# -- translated presentation -------------------------------------------------------------------------------------


def test_assumptions_state_the_detour_factor_in_every_language():
    population, facilities = _city(1)
    result = AccessModel.from_frames(population, facilities, detour_factor=1.4).coverage(750)
    assert "1,40" in result.assumptions("pt-BR")[0]
    assert "1,40" in result.assumptions("es")[0]
    assert "1.40" in result.assumptions("en")[0]
    assert "750" in result.assumptions("en")[1]
    for lang in LANGUAGES:
        assert len(result.assumptions(lang)) == 5
        assert result.summary(lang)


def test_translated_tables():
    population, facilities = _city(1)
    result = AccessModel.from_frames(population, facilities).coverage(1000)
    table = result.district_table("pt-BR")
    assert "População" in table.columns
    assert table.iloc[0][catalog("pt-BR")["access.column.share"]].endswith("%")
    quintiles = result.quintile_table("es")
    assert quintiles.iloc[0][catalog("es")["access.column.quintile"]] == catalog("es")["access.quintile.1"]
    assert result.to_dict()["threshold_m"] == 1000.0


# -- bad input ---------------------------------------------------------------------------------------------------


def _raises(code: str, func, *args, **kwargs) -> None:
    with pytest.raises(CivicKitError) as info:
        func(*args, **kwargs)
    assert info.value.issue.code == code
    for lang in LANGUAGES:
        assert info.value.message(lang)


@pytest.mark.parametrize("threshold", [0, -5, math.nan, math.inf, "1000", True, None], ids=str)
def test_bad_threshold(threshold):
    population, facilities = _city(1)
    model = AccessModel.from_frames(population, facilities)
    _raises("access-bad-threshold", model.coverage, threshold)
    _raises("access-bad-threshold", model.suggest_sites, 2, threshold)


@pytest.mark.parametrize(
    ("change", "code"),
    [
        (lambda p, f: (p.drop(columns="population"), f, {}), "access-population-missing-column"),
        (lambda p, f: (p.drop(columns="lat"), f, {}), "access-population-missing-column"),
        (lambda p, f: (p.assign(population=["x"] + [1] * (len(p) - 1)), f, {}), "access-population-bad-number"),
        (lambda p, f: (p.assign(population=[-1] + [1] * (len(p) - 1)), f, {}), "access-negative-population"),
        (lambda p, f: (p.assign(population=0), f, {}), "access-no-points"),
        (lambda p, f: (p.iloc[0:0], f, {}), "access-no-points"),
        (lambda p, f: (p.assign(lat=[95.0] + [-22.5] * (len(p) - 1)), f, {}), "access-coordinate-out-of-range"),
        (lambda p, f: (p, f.drop(columns="lon"), {}), "access-facilities-missing-column"),
        (lambda p, f: (p, f.assign(lat=["?"] * len(f)), {}), "access-facilities-bad-number"),
        (lambda p, f: (p, f, {"kind": "hospital"}), "access-unknown-kind"),
        (lambda p, f: (p, f, {"detour_factor": 0.8}), "access-bad-detour"),
        (lambda p, f: (p, f, {"detour_factor": math.nan}), "access-bad-detour"),
    ],
    ids=[
        "no-population-column",
        "no-lat-column",
        "text-population",
        "negative-population",
        "zero-people",
        "empty-grid",
        "latitude-95",
        "facility-without-lon",
        "facility-text-lat",
        "unknown-kind",
        "detour-below-1",
        "detour-nan",
    ],
)
def test_bad_model_input_gives_a_translated_error(change, code):
    population, facilities, kwargs = change(*_city(1))
    _raises(code, AccessModel.from_frames, population, facilities, **kwargs)


def test_bad_sites_and_k():
    population, facilities = _city(1)
    model = AccessModel.from_frames(population, facilities)
    _raises("access-bad-site", model.with_facility, 200, 0)
    _raises("access-bad-site", model.with_facility, "abc", 0)
    _raises("access-bad-site", model.coverage, 1000, [(math.nan, 1.0)])
    _raises("access-bad-site", model.coverage, 1000, [(1.0,)])
    for k in (0, 101, 2.5, True):
        _raises("access-bad-k", model.suggest_sites, k)
    _raises("access-candidates-missing-column", model.suggest_sites, 2, 1000, pd.DataFrame({"x": [1]}))


# -- uploads -----------------------------------------------------------------------------------------------------

BOUNDS = CityBounds(south=-22.62, west=-47.98, north=-22.48, east=-47.82)


def test_upload_reports_every_bad_row_and_keeps_the_good_ones():
    table = pd.DataFrame(
        {
            "Código": ["U1", "U2", "U3", "U4", "U5", "U6", "U7", "U8"],
            "Nome da unidade": ["Centro", "Vila", "Sem lat", "Texto", "Fora", "Trocada", "Ilha", "Vírgula"],
            "Latitude": [-22.55, -22.50, None, "abc", -23.55, -47.90, 95.0, "-22,56"],
            "Longitude": [-47.90, -47.85, -47.9, -47.9, -46.63, -22.55, 10.0, "-47,91"],
        }
    )
    facilities, issues = facilities_from_table(table, BOUNDS, kind="health_unit")
    assert flatten(issues) == [
        [4, "Latitude", "access-missing-coordinate"],
        [5, "Latitude", "access-bad-coordinate"],
        [6, None, "access-outside-city"],
        [7, None, "access-swapped-coordinates"],
        [8, None, "access-coordinate-out-of-range"],
        [None, None, "access-rows-kept"],
    ]
    assert facilities["facility_id"].tolist() == ["U1", "U2", "U8"]
    assert facilities["name"].tolist() == ["Centro", "Vila", "Vírgula"]
    assert facilities["source_row"].tolist() == [2, 3, 9]
    assert facilities["lat"].tolist() == [-22.55, -22.50, -22.56]
    assert (facilities["kind"] == "health_unit").all()
    assert issues[-1].params == {"kept": 3, "total": 8, "left_out": 5}
    for issue in issues:
        for lang in LANGUAGES:
            assert issue.message(lang)
    assert "-23,55000" in issues[2].message("pt-BR")
    # the result feeds the model directly
    population, _ = _city(1)
    assert AccessModel.from_frames(population, facilities).coverage(1000).facilities == 3


def test_upload_row_numbers_follow_the_file_header():
    table = pd.DataFrame({"lat": [-22.55, None], "lon": [-47.9, -47.9]})
    _, issues = facilities_from_table(table, BOUNDS, header_rows=2)
    assert issues[0].row == 4  # a title line and a header line, then data rows 3 and 4


@pytest.mark.parametrize(
    ("columns", "expected"),
    [
        (["lat", "lon"], ("lat", "lon")),
        (["Latitude", "Longitude"], ("Latitude", "Longitude")),
        (["LATITUD", "LONGITUD"], ("LATITUD", "LONGITUD")),
        (["y_lat", "lng"], ("y_lat", "lng")),
        (["Latitude (graus)", "Longitude (graus)"], ("Latitude (graus)", "Longitude (graus)")),
        (["nome", "long", "lat"], ("lat", "long")),
        (["nome", "long name", "lat"], ("lat", None)),
        (["x", "y"], (None, None)),
    ],
    ids=["short", "english", "spanish-caps", "prefixed", "with-unit", "long", "long-name-is-not-lon", "none"],
)
def test_coordinate_columns_are_found_by_name(columns, expected):
    lat, lon, _ = find_coordinate_columns(columns)
    assert (lat, lon) == expected


def test_upload_without_coordinate_columns_or_rows():
    facilities, issues = facilities_from_table(pd.DataFrame({"nome": ["A"], "endereco": ["Rua 1"]}), BOUNDS)
    assert facilities.empty
    assert [i.code for i in issues] == ["access-no-lat-column", "access-no-lon-column"]
    assert "endereco" in issues[0].message("en")
    facilities, issues = facilities_from_table(pd.DataFrame({"lat": [], "lon": []}), BOUNDS)
    assert facilities.empty and [i.code for i in issues] == ["access-empty-table"]


def test_upload_warns_about_ambiguous_columns_and_duplicate_ids():
    table = pd.DataFrame(
        {"id": ["A", "A", "B"], "lat": [-22.5, -22.51, -22.52], "latitude_old": [0, 0, 0], "lon": [-47.9] * 3}
    )
    facilities, issues = facilities_from_table(table, BOUNDS)
    codes = [(i.code, i.severity) for i in issues]
    assert ("access-ambiguous-column", "warning") in codes
    assert ("access-duplicate-facility-id", "warning") in codes
    assert len(facilities) == 3


@pytest.mark.parametrize(
    "bounds",
    [(-22.4, -47.98, -22.6, -47.82), (-22.6, -47.8, -22.5, -47.9), (-95, 0, 0, 1), ("a", 0, 1, 2), (1, 2, 3)],
    ids=["south-above-north", "west-east-swapped", "latitude-95", "text", "three-values"],
)
def test_bad_city_bounds(bounds):
    _raises("access-bad-bounds", facilities_from_table, pd.DataFrame({"lat": [1.0], "lon": [1.0]}), bounds)


def test_city_bounds_around_the_population_grid():
    population, _ = _city(1)
    bounds = CityBounds.around(population["lat"], population["lon"], margin_m=1000)
    assert bounds.south == pytest.approx(population["lat"].min() - 0.008993, abs=1e-5)
    assert bool(bounds.contains(np.float64(CENTRE[0]), np.float64(CENTRE[1])))


def test_every_access_message_exists_in_every_language():
    keys = {key for key in catalog("en") if key.startswith(("access.", "issue.access-"))}
    assert len(keys) > 50
    for lang in LANGUAGES:
        assert keys <= set(catalog(lang))


# -- the bundled teaching city -------------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["health_unit", "school", "cras"])
def test_bundled_city(kind):
    from civic_kit.data import load

    grid, facilities, districts = load("population_grid"), load("facilities"), load("districts")
    model = AccessModel.from_frames(grid, facilities, kind=kind, districts=districts)
    assert len(model.facilities) == (facilities["kind"] == kind).sum()
    result = model.coverage(1000)
    assert 0 < result.share < 1
    assert result.total_population == grid["population"].sum()
    assert len(result.by_district) == len(districts)
    assert set(result.by_district["name"]) == set(districts["name"])
    assert result.by_district["population"].dtype == np.int64
    assert result.equity_gap is not None
    suggestions = model.suggest_sites(3, threshold_m=1000)
    assert len(suggestions.sites) == 3
    added = [s.added_population for s in suggestions.sites]
    assert added == sorted(added, reverse=True) and added[0] > 0
    bounds = CityBounds.around(grid["lat"], grid["lon"])
    uploaded, issues = facilities_from_table(facilities[facilities["kind"] == kind], bounds)
    assert [i.code for i in issues] == ["access-rows-kept"]
    assert list(uploaded["facility_id"]) == list(model.facilities["facility_id"])
