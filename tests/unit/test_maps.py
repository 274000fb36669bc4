"""Maps render with no network: Leaflet inlined, no remote script or stylesheet, text escaped."""

from __future__ import annotations

import re

import pytest

from civic_kit.ui.maps import NO_DATA_COLOUR, PALETTE, choropleth, class_breaks, leaflet_assets, map_frame, map_html


def _square(key: str, name: str, x: float) -> dict:
    ring = [[x, 0.0], [x + 1, 0.0], [x + 1, 1.0], [x, 1.0], [x, 0.0]]
    return {
        "type": "Feature",
        "properties": {"district_id": key, "name": name},
        "geometry": {"type": "Polygon", "coordinates": [ring]},
    }


GEOJSON = {
    "type": "FeatureCollection",
    "features": [_square("01", "Centro", 0), _square("02", "<b>Norte</b>", 1), _square("03", "Sul", 2)],
}


def _html(**kwargs) -> str:
    fmap = choropleth(
        GEOJSON,
        {"01": 10.0, "02": 20.0},
        title="<script>alert(1)</script>",
        legend_title="People / km²",
        format_value=lambda v: f"{v:.0f}",
        **kwargs,
    )
    return map_html(fmap, lang="es", title="<script>alert(1)</script>")


def test_map_loads_nothing_from_the_internet():
    document = _html()
    remote = re.findall(r"<(?:script|link)[^>]+(?:src|href)=\"https?://", document)
    assert remote == []
    assert "cdn." not in document and "unpkg" not in document
    js, css = leaflet_assets()
    assert js[:200] in document and ".leaflet-container" in css
    assert '<html lang="es">' in document


def test_text_is_escaped():
    document = _html()
    assert "<script>alert(1)</script>" not in document
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in document
    assert "<b>Norte</b>" not in document.split("<script>", 1)[0]


def test_missing_values_are_grey_and_said():
    document = _html()
    assert NO_DATA_COLOUR in document


def test_tiles_are_optional():
    assert "tile.openstreetmap.org" not in _html()
    assert "openstreetmap" in _html(tiles=True).lower()


def test_frame_has_a_title_and_escapes_the_document():
    frame = map_frame('<p title="x">a & b</p>', title='Mapa "A"')
    assert 'title="Mapa &quot;A&quot;"' in frame
    assert 'srcdoc="&lt;p title=&quot;x&quot;&gt;a &amp; b&lt;/p&gt;"' in frame


@pytest.mark.parametrize(
    ("values", "expected"),
    [([], []), ([5, 5, 5], [5, 5]), ([1, 2, 3, 4, 5, 6], [1, 2.0, 3.0, 4.0, 5.0, 6])],
    ids=["empty", "constant", "uniform"],
)
def test_class_breaks(values, expected):
    assert class_breaks(values) == pytest.approx(expected)


def test_palette_is_light_to_dark():
    luminance = [int(c[1:3], 16) + int(c[3:5], 16) + int(c[5:7], 16) for c in PALETTE]
    assert luminance == sorted(luminance, reverse=True)
