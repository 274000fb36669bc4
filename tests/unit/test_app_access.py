"""The access app driven from Python: widget changes -> state and outputs, bad input -> translated message."""

from __future__ import annotations

import asyncio
import datetime as dt
import html
import itertools
import re
import statistics
import time

import pytest

from civic_kit.access import AccessModel
from civic_kit.apps.access import AccessState, App, build_app, city_data
from civic_kit.i18n import LANGUAGES, t
from civic_kit.problems import CivicKitError

GOOD_AND_BAD_CSV = (
    "nome;latitude;longitude\n"
    "UBS Norte;-22,5200;-47,9100\n"  # row 2: fine
    "UBS Lua;10,0000;-47,9100\n"  # row 3: outside the city
    "UBS Sem número;abc;-47,9000\n"  # row 4: not a number
    "UBS Sul;-22,5700;-47,9000\n"  # row 5: fine
).encode("cp1252")


def uploaded(name: str, content: bytes, size: int | None = None) -> dict:
    """One file as ipywidgets' FileUpload holds it after the browser sent it."""
    return {
        "name": name,
        "type": "text/csv",
        "size": len(content) if size is None else size,
        "content": memoryview(content),
        "last_modified": dt.datetime(2026, 1, 1, tzinfo=dt.UTC),
    }


def make_app(lang: str = "pt-BR", **state) -> App:
    return App(lang, AccessState(**state) if state else None, debounce=0)


def status(app: App) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", app.shell.status.value))


def text_of(widget) -> str:
    return html.unescape(re.sub(r"<[^>]+>", " ", widget.value))


def model_for(kind: str) -> AccessModel:
    city = city_data()
    return AccessModel.from_frames(city.grid, city.facilities, kind=kind, districts=city.districts)


# -- building -------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGUAGES)
def test_builds_in_each_language_with_translated_labels(lang):
    app = make_app(lang)
    w = app.w
    assert app.shell.status.value == ""
    assert w.kind.description == t("app.access.kind", lang)
    assert w.threshold.description == t("app.access.threshold", lang)
    assert w.k.description == t("app.access.k", lang)
    assert w.candidate.description == t("app.access.candidate", lang)
    for button in (w.suggest, w.add, w.reset, w.use_bundled, w.upload):
        assert button.description.strip()
    expected = model_for("health_unit").coverage(1000)
    assert app.result.covered_population == expected.covered_population
    assert t("app.access.headline.covered", lang) in text_of(w.headline)
    assert t("access.equity-gap.definition", lang) in text_of(w.headline)  # the gap's definition is stated
    assert t("access.assumption.detour", lang, factor="1,30" if lang != "en" else "1.30") in text_of(w.assumption)
    assert 'title="' in w.map.value and "iframe" in w.map.value
    assert app.map_renders == 1


def test_build_app_returns_the_shell_container():
    widget = build_app("es")
    assert widget.__class__.__name__ == "VBox"
    assert "ck-app" in widget._dom_classes


def test_headings_go_from_h2_to_h3():
    app = make_app()
    levels = []

    def walk(widget):
        value = getattr(widget, "value", None)
        if isinstance(value, str):
            levels.extend(int(n) for n in re.findall(r"<h([1-6])", value.split("<iframe")[0]))
        for child in getattr(widget, "children", ()):
            walk(child)

    walk(app.shell.body)
    assert levels[0] == 2
    assert all(b - a <= 1 for a, b in itertools.pairwise(levels))


# -- inputs change the outputs ----------------------------------------------------------------------------------------


def test_slider_updates_numbers_and_tables():
    app = make_app()
    before = app.w.headline.value
    app.w.threshold.value = 2000
    assert app.state.threshold_m == 2000
    assert app.result.threshold_m == 2000
    assert app.result.covered_population == model_for("health_unit").coverage(2000).covered_population
    assert app.w.headline.value != before
    assert "2.000" in text_of(app.w.quintiles)
    assert app.map_key[2] == 2000  # no event loop here: the map is redrawn at once


def test_slider_map_is_debounced_under_an_event_loop():
    app = App("pt-BR", debounce=0.05)
    renders = app.map_renders

    async def drag():
        for value in (1100, 1200, 1300, 1400):
            app.w.threshold.value = value
        assert app.map_pending
        assert app.map_renders == renders  # numbers moved, the map waits
        assert app.result.threshold_m == 1400
        await asyncio.sleep(0.3)

    asyncio.run(drag())
    assert not app.map_pending
    assert app.map_renders == renders + 1  # one redraw for the whole drag
    assert app.map_key[2] == 1400


