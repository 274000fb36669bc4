"""Turn a table of facilities an official uploads into coordinates the model can use, explaining every row
that cannot be used.

Why this is its own module: uploaded spreadsheets name their columns in many ways (``Latitude``,
``latitud``, ``LNG``), mix text into number columns, swap latitude and longitude, or include places from
another city. Each of those rows is reported as an :class:`~civic_kit.problems.Issue` with its row number,
and every valid row is kept: nothing is dropped silently.
"""

from __future__ import annotations

import math
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from civic_kit.access.geometry import EARTH_RADIUS_M
from civic_kit.problems import CivicKitError, Issue

__all__ = ["CityBounds", "facilities_from_table", "find_coordinate_columns"]

_LAT_NAMES = ("lat", "latitude", "latitud")
_LON_NAMES = ("lon", "lng", "long", "longitude", "longitud")
# "long" is only accepted as a whole column name: as one word among others it too often means "long name".
_LON_TOKENS = ("lon", "lng", "longitude", "longitud")
_ID_NAMES = ("facility_id", "id", "codigo", "code", "cod", "cnes", "inep")
_NAME_NAMES = ("name", "nome", "nombre", "unidade", "estabelecimento")


@dataclass(frozen=True)
class CityBounds:
    """A latitude/longitude box the city fits in; places outside it are reported, not used.

    A box (not the district polygons) is used on purpose: it is what an official can state or check,
    and it catches the usual mistakes (another city's address, a swapped sign, 0/0) without needing a
    map file.
    """

    south: float
    west: float
    north: float
    east: float

    def __post_init__(self) -> None:
        values = (self.south, self.west, self.north, self.east)
        if not all(isinstance(v, (int, float)) and math.isfinite(v) for v in values):
            raise CivicKitError.of("access-bad-bounds")
        if not (-90 <= self.south < self.north <= 90 and -180 <= self.west < self.east <= 180):
            raise CivicKitError.of("access-bad-bounds")

    @classmethod
    def around(cls, lat: Iterable[float], lon: Iterable[float], margin_m: float = 1000.0) -> CityBounds:
        """The smallest box holding the given places, widened by ``margin_m`` metres on every side.

        Typical use: the bounds of the population grid, so an uploaded facility just across the border
        is still accepted.
        """
        lat_a = np.asarray(list(lat), dtype=np.float64)
        lon_a = np.asarray(list(lon), dtype=np.float64)
        if lat_a.size == 0 or not np.all(np.isfinite(lat_a)) or not np.all(np.isfinite(lon_a)):
            raise CivicKitError.of("access-bad-bounds")
        dlat = math.degrees(margin_m / EARTH_RADIUS_M)
        mid = math.radians(float(lat_a.mean()))
        dlon = dlat / max(math.cos(mid), 1e-6)
        return cls(
            south=max(-90.0, float(lat_a.min()) - dlat),
            west=max(-180.0, float(lon_a.min()) - dlon),
            north=min(90.0, float(lat_a.max()) + dlat),
            east=min(180.0, float(lon_a.max()) + dlon),
        )

    def contains(self, lat: np.ndarray, lon: np.ndarray) -> np.ndarray:
        """Boolean mask of the places inside the box (edges included)."""
        return (lat >= self.south) & (lat <= self.north) & (lon >= self.west) & (lon <= self.east)


def _normalise(name: Any) -> str:
    text = unicodedata.normalize("NFKD", str(name)).encode("ascii", "ignore").decode("ascii")
    return "".join(ch if ch.isalnum() else " " for ch in text.lower()).strip()


def _pick(columns: Sequence[Any], whole: Sequence[str], tokens: Sequence[str]) -> list[Any]:
    """Columns whose whole normalised name is in ``whole`` first, then those with a word in ``tokens``."""
    wanted = {_normalise(w).replace(" ", "") for w in whole}
    exact = [c for c in columns if _normalise(c).replace(" ", "") in wanted]
    partial = [c for c in columns if c not in exact and set(_normalise(c).split()) & set(tokens)]
    return exact + partial


def find_coordinate_columns(columns: Sequence[Any]) -> tuple[Any | None, Any | None, list[Issue]]:
    """Find the latitude and longitude columns by name, in Portuguese, Spanish or English.

    Names are compared without accents, case or punctuation, so ``Latitude``, ``LATITUD`` and
    ``Latitude (graus)`` all match. When several columns match, the first is used and a warning says
    which ones were ignored.

    Returns
    -------
    lat_column, lon_column, issues
        ``None`` for a column that was not found (an error issue explains it).
    """
    issues: list[Issue] = []
    found: list[Any | None] = []
    for whole, tokens, which in ((_LAT_NAMES, _LAT_NAMES, "lat"), (_LON_NAMES, _LON_TOKENS, "lon")):
        matches = _pick(columns, whole, tokens)
        if len(matches) > 1:
            issues.append(
                Issue(
                    code="access-ambiguous-column",
                    params={"used": str(matches[0]), "ignored": ", ".join(str(m) for m in matches[1:])},
                    severity="warning",
                    column=str(matches[0]),
                )
            )
        found.append(matches[0] if matches else None)
        if not matches:
            issues.append(
                Issue(
                    code=f"access-no-{which}-column",
                    params={"columns": ", ".join(str(c) for c in columns)},
                )
            )
    return found[0], found[1], issues


def _to_number(value: Any) -> float | None:
    """A coordinate from a cell: numbers pass, text with one decimal comma is accepted; else ``None``."""
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float, np.integer, np.floating)):
        return float(value)
    text = str(value).strip().replace("\u2212", "-")
    if text.count(",") == 1 and "." not in text:
        text = text.replace(",", ".")
    try:
        number = float(text)
    except ValueError:
        return None
    return number


