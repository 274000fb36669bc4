"""Data in, typed tables out: bundled teaching-city datasets and real government files.

Public API
----------
- :func:`load` -- a bundled dataset as a typed DataFrame (``load("districts")``).
- :func:`load_geojson` -- a bundled GeoJSON resource as a dict.
- :func:`list_datasets`, :func:`dataset_path`, :func:`datapackage_path` -- the registry.
- :func:`read_gov_csv` -- read a CSV as Latin American portals publish it; returns ``(DataFrame, ReadReport)``.
- :func:`validate_datasets` -- Frictionless validation of every bundled resource.

Names are resolved lazily so that importing :mod:`civic_kit.data` stays cheap for apps.
"""

from __future__ import annotations

import importlib
from typing import Any

__all__ = [
    "ReadReport",
    "datapackage_path",
    "dataset_path",
    "list_datasets",
    "load",
    "load_geojson",
    "read_gov_csv",
    "validate_datasets",
]

_WHERE = {
    "load": "civic_kit.data.registry",
    "load_geojson": "civic_kit.data.registry",
    "list_datasets": "civic_kit.data.registry",
    "dataset_path": "civic_kit.data.registry",
    "datapackage_path": "civic_kit.data.registry",
    "validate_datasets": "civic_kit.data.registry",
    "read_gov_csv": "civic_kit.data.govcsv",
    "ReadReport": "civic_kit.data.govcsv",
}


def __getattr__(name: str) -> Any:
    if name in _WHERE:
        return getattr(importlib.import_module(_WHERE[name]), name)
    raise AttributeError(name)
