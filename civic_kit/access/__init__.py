"""Access to public services: who lives too far from a health unit, school or CRAS, and where the next
one should go.

Public API
----------
- :class:`AccessModel` -- built once from population points and facilities of one kind;
  :meth:`~AccessModel.coverage` (threshold and extra sites), :meth:`~AccessModel.with_facility`,
  :meth:`~AccessModel.suggest_sites` (greedy maximal covering).
- :class:`CoverageResult`, :class:`SiteSuggestions`, :class:`SuggestedSite`, :class:`Site` -- results.
- :func:`facilities_from_table`, :class:`CityBounds`, :func:`find_coordinate_columns` -- validate an
  uploaded facilities table, row by row.
- :func:`income_quintiles`, :func:`assumptions_text` -- the population-weighted quintiles and the stated
  assumptions (detour factor, distance method, equity-gap definition).
- :func:`haversine_m`, :class:`LocalProjection`, :class:`GridIndex` -- distance tools.

Pure functions on DataFrames and numpy arrays; no widgets (apps build on top of this).
"""

from __future__ import annotations

from civic_kit.access.geometry import GridIndex, LocalProjection, haversine_m
from civic_kit.access.model import (
    DEFAULT_DETOUR_FACTOR,
    DEFAULT_THRESHOLD_M,
    KINDS,
    AccessModel,
    CoverageResult,
    Site,
    SiteSuggestions,
    SuggestedSite,
    assumptions_text,
    income_quintiles,
)
from civic_kit.access.upload import CityBounds, facilities_from_table, find_coordinate_columns

__all__ = [
    "DEFAULT_DETOUR_FACTOR",
    "DEFAULT_THRESHOLD_M",
    "KINDS",
    "AccessModel",
    "CityBounds",
    "CoverageResult",
    "GridIndex",
    "LocalProjection",
    "Site",
    "SiteSuggestions",
    "SuggestedSite",
    "assumptions_text",
    "facilities_from_table",
    "find_coordinate_columns",
    "haversine_m",
    "income_quintiles",
]
