"""Distances in metres between points given in degrees, and a bucket index to find near pairs fast.

Why a local flat projection: a municipality spans a few tens of kilometres, over which the Earth is flat
to well under 0.1 % (an equirectangular projection centred on the city; see :func:`haversine_m` for the
exact great-circle distance it is checked against in the tests). Working in flat metres lets every
distance be one vectorised expression and lets :class:`GridIndex` put points into square buckets, which
is what makes recomputation interactive.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

__all__ = ["EARTH_RADIUS_M", "GridIndex", "LocalProjection", "haversine_m", "planar_distance"]

#: Mean Earth radius (IUGG), in metres.
EARTH_RADIUS_M = 6_371_008.8


def haversine_m(lat1: np.ndarray, lon1: np.ndarray, lat2: np.ndarray, lon2: np.ndarray) -> np.ndarray:
    """Great-circle distance in metres (arrays broadcast against each other).

    Used as the reference the flat projection is tested against, and by the naive baseline of the
    benchmark; the model itself uses :class:`LocalProjection` because it is cheaper and indexable.
    """
    phi1 = np.radians(lat1)
    phi2 = np.radians(lat2)
    dphi = phi2 - phi1
    dlmb = np.radians(np.asarray(lon2) - np.asarray(lon1))
    h = np.sin(dphi / 2) ** 2 + np.cos(phi1) * np.cos(phi2) * np.sin(dlmb / 2) ** 2
    return 2 * EARTH_RADIUS_M * np.arcsin(np.sqrt(np.clip(h, 0.0, 1.0)))


@dataclass(frozen=True)
class LocalProjection:
    """Equirectangular projection centred on a reference point: degrees -> metres east/north.

    x = R * dlon * cos(lat0) and y = R * dlat (angles in radians). Every point of one model is projected
    with the same reference, so distances between projected points are comparable.
    """

    lat0: float
    lon0: float

    @classmethod
    def around(cls, lat: np.ndarray, lon: np.ndarray) -> LocalProjection:
        """A projection centred on the middle of the points' bounding box (keeps distortion smallest)."""
        return cls(
            lat0=float((np.min(lat) + np.max(lat)) / 2),
            lon0=float((np.min(lon) + np.max(lon)) / 2),
        )

    def distance_to(self, x: np.ndarray, y: np.ndarray, lat: float, lon: float) -> np.ndarray:
        """Straight-line metres from projected points ``(x, y)`` to one place given in degrees."""
        sx, sy = self.to_xy(np.asarray([lat]), np.asarray([lon]))
        return planar_distance(x, y, float(sx[0]), float(sy[0]))

    def to_xy(self, lat: np.ndarray, lon: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Project degrees to metres; returns float64 arrays ``(x, y)``."""
        lat = np.asarray(lat, dtype=np.float64)
        lon = np.asarray(lon, dtype=np.float64)
        scale = np.pi / 180.0 * EARTH_RADIUS_M
        x = (lon - self.lon0) * scale * np.cos(np.radians(self.lat0))
        y = (lat - self.lat0) * scale
        return x, y


def planar_distance(x: np.ndarray, y: np.ndarray, sx: np.ndarray | float, sy: np.ndarray | float) -> np.ndarray:
    """Euclidean metres between projected points (arrays broadcast); the one formula every caller uses."""
    dx = x - sx
    dy = y - sy
    return np.sqrt(dx * dx + dy * dy)


class GridIndex:
    """Points sorted into square buckets of side ``cell_m`` so that all pairs closer than ``cell_m`` are found
    by looking only at a query's own bucket and its 8 neighbours.

    Buckets are numbered row by row (``key = row * n_cols + col``) and points are sorted by key, so the
    three buckets of one neighbouring row are one contiguous slice of the sorted points: a query needs 3
    ``searchsorted`` ranges, not 9. Nothing is allocated per empty bucket, so a tiny cell size on a large
    city costs no memory.

    Parameters
    ----------
    x, y
        Projected coordinates in metres.
    cell_m
        Bucket side in metres; it must be at least the largest radius later queried.

    Notes
    -----
    :meth:`pairs_within` returns every pair up to the bucket size apart (a superset for any smaller
    radius) together with the distance, so the caller applies its own exact test.
    """

    def __init__(self, x: np.ndarray, y: np.ndarray, cell_m: float) -> None:
        if not cell_m > 0:
            raise ValueError("cell_m must be positive")
        self.x0 = float(np.min(x)) if len(x) else 0.0
        self.y0 = float(np.min(y)) if len(y) else 0.0
        span = max(float(np.max(x)) - self.x0, float(np.max(y)) - self.y0) if len(x) else 0.0
        # At most about a million buckets per side, so bucket keys (row * n_cols + col) fit in int64
        # however small the radius; a bigger bucket only means a few more candidate pairs.
        self.cell_m = max(float(cell_m), span / 2**20)
        cols = np.floor((x - self.x0) / self.cell_m).astype(np.int64)
        rows = np.floor((y - self.y0) / self.cell_m).astype(np.int64)
        self.n_cols = int(cols.max()) + 1 if len(x) else 1
        self.n_rows = int(rows.max()) + 1 if len(y) else 1
        keys = rows * self.n_cols + cols
        self.order = np.argsort(keys, kind="stable")
        self.keys = keys[self.order]
        self.x = np.ascontiguousarray(x[self.order])
        self.y = np.ascontiguousarray(y[self.order])

    def _row_ranges(self, qx: np.ndarray, qy: np.ndarray, drow: int) -> tuple[np.ndarray, np.ndarray]:
        """Start and end (in sorted order) of the 3 buckets of the neighbouring row ``drow`` of each query."""
        # clipped one bucket beyond the grid: far-away queries stay "outside" without integer overflow
        col = np.floor(np.clip((qx - self.x0) / self.cell_m, -2, self.n_cols + 1)).astype(np.int64)
        row = np.floor(np.clip((qy - self.y0) / self.cell_m, -2, self.n_rows + 1)).astype(np.int64) + drow
        lo = np.clip(col - 1, 0, self.n_cols - 1)
        hi = np.clip(col + 1, 0, self.n_cols - 1)
        outside = (row < 0) | (row >= self.n_rows) | (col + 1 < 0) | (col - 1 >= self.n_cols)
        start = np.searchsorted(self.keys, row * self.n_cols + lo, side="left")
        end = np.searchsorted(self.keys, row * self.n_cols + hi, side="right")
        end = np.where(outside, start, end)
        return start, end

    def pairs_within(
        self, qx: np.ndarray, qy: np.ndarray, radius_m: float
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Every (query, point) pair at most ``radius_m`` apart (``radius_m`` <= the bucket size).

        Returns
        -------
        query, point, dist
            Query positions, point positions (in the caller's original order) and distances in metres.
        """
        if radius_m > self.cell_m * (1 + 1e-12):
            raise ValueError("radius larger than the bucket size")
        qx = np.asarray(qx, dtype=np.float64)
        qy = np.asarray(qy, dtype=np.float64)
        found_q: list[np.ndarray] = []
        found_p: list[np.ndarray] = []
        found_d: list[np.ndarray] = []
        for drow in (-1, 0, 1):
            start, end = self._row_ranges(qx, qy, drow)
            counts = end - start
            total = int(counts.sum())
            if total == 0:
                continue
            query = np.repeat(np.arange(len(qx)), counts)
            first = np.cumsum(counts) - counts
            sorted_pos = np.repeat(start - first, counts) + np.arange(total)
            dist = planar_distance(self.x[sorted_pos], self.y[sorted_pos], qx[query], qy[query])
            keep = dist <= radius_m
            found_q.append(query[keep])
            found_p.append(self.order[sorted_pos[keep]])
            found_d.append(dist[keep])
        if not found_q:
            empty = np.empty(0, dtype=np.int64)
            return empty, empty.copy(), np.empty(0, dtype=np.float64)
        return np.concatenate(found_q), np.concatenate(found_p), np.concatenate(found_d)
