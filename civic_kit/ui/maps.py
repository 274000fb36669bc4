"""District maps that render with no network.

folium loads Leaflet from a CDN by default; in a city-hall network without internet the map then stays
blank. Here Leaflet's JavaScript and CSS are read from an installed package (``django-js-lib-leaflet``,
Leaflet 1.9.4) and inlined into the map's HTML, basemap tiles are off by default (an optional layer when
online), and district polygons carry their own labels, so the map is readable on its own.

Public API
----------
- :func:`choropleth` -- a district choropleth (any indicator column) with legend, tooltips and labels.
- :func:`map_html` -- the map as one standalone HTML document (save it, mail it, open it offline).
- :func:`map_widget` -- the map inside an accessible, titled ``<iframe>`` for notebooks and Voila apps.
"""

from __future__ import annotations

import html
import itertools
import math
import re
from collections.abc import Callable, Mapping, Sequence
from functools import cache
from importlib import resources
from typing import Any

__all__ = [
    "PALETTE",
    "add_labels",
    "choropleth",
    "class_breaks",
    "leaflet_assets",
    "map_frame",
    "map_html",
    "map_widget",
]

#: A colour-blind-safe sequential palette (ColorBrewer "YlGnBu", 5 classes), light = low, dark = high.
PALETTE: tuple[str, ...] = ("#ffffcc", "#a1dab4", "#41b6c4", "#2c7fb8", "#253494")
NO_DATA_COLOUR = "#d9d9d9"
OSM_TILES = "OpenStreetMap"

_REMOTE_ASSET = re.compile(r"<(?:script|link)[^>]+(?:src|href)=\"https?://[^\"]+\"[^>]*>(?:</script>)?")


@cache
def leaflet_assets() -> tuple[str, str]:
    """Leaflet's JavaScript and CSS as text, read from the installed ``js_lib_leaflet`` package."""
    folder = resources.files("js_lib_leaflet") / "static" / "js_lib_leaflet"
    js = (folder / "leaflet.js").read_text(encoding="utf-8")
    css = (folder / "leaflet.css").read_text(encoding="utf-8")
    return js, css


def class_breaks(values: Sequence[float], classes: int = len(PALETTE)) -> list[float]:
    """Quantile class limits (``classes + 1`` ascending numbers) for a choropleth legend.

    Quantiles keep every colour in use whatever the skew of the data; duplicate limits are removed so
    a constant indicator gets a single class instead of empty ones.
    """
    clean = sorted(v for v in values if v is not None and not math.isnan(v))
    if not clean:
        return []
    limits = []
    for i in range(classes + 1):
        position = (len(clean) - 1) * i / classes
        low = math.floor(position)
        high = min(low + 1, len(clean) - 1)
        limits.append(clean[low] + (clean[high] - clean[low]) * (position - low))
    unique: list[float] = []
    for limit in limits:
        if not unique or limit > unique[-1]:
            unique.append(limit)
    return unique if len(unique) > 1 else [clean[0], clean[0]]


def _colour_for(value: float | None, limits: Sequence[float]) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)) or not limits:
        return NO_DATA_COLOUR
    classes = len(limits) - 1
    for index in range(classes):
        if value <= limits[index + 1]:
            return PALETTE[round(index * (len(PALETTE) - 1) / max(classes - 1, 1))]
    return PALETTE[-1]