def _is_missing(value: Any) -> bool:
    if value is None or value is pd.NA:
        return True
    if isinstance(value, float) and math.isnan(value):
        return True
    return isinstance(value, str) and not value.strip()


def facilities_from_table(
    table: pd.DataFrame,
    city_bounds: CityBounds | tuple[float, float, float, float],
    *,
    kind: str | None = None,
    header_rows: int = 1,
) -> tuple[pd.DataFrame, list[Issue]]:
    """Validate an uploaded facilities table and keep the rows that can be placed on the map.

    Parameters
    ----------
    table
        The table as read (decimal commas already converted by the reader; a leftover single decimal
        comma in a text cell is still accepted).
    city_bounds
        A :class:`CityBounds` or a ``(south, west, north, east)`` tuple in degrees.
    kind
        Facility kind to write into a ``kind`` column when the table has none (``"health_unit"``...).
    header_rows
        Lines above the first data row in the user's file, so reported row numbers match what the
        official sees in a spreadsheet (default: one header line, so the first data row is row 2).

    Returns
    -------
    facilities, issues
        The valid rows with float ``lat``/``lon`` columns, a ``facility_id`` (taken from an id column
        or numbered ``F-0001``...), ``source_row`` (row number in the file) and every other column kept;
        and one :class:`~civic_kit.problems.Issue` per problem, with its row number, plus an ``info``
        issue counting kept and left-out rows.
    """
    if not isinstance(city_bounds, CityBounds):
        try:
            city_bounds = CityBounds(*city_bounds)
        except TypeError:
            raise CivicKitError.of("access-bad-bounds") from None
    if not isinstance(table, pd.DataFrame) or len(table) == 0:
        return _empty_facilities(), [Issue(code="access-empty-table")]

    lat_col, lon_col, issues = find_coordinate_columns(list(table.columns))
    if lat_col is None or lon_col is None:
        return _empty_facilities(), issues

    keep: list[int] = []
    lats: list[float] = []
    lons: list[float] = []
    first_row = header_rows + 1
    for pos, (raw_lat, raw_lon) in enumerate(zip(table[lat_col].tolist(), table[lon_col].tolist(), strict=True)):
        row = pos + first_row
        problem = _check_row(raw_lat, raw_lon, lat_col, lon_col, row, city_bounds)
        if problem is not None:
            issues.append(problem)
            continue
        keep.append(pos)
        lats.append(float(_to_number(raw_lat)))  # type: ignore[arg-type]  # _check_row proved it parses
        lons.append(float(_to_number(raw_lon)))  # type: ignore[arg-type]

    result = table.iloc[keep].copy().reset_index(drop=True)
    result = result.drop(columns=[lat_col, lon_col])
    result["lat"] = np.asarray(lats, dtype=np.float64)
    result["lon"] = np.asarray(lons, dtype=np.float64)
    result["source_row"] = np.asarray(keep, dtype=np.int64) + first_row

    id_cols = _pick([c for c in table.columns if c not in (lat_col, lon_col)], _ID_NAMES, ("codigo", "cnes", "inep"))
    if id_cols:
        result["facility_id"] = result[id_cols[0]].astype(str)
        duplicated = result["facility_id"][result["facility_id"].duplicated(keep=False)]
        for value in sorted(set(duplicated)):
            rows = result.loc[result["facility_id"] == value, "source_row"].tolist()
            issues.append(
                Issue(
                    code="access-duplicate-facility-id",
                    params={"value": value, "rows": ", ".join(str(r) for r in rows)},
                    severity="warning",
                    column=str(id_cols[0]),
                )
            )
    else:
        result["facility_id"] = [f"F-{row:04d}" for row in result["source_row"]]
    name_cols = _pick([c for c in result.columns if c not in ("lat", "lon", "source_row")], _NAME_NAMES, _NAME_NAMES)
    if name_cols and name_cols[0] != "name":
        result["name"] = result[name_cols[0]]
    if kind is not None and "kind" not in result.columns:
        result["kind"] = kind

    issues.append(
        Issue(
            code="access-rows-kept",
            params={"kept": len(keep), "total": len(table), "left_out": len(table) - len(keep)},
            severity="info",
        )
    )
    return result, issues


def _check_row(raw_lat: Any, raw_lon: Any, lat_col: Any, lon_col: Any, row: int, bounds: CityBounds) -> Issue | None:
    """The first problem of one row, or ``None`` when the row is usable."""
    for raw, col in ((raw_lat, lat_col), (raw_lon, lon_col)):
        if _is_missing(raw):
            return Issue(code="access-missing-coordinate", row=row, column=str(col))
        number = _to_number(raw)
        if number is None or not math.isfinite(number):
            return Issue(code="access-bad-coordinate", params={"value": str(raw)}, row=row, column=str(col))
    lat = float(_to_number(raw_lat))  # type: ignore[arg-type]  # checked just above
    lon = float(_to_number(raw_lon))  # type: ignore[arg-type]
    if not (-90 <= lat <= 90 and -180 <= lon <= 180):
        return Issue(code="access-coordinate-out-of-range", params={"lat": lat, "lon": lon}, row=row)
    if not bool(bounds.contains(np.float64(lat), np.float64(lon))):
        swapped = -90 <= lon <= 90 and bool(bounds.contains(np.float64(lon), np.float64(lat)))
        code = "access-swapped-coordinates" if swapped else "access-outside-city"
        return Issue(code=code, params={"lat": lat, "lon": lon}, row=row)
    return None


def _empty_facilities() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "facility_id": pd.Series([], dtype=object),
            "lat": pd.Series([], dtype=np.float64),
            "lon": pd.Series([], dtype=np.float64),
            "source_row": pd.Series([], dtype=np.int64),
        }
    )