def test_numbers_refresh_well_under_100_ms():
    app = App("pt-BR", debounce=10)  # keep the map out of the measurement: it is debounced in the app
    timings = []

    async def drag():
        for value in list(range(300, 3001, 100)) * 2:
            start = time.perf_counter()
            app.w.threshold.value = value if value != app.w.threshold.value else value + 100
            timings.append(time.perf_counter() - start)
        app._cancel_timer()

    asyncio.run(drag())
    median_ms = statistics.median(timings) * 1000
    assert median_ms < 100, f"median refresh {median_ms:.1f} ms"


def test_kind_change_uses_that_service_and_drops_added_sites():
    app = make_app()
    app.w.candidate.value = app.w.candidate.options[1][1]
    app.w.add.click()
    assert len(app.state.added) == 1
    app.w.kind.value = "school"
    assert app.state.added == ()
    assert app.result.covered_population == model_for("school").coverage(1000).covered_population
    schools = int((city_data().facilities["kind"] == "school").sum())
    assert f"{schools} " in text_of(app.w.source)


def test_suggest_then_add_the_first_suggestion_adds_exactly_its_people():
    app = make_app(threshold_m=1000, k=4)
    assert t("app.access.suggest-prompt", "pt-BR") in text_of(app.w.suggestions)
    app.w.suggest.click()
    sites = app.suggestions.sites
    assert len(sites) == 4
    assert t("access.suggest.method", "pt-BR") in text_of(app.w.suggestions)
    keys = [value for _label, value in app.w.candidate.options]
    assert keys[:5] == ["", "s:1", "s:2", "s:3", "s:4"]
    assert any(key.startswith("d:") for key in keys)
    before = app.result.covered_population
    app.w.candidate.value = "s:1"
    app.w.add.click()
    assert app.result.covered_population == pytest.approx(before + sites[0].added_population)
    district = city_data().district_names[str(city_data().grid["district_id"].iloc[sites[0].candidate])]
    assert status(app).startswith(f"Unidade adicionada em {district}: a cobertura passou de ")
    assert app.state.candidate == ""
    assert len(app.suggestions.sites) == 4  # suggestions are kept up to date after the addition
    assert (app.suggestions.sites[0].lat, app.suggestions.sites[0].lon) != (sites[0].lat, sites[0].lon)
    assert app.map_key[4] == ((sites[0].lat, sites[0].lon, app._site_name(app.state.added[0])),)


def test_k_changes_the_number_of_suggestions():
    app = make_app()
    app.w.suggest.click()
    app.w.k.value = 6
    assert len(app.suggestions.sites) == 6


def test_adding_a_district_centre_and_reset():
    app = make_app()
    original = app.result.covered_population
    key = next(value for _label, value in app.w.candidate.options if value.startswith("d:"))
    app.w.candidate.value = key
    app.w.add.click()
    assert app.result.covered_population >= original
    assert app.result.facilities == 23
    app.w.candidate.value = key
    app.w.add.click()
    assert status(app) == t("app.access.already-added", "pt-BR")
    assert len(app.state.added) == 1
    app.w.suggest.click()
    app.w.reset.click()
    assert app.state.added == () and app.suggestions is None and not app.state.suggest
    assert app.result.covered_population == original
    assert status(app) == t("app.access.reset-done", "pt-BR")


def test_add_without_choosing_a_place_explains_what_to_do():
    app = make_app()
    app.w.add.click()
    assert status(app) == t("app.access.pick-first", "pt-BR")
    assert app.state.added == ()


def test_language_switch_keeps_every_choice():
    app = make_app()
    app.w.kind.value = "cras"
    app.w.threshold.value = 2500
    app.w.suggest.click()
    app.w.candidate.value = "s:1"
    app.w.add.click()
    covered = app.result.covered_population
    app.shell.language_switch.value = "es"
    assert app.w.kind.value == "cras" and app.w.threshold.value == 2500
    assert app.result.covered_population == covered
    assert len(app.state.added) == 1
    assert "Centro agregado" in status(app)  # the last message is shown again, in Spanish
    assert t("app.access.added-heading", "es") in text_of(app.w.added)
    assert app.w.kind.description == t("app.access.kind", "es")


# -- uploads ----------------------------------------------------------------------------------------------------------