def choropleth(
    geojson: Mapping[str, Any],
    values: Mapping[str, float],
    *,
    title: str,
    legend_title: str,
    format_value: Callable[[float], str],
    key: str = "district_id",
    name_key: str = "name",
    tooltip_label: str | None = None,
    tiles: bool = False,
    height_px: int = 460,
) -> Any:
    """Build a folium map colouring each polygon of ``geojson`` by ``values[feature[key]]``.

    Parameters
    ----------
    geojson
        A FeatureCollection whose features have ``key`` and ``name_key`` properties.
    values
        Indicator value per feature key; missing keys are drawn grey and said to have no data.
    title, legend_title
        Already-translated text: the map's accessible title and the legend heading (say the unit).
    format_value
        Formats a value for the legend and tooltips in the reader's language.
    tiles
        Add OpenStreetMap tiles underneath (needs internet; off by default so the map works offline).
    """
    import folium

    features = list(geojson.get("features", []))
    limits = class_breaks([values[f["properties"][key]] for f in features if f["properties"][key] in values])
    bounds = _bounds(features)
    fmap = folium.Map(
        location=[(bounds[0][0] + bounds[1][0]) / 2, (bounds[0][1] + bounds[1][1]) / 2],
        tiles=OSM_TILES if tiles else None,
        zoom_control=True,
        control_scale=True,
        prefer_canvas=False,
        height=f"{height_px}px",
        zoom_snap=0.1,
    )
    fmap.default_js = []
    fmap.default_css = []
    fmap.fit_bounds(bounds)
    tooltip_label = tooltip_label or legend_title

    enriched = {"type": "FeatureCollection", "features": []}
    for feature in features:
        props = dict(feature["properties"])
        value = values.get(props[key])
        props["_label"] = format_value(value) if value is not None else "—"
        props["_fill"] = _colour_for(value, limits)
        enriched["features"].append({**feature, "properties": props})

    folium.GeoJson(
        enriched,
        name=legend_title,
        style_function=lambda feature: {
            "fillColor": feature["properties"]["_fill"],
            "color": "#333333",
            "weight": 1.2,
            "fillOpacity": 0.85,
        },
        highlight_function=lambda _feature: {"weight": 3, "color": "#000000"},
        tooltip=folium.GeoJsonTooltip(fields=[name_key, "_label"], aliases=["", tooltip_label], sticky=True),
    ).add_to(fmap)
    add_labels(fmap, features, name_key=name_key)
    fmap.get_root().header.add_child(folium.Element(_legend_css()))
    fmap.get_root().html.add_child(folium.Element(_legend_html(legend_title, limits, format_value)))
    fmap.get_root().html.add_child(
        folium.Element(f'<p class="ck-map-title" id="ck-map-title">{html.escape(title)}</p>')
    )
    if tiles:
        folium.LayerControl().add_to(fmap)
    return fmap


def add_labels(fmap: Any, features: Sequence[Mapping[str, Any]], *, name_key: str = "name") -> None:
    """Write each area's name at its centroid, as text on the map (no marker image, escaped)."""
    import folium

    for feature in features:
        lat, lon = _centroid(feature)
        label = html.escape(str(feature["properties"][name_key]))
        folium.Marker(
            [lat, lon],
            icon=folium.DivIcon(
                html=f'<span class="ck-label">{label}</span>',
                class_name="ck-label-icon",
                icon_size=(96, 28),
                icon_anchor=(48, 14),
            ),
        ).add_to(fmap)


def map_html(fmap: Any, *, lang: str = "pt-BR", title: str = "") -> str:
    """The map as one standalone HTML document, with Leaflet inlined and no remote script or style."""
    root = fmap.get_root()
    js, css = leaflet_assets()
    text = root.render()
    text = _REMOTE_ASSET.sub("", text)
    # folium creates every marker with Leaflet's default image icon before swapping in ours; an empty
    # div icon as the default keeps Leaflet from requesting marker-icon.png (which is not served).
    no_image_icon = '<script>L.Marker.prototype.options.icon = L.divIcon({className: "ck-label-icon"});</script>'
    inline = f"<style>{css}</style><script>{js}</script>{no_image_icon}"
    text = text.replace("<head>", f"<head><title>{html.escape(title)}</title>{inline}", 1)
    text = text.replace("<html>", f'<html lang="{html.escape(lang)}">', 1)
    return text


def map_frame(document: str, *, title: str, height_px: int = 480) -> str:
    """A titled ``<iframe>`` holding a standalone map document (screen readers announce the title)."""
    return (
        f'<iframe class="ck-map" title="{html.escape(title)}" srcdoc="{html.escape(document, quote=True)}" '
        f'style="display:block;box-sizing:border-box;width:100%;height:{height_px}px;border:1px solid #ccc;'
        f'border-radius:4px"></iframe>'
    )


def map_widget(fmap: Any, *, title: str, lang: str = "pt-BR", height_px: int = 480) -> Any:
    """An ``ipywidgets.HTML`` holding the map in a titled iframe, for notebooks and Voila apps."""
    import ipywidgets as widgets

    frame = map_frame(map_html(fmap, lang=lang, title=title), title=title, height_px=height_px)
    return widgets.HTML(value=frame, layout=widgets.Layout(width="100%"))


def _bounds(features: Sequence[Mapping[str, Any]]) -> list[list[float]]:
    lats: list[float] = []
    lons: list[float] = []
    for feature in features:
        for lon, lat in _coordinates(feature["geometry"]):
            lats.append(lat)
            lons.append(lon)
    if not lats:
        return [[-23.0, -48.0], [-22.0, -47.0]]
    return [[min(lats), min(lons)], [max(lats), max(lons)]]


def _coordinates(geometry: Mapping[str, Any]) -> list[tuple[float, float]]:
    kind = geometry.get("type")
    coords = geometry.get("coordinates", [])
    if kind == "Polygon":
        return [tuple(p) for ring in coords for p in ring]
    if kind == "MultiPolygon":
        return [tuple(p) for polygon in coords for ring in polygon for p in ring]
    return []


def _centroid(feature: Mapping[str, Any]) -> tuple[float, float]:
    """Area-weighted centroid of the outer ring (good enough for placing a label)."""
    geometry = feature["geometry"]
    ring = geometry["coordinates"][0] if geometry["type"] == "Polygon" else geometry["coordinates"][0][0]
    area = cx = cy = 0.0
    for (x0, y0), (x1, y1) in itertools.pairwise(ring):
        cross = x0 * y1 - x1 * y0
        area += cross
        cx += (x0 + x1) * cross
        cy += (y0 + y1) * cross
    if abs(area) < 1e-12:
        xs = [p[0] for p in ring]
        ys = [p[1] for p in ring]
        return sum(ys) / len(ys), sum(xs) / len(xs)
    area *= 0.5
    return cy / (6 * area), cx / (6 * area)


def _legend_css() -> str:
    return (
        "<style>"
        ".ck-legend{position:absolute;top:10px;right:10px;z-index:1000;background:#fff;padding:8px 10px;"
        "border:1px solid #777;border-radius:4px;font:13px/1.4 system-ui,sans-serif;color:#111}"
        ".ck-legend h2{font-size:13px;margin:0 0 4px 0}"
        ".ck-legend i{display:inline-block;width:14px;height:12px;margin-right:6px;border:1px solid #555}"
        ".ck-label{font:600 10.5px/1.15 system-ui,sans-serif;color:#111;text-shadow:0 0 3px #fff,0 0 3px #fff;"
        "display:block;text-align:center;white-space:normal;width:96px}"
        ".ck-label-icon{background:none;border:none}"
        ".ck-map-title{position:absolute;top:6px;left:50px;z-index:1000;margin:0;background:#fff;"
        "padding:3px 8px;border-radius:4px;font:600 13px system-ui,sans-serif;color:#111}"
        "</style>"
    )


def _legend_html(title: str, limits: Sequence[float], format_value: Callable[[float], str]) -> str:
    rows = []
    classes = len(limits) - 1
    for index in range(classes):
        colour = PALETTE[round(index * (len(PALETTE) - 1) / max(classes - 1, 1))]
        low, high = format_value(limits[index]), format_value(limits[index + 1])
        rows.append(f'<div><i style="background:{colour}"></i>{html.escape(low)} – {html.escape(high)}</div>')
    label = html.escape(title)
    return f'<div class="ck-legend" role="group" aria-label="{label}"><h2>{label}</h2>{"".join(rows)}</div>'