def test_upload_keeps_good_rows_and_lists_bad_ones_with_row_numbers():
    app = make_app(lang="en")
    app.upload_csv(GOOD_AND_BAD_CSV, "my_units.csv")
    report = text_of(app.w.upload_report)
    assert "Row 3" in report and "Row 4" in report
    assert "2 of 4 rows were accepted" in report
    assert len(app.state.upload.table) == 2
    assert not app.state.upload.by_kind
    assert "Your file my_units.csv: 2 facilities" in text_of(app.w.source)
    city = city_data()
    expected = AccessModel.from_frames(city.grid, app.state.upload.table, districts=city.districts).coverage(1000)
    assert app.result.covered_population == expected.covered_population
    app.w.kind.value = "school"  # a file without kinds counts for whichever service is chosen
    assert app.result.covered_population == expected.covered_population
    app.w.use_bundled.click()
    assert app.state.upload is None
    assert app.result.covered_population == model_for("school").coverage(1000).covered_population


def test_upload_with_a_kind_column_uses_each_service_rows():
    rows = ["kind,name,lat,lon"]
    facilities = city_data().facilities
    for kind in ("health_unit", "school"):
        for row in facilities[facilities["kind"] == kind].head(3).itertuples():
            rows.append(f"{kind},{row.name},{row.lat},{row.lon}")
    app = make_app()
    app.upload_csv("\n".join(rows).encode(), "mixed.csv")
    assert app.state.upload.by_kind
    assert app.result.facilities == 3
    app.w.kind.value = "cras"
    assert app.result.facilities == 0
    assert app.result.covered_population == 0


def test_upload_through_the_widget_is_read_and_cleared():
    app = make_app()
    app.w.upload.value = (uploaded("mine.csv", GOOD_AND_BAD_CSV),)
    assert app.state.upload is not None and app.state.upload.name == "mine.csv"
    assert app.w.upload.value == ()


@pytest.mark.parametrize(
    ("content", "code"),
    [
        (b"", "csv-empty-file"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4, "csv-binary-file"),
        (b"nome;endereco\nUBS;Rua A\n", "app-access-no-usable-rows"),
        (b"lat;lon\n10;10\n-22,52;abc\n", "app-access-no-usable-rows"),
    ],
    ids=["empty", "binary", "no-coordinate-columns", "no-good-row"],
)
def test_unusable_upload_shows_a_translated_message_and_keeps_the_data(content, code):
    app = make_app()
    app.upload_csv(GOOD_AND_BAD_CSV, "first.csv")
    covered = app.result.covered_population
    with pytest.raises(CivicKitError) as caught:
        app.upload_csv(content, "bad.csv")
    assert caught.value.issue.code == code
    app.shell.guard(app.upload_csv)(content, "bad.csv")
    assert status(app) == caught.value.message("pt-BR")
    assert app.state.upload.name == "first.csv"
    assert app.result.covered_population == covered
    assert "bad.csv" in text_of(app.w.upload_report)


def test_too_large_upload_is_refused_before_reading():
    app = make_app()
    big = b"x" * 10
    app.w.upload.value = (uploaded("big.csv", big, size=6_000_000),)
    assert "big.csv" in status(app) and "MB" in status(app)
    assert app.state.upload is None
    assert app.w.upload.value == ()


def test_file_text_is_escaped_everywhere():
    csv = b'name,lat,lon\n"<script>alert(1)</script>",-22.52,-47.91\n"<b>x</b>",999,1\n'
    app = make_app()
    app.upload_csv(csv, "<img src=x onerror=alert(1)>.csv")
    page = app.w.upload_report.value + app.w.source.value + app.shell.status.value
    assert "<img" not in page and "<b>x" not in page
    assert "&lt;img" in page
    document = html.unescape(app.w.map.value)
    assert "<script>alert(1)" not in document
    assert "&lt;script&gt;alert(1)" in document


def test_map_loads_nothing_from_the_internet():
    app = make_app()
    app.w.suggest.click()
    document = html.unescape(re.search(r'srcdoc="([^"]*)"', app.w.map.value).group(1))
    assert not re.search(r"<(?:script|link)[^>]+(?:src|href)=[\"']?https?://", document)
    assert "L.circleMarker" in document
    assert "L.marker(" not in document.split("ck-label-icon")[-1]  # only the district labels use DivIcons
    assert "leaflet.awesome-markers" not in document and "bootstrap" not in document.lower()


def test_a_domain_error_keeps_the_previous_state():
    app = make_app()
    app.w.threshold.value = 1500
    covered = app.result.covered_population
    app.shell.guard(app._set)(heavy="now", threshold_m=-5)
    assert status(app) == CivicKitError.of("access-bad-threshold", value="-5").message("pt-BR")
    assert app.state.threshold_m == 1500
    assert app.result.covered_population == covered
