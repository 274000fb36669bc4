"""The bundled Vale Verde datasets: find them, load them typed, check them.

The files and their Frictionless ``datapackage.json`` ship inside the package
(``importlib.resources.files("civic_kit") / "datasets"``), so lessons and apps work offline and from
an installed wheel, not only from a checkout. Every function takes an optional ``root`` folder so the
same code can read or check a freshly generated copy (``civic-kit datasets generate --out DIR``).

Types come from each resource's Table Schema, never from guessing: code-like columns (``district_id``
``"01"``, ``funcao_code`` ``"08"``, CNPJs) stay strings with their leading zeros, dates become
``datetime64[ns]``, integers ``int64`` (``Int64`` when the column allows empty cells), numbers
``float64`` and booleans ``bool``. The raw portal export is read with its own dialect (Windows-1252,
``;``, title line, decimal comma), which is the point of the lesson that uses it.

Example
-------
>>> from civic_kit.data.registry import load
>>> districts = load("districts")
>>> districts["district_id"].iloc[0]
'01'
"""

from __future__ import annotations

import copy
import csv
import json
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

from civic_kit.problems import CivicKitError, Issue

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

__all__ = [
    "DatasetsReport",
    "ResourceResult",
    "datapackage_path",
    "dataset_path",
    "datasets_dir",
    "list_datasets",
    "load",
    "load_geojson",
    "resource_descriptor",
    "validate_datasets",
]

#: Most issues kept per resource: past that, more of the same teaches nothing.
DEFAULT_LIMIT_ISSUES = 1000

_TRUE = ("true", "True", "TRUE", "1")
_FALSE = ("false", "False", "FALSE", "0")


# --------------------------------------------------------------------------------------------------
# Finding things
# --------------------------------------------------------------------------------------------------


def datasets_dir() -> Path:
    """The folder of the bundled datasets inside the installed ``civic_kit`` package."""
    return Path(str(resources.files("civic_kit") / "datasets"))


def datapackage_path(*, root: Path | None = None) -> Path:
    """Path of ``datapackage.json`` (the bundled one, or the one in ``root``)."""
    return (Path(root) if root is not None else datasets_dir()) / "datapackage.json"


def list_datasets(*, root: Path | None = None) -> list[str]:
    """Names of every resource in the Data Package, in descriptor order.

    Tabular resources load with :func:`load`; ``districts_geojson`` is the map of ``districts``
    (:func:`load_geojson`) and ``pb_pabulib`` the participatory-budget election as a Pabulib file
    (:func:`dataset_path`).
    """
    return [str(r["name"]) for r in _package(datapackage_path(root=root))["resources"]]


def resource_descriptor(name: str, *, root: Path | None = None) -> dict[str, Any]:
    """A copy of one resource's descriptor (title, description, schema, sources, ``synthetic``...).

    Raises
    ------
    CivicKitError
        ``unknown-dataset`` when ``name`` is not a resource; the message lists the valid names.
    """
    return copy.deepcopy(_resource(name, datapackage_path(root=root)))


def dataset_path(name: str, *, root: Path | None = None) -> Path:
    """Path of a resource's file, e.g. to hand ``pb_pabulib`` to ``pabutools.election.parse_pabulib``.

    Raises
    ------
    CivicKitError
        ``unknown-dataset`` for an unknown name, ``dataset-file-missing`` when the file is gone.
    """
    package_file = datapackage_path(root=root)
    resource = _resource(name, package_file)
    path = package_file.parent / str(resource["path"])
    if not path.is_file():
        raise CivicKitError.of("dataset-file-missing", name=name, path=str(path))
    return path


# --------------------------------------------------------------------------------------------------
# Loading
# --------------------------------------------------------------------------------------------------


def load(name: str, *, root: Path | None = None) -> pd.DataFrame:
    """A tabular dataset as a DataFrame typed from its Table Schema.

    Parameters
    ----------
    name : str
        A resource name from :func:`list_datasets`, e.g. ``"districts"`` or ``"budget_execution_raw"``.
    root : Path, optional
        Folder holding a ``datapackage.json``; default: the bundled datasets.

    Returns
    -------
    pandas.DataFrame
        Columns in schema order. Empty cells are missing values (``NaN``/``NaT``/``<NA>``).

    Raises
    ------
    CivicKitError
        ``unknown-dataset``, ``dataset-not-a-table`` (GeoJSON or Pabulib resources),
        ``dataset-file-missing``, ``dataset-unreadable``, ``dataset-bad-header`` or
        ``dataset-bad-value`` (with the row and column), so a damaged file never shows a traceback.
    """
    import pandas as pd

    package_file = datapackage_path(root=root)
    resource = _resource(name, package_file)
    if resource.get("profile") != "tabular-data-resource" or "schema" not in resource:
        raise CivicKitError.of("dataset-not-a-table", name=name, format=str(resource.get("format", "")))
    path = dataset_path(name, root=root)
    dialect = resource.get("dialect", {})
    header_row = int(dialect.get("headerRows", [1])[0])
    fields = resource["schema"]["fields"]
    try:
        frame = pd.read_csv(
            path,
            sep=dialect.get("delimiter", ","),
            encoding=resource.get("encoding", "utf-8"),
            skiprows=header_row - 1,
            dtype=str,
            keep_default_na=False,
            na_filter=False,
        )
    except (UnicodeDecodeError, ValueError, pd.errors.ParserError) as error:
        raise CivicKitError.of("dataset-unreadable", name=name, note=str(error).splitlines()[0]) from None

    names = [f["name"] for f in fields]
    found = [str(c) for c in frame.columns]
    subset = resource["schema"].get("fieldsMatch") in ("subset", "partial")
    missing = [n for n in names if n not in found]
    if missing or (not subset and found != names):
        raise CivicKitError.of("dataset-bad-header", name=name, expected=", ".join(names), found=", ".join(found))
    frame = frame[names]
    columns = {spec["name"]: _typed(frame[spec["name"]], spec, name, header_row) for spec in fields}
    return pd.DataFrame(columns)


def load_geojson(name: str = "districts", *, root: Path | None = None) -> dict[str, Any]:
    """A GeoJSON resource as a dict; ``"districts"`` finds the ``districts_geojson`` map.

    Raises
    ------
    CivicKitError
        ``unknown-dataset`` when neither ``name`` nor ``<name>_geojson`` is a GeoJSON resource,
        ``dataset-file-missing`` or ``dataset-unreadable``.
    """
    package_file = datapackage_path(root=root)
    geo_names = [
        str(r["name"]) for r in _package(package_file)["resources"] if str(r.get("format", "")).lower() == "geojson"
    ]
    target = name if name in geo_names else f"{name}_geojson"
    if target not in geo_names:
        raise CivicKitError.of("unknown-dataset", name=name, available=", ".join(geo_names))
    path = dataset_path(target, root=root)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, ValueError) as error:
        raise CivicKitError.of("dataset-unreadable", name=target, note=str(error)) from None
    if not isinstance(data, dict):
        raise CivicKitError.of("dataset-unreadable", name=target, note="not a JSON object")
    return data


def _typed(column: pd.Series, spec: Mapping[str, Any], name: str, header_row: int) -> pd.Series:
    """Convert one column of text to the schema's type, or say which cell is wrong."""
    import pandas as pd

    kind = spec.get("type", "string")
    empty = column == ""

    def fail(bad: pd.Series) -> CivicKitError:
        index = int(bad.to_numpy().nonzero()[0][0])
        return CivicKitError.of(
            "dataset-bad-value",
            row=index + header_row + 1,
            column=str(spec["name"]),
            name=name,
            value=str(column.iloc[index]),
            expected=str(kind),
        )

    if kind == "string":
        return column.mask(empty)
    if kind in ("integer", "number"):
        text = column
        if kind == "number":
            if spec.get("groupChar"):
                text = text.str.replace(spec["groupChar"], "", regex=False)
            if spec.get("decimalChar", ".") != ".":
                text = text.str.replace(spec["decimalChar"], ".", regex=False)
        values = pd.to_numeric(text.mask(empty), errors="coerce")
        bad = values.isna() & ~empty
        if kind == "integer":
            bad |= values.notna() & (values != values.round())
        if bad.any():
            raise fail(bad)
        if kind == "number":
            return values.astype("float64")
        return values.astype("Int64") if empty.any() else values.astype("int64")
    if kind == "boolean":
        truthy = list(spec.get("trueValues", _TRUE))
        falsy = list(spec.get("falseValues", _FALSE))
        bad = ~(column.isin(truthy) | column.isin(falsy) | empty)
        if bad.any():
            raise fail(bad)
        values = column.isin(truthy)
        return values.astype("boolean").mask(empty) if empty.any() else values.astype(bool)
    if kind in ("date", "datetime"):
        fmt = spec.get("format", "default")
        pattern = "%Y-%m-%d" if kind == "date" and fmt in ("default", "any") else fmt
        values = pd.to_datetime(
            column.mask(empty), format=None if pattern in ("default", "any") else pattern, errors="coerce"
        )
        bad = values.isna() & ~empty
        if bad.any():
            raise fail(bad)
        values = values.astype("datetime64[ns]")
        return values.dt.normalize() if kind == "date" else values
    return column.mask(empty)


# --------------------------------------------------------------------------------------------------
# Validation
# --------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ResourceResult:
    """What validation found in one resource."""

    name: str
    path: str
    format: str
    synthetic: bool | None
    rows: int | None
    """Data rows read (features for GeoJSON, ballots for the Pabulib file); ``None`` if unreadable."""
    issues: tuple[Issue, ...] = ()

    @property
    def valid(self) -> bool:
        return not any(issue.severity == "error" for issue in self.issues)

    def to_dict(self, lang: str | None = None) -> dict[str, Any]:
        return {
            "name": self.name,
            "path": self.path,
            "format": self.format,
            "synthetic": self.synthetic,
            "rows": self.rows,
            "valid": self.valid,
            "issues": [issue.to_dict(lang) for issue in self.issues],
        }


@dataclass(frozen=True)
class DatasetsReport:
    """Validation of the whole Data Package: one :class:`ResourceResult` per resource.

    ``issues`` holds problems that belong to no single resource (an unreadable descriptor).
    """

    valid: bool
    resources: tuple[ResourceResult, ...] = ()
    issues: tuple[Issue, ...] = ()

    @classmethod
    def of(cls, resources: Iterable[ResourceResult], issues: Iterable[Issue] = ()) -> DatasetsReport:
        results, general = tuple(resources), tuple(issues)
        valid = all(r.valid for r in results) and not any(i.severity == "error" for i in general)
        return cls(valid=valid, resources=results, issues=general)

    def resource(self, name: str) -> ResourceResult:
        """The result of one resource (``KeyError`` if the package has no such resource)."""
        for result in self.resources:
            if result.name == name:
                return result
        raise KeyError(name)

    def flatten(self, fields: Sequence[str] = ("row", "column", "code")) -> list[list[Any]]:
        """Every issue as ``[resource, *fields]``: compact for tests and tables."""
        rows = [["", *(getattr(i, f) for f in fields)] for i in self.issues]
        for result in self.resources:
            rows.extend([result.name, *(getattr(i, f) for f in fields)] for i in result.issues)
        return rows

    def to_dict(self, lang: str | None = None) -> dict[str, Any]:
        """JSON-ready form, used by ``civic-kit datasets validate --json``."""
        return {
            "valid": self.valid,
            "issues": [issue.to_dict(lang) for issue in self.issues],
            "resources": [result.to_dict(lang) for result in self.resources],
        }


# Frictionless error types -> our issue codes (each has a translated ``issue.<code>`` message).
_ISSUE_CODES = {
    "type-error": "dataset-type-error",
    "constraint-error": "dataset-constraint-error",
    "unique-error": "dataset-unique-error",
    "primary-key": "dataset-unique-error",
    "foreign-key": "dataset-foreign-key",
    "missing-cell": "dataset-missing-cell",
    "extra-cell": "dataset-extra-cell",
    "blank-row": "dataset-blank-row",
    "blank-label": "dataset-header-error",
    "duplicate-label": "dataset-header-error",
    "incorrect-label": "dataset-header-error",
    "missing-label": "dataset-header-error",
    "extra-label": "dataset-header-error",
    "hash-count": "dataset-hash-mismatch",
    "byte-count": "dataset-hash-mismatch",
    "encoding-error": "dataset-encoding-error",
    "scheme-error": "dataset-file-error",
    "format-error": "dataset-file-error",
    "source-error": "dataset-file-error",
    "resource-error": "dataset-file-error",
}


def validate_datasets(*, root: Path | None = None, limit_issues: int = DEFAULT_LIMIT_ISSUES) -> DatasetsReport:
    """Check every resource of the Data Package against its descriptor.

    Tables are validated by Frictionless against their Table Schema (types, constraints, primary and
    foreign keys) and against the recorded size and SHA-256, so an edited file is caught. The
    GeoJSON map is checked structurally (a FeatureCollection of polygons with closed rings whose
    properties match the ``districts`` table) and the Pabulib file against the CSVs it mirrors.
    Problems are collected, never raised.

    Parameters
    ----------
    root : Path, optional
        Folder holding a ``datapackage.json``; default: the bundled datasets.
    limit_issues : int, default 1000
        Most issues kept per resource.

    Returns
    -------
    DatasetsReport
        ``valid`` is true when no resource has an error.
    """
    package_file = datapackage_path(root=root)
    try:
        descriptor = json.loads(package_file.read_text(encoding="utf-8"))
        resources_list = list(descriptor["resources"])
    except (OSError, ValueError, KeyError, TypeError) as error:
        issue = Issue("dataset-package-unreadable", {"path": str(package_file), "note": _first_line(error)})
        return DatasetsReport.of([], [issue])

    from frictionless import FrictionlessException, Package

    try:
        package = Package(descriptor, basepath=str(package_file.parent))
        report = package.validate(limit_errors=limit_issues)
    except FrictionlessException as error:
        issue = Issue("dataset-package-unreadable", {"path": str(package_file), "note": _first_line(error)})
        return DatasetsReport.of([], [issue])

    tasks = {task.name: task for task in report.tasks}
    general = [_from_frictionless(error, "", {}) for error in report.errors]
    rows_of: dict[str, int | None] = {}
    results: list[ResourceResult] = []
    for spec in resources_list:
        name = str(spec.get("name", ""))
        task = tasks.get(name)
        fields = {f.get("name"): f for f in spec.get("schema", {}).get("fields", [])}
        issues = [_from_frictionless(error, name, fields) for error in (task.errors if task else [])]
        rows = task.stats.get("rows") if task is not None and spec.get("profile") == "tabular-data-resource" else None
        if not any(i.code == "dataset-file-error" for i in issues):
            fmt = str(spec.get("format", "")).lower()
            if fmt == "geojson":
                rows, extra = _check_geojson(package_file.parent, spec, resources_list)
                issues.extend(extra)
            elif fmt == "pb":
                rows, extra = _check_pabulib(package_file.parent, spec, rows_of)
                issues.extend(extra)
        rows_of[name] = rows
        results.append(
            ResourceResult(
                name=name,
                path=str(spec.get("path", "")),
                format=str(spec.get("format", "")),
                synthetic=spec.get("synthetic"),
                rows=rows,
                issues=tuple(issues[:limit_issues]),
            )
        )
    return DatasetsReport.of(results, general)


def _from_frictionless(error: Any, resource: str, fields: Mapping[Any, Mapping[str, Any]]) -> Issue:
    kind = str(getattr(error, "type", "error"))
    code = _ISSUE_CODES.get(kind, "dataset-check-failed")
    column = getattr(error, "field_name", None) or None
    row = getattr(error, "row_number", None)
    params: dict[str, Any] = {
        "resource": resource,
        "check": kind,
        "note": str(getattr(error, "note", "") or ""),
        "value": str(getattr(error, "cell", "") or getattr(error, "label", "") or ""),
        "expected": str(fields.get(column, {}).get("type", "")) if column else "",
    }
    return Issue(code=code, params=params, row=int(row) if row is not None else None, column=column)


def _check_geojson(
    folder: Path, spec: Mapping[str, Any], resources_list: Sequence[Mapping[str, Any]]
) -> tuple[int | None, list[Issue]]:
    """A FeatureCollection of Polygon features with closed rings and the table's properties."""
    name = str(spec["name"])
    path = folder / str(spec.get("path", ""))
    issues: list[Issue] = []

    def problem(code: str, row: int | None = None, column: str | None = None, **params: Any) -> None:
        issues.append(Issue(code, {"resource": name, **params}, row=row, column=column))

    try:
        data = json.loads(path.read_text(encoding=str(spec.get("encoding", "utf-8"))))
    except (OSError, UnicodeDecodeError, ValueError) as error:
        problem("dataset-geojson-not-collection", note=_first_line(error))
        return None, issues
    features = data.get("features") if isinstance(data, dict) else None
    if not isinstance(data, dict) or data.get("type") != "FeatureCollection" or not isinstance(features, list):
        problem("dataset-geojson-not-collection", note="type must be FeatureCollection with a features list")
        return None, issues

    twin = spec.get("properties_from")
    expected = _table_rows(folder, resources_list, str(twin)) if twin else None
    key = "district_id"
    seen: set[str] = set()
    for number, feature in enumerate(features, start=1):
        if not isinstance(feature, dict) or feature.get("type") != "Feature":
            problem("dataset-geojson-bad-geometry", row=number, note="not a Feature")
            continue
        geometry = feature.get("geometry") or {}
        rings = geometry.get("coordinates") if isinstance(geometry, dict) else None
        if (
            not isinstance(geometry, dict)
            or geometry.get("type") != "Polygon"
            or not isinstance(rings, list)
            or not rings
        ):
            problem("dataset-geojson-bad-geometry", row=number, note="geometry must be a Polygon")
        else:
            for ring_number, ring in enumerate(rings, start=1):
                _check_ring(ring, number, ring_number, problem)
        props = feature.get("properties") if isinstance(feature.get("properties"), dict) else {}
        ident = str(props.get(key, ""))
        seen.add(ident)
        if expected is None:
            continue
        if ident not in expected:
            problem("dataset-geojson-unknown-feature", row=number, column=key, value=ident, table=twin)
            continue
        for column, wanted in expected[ident].items():
            got = props.get(column)
            if not _same(wanted, got):
                problem(
                    "dataset-geojson-properties-mismatch",
                    row=number,
                    column=column,
                    value=ident,
                    expected=wanted,
                    found="" if got is None else str(got),
                    table=twin,
                )
    if expected is not None:
        for ident in sorted(set(expected) - seen):
            problem("dataset-geojson-missing-feature", column=key, value=ident, table=twin)
    return len(features), issues


def _check_ring(ring: Any, feature: int, ring_number: int, problem: Any) -> None:
    if not isinstance(ring, list) or len(ring) < 4:
        problem("dataset-geojson-bad-geometry", row=feature, note=f"ring {ring_number} needs at least 4 positions")
        return
    for position in ring:
        ok = (
            isinstance(position, list)
            and len(position) >= 2
            and all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in position[:2])
            and -180 <= position[0] <= 180
            and -90 <= position[1] <= 90
        )
        if not ok:
            problem("dataset-geojson-bad-geometry", row=feature, note=f"ring {ring_number}: bad position {position!r}")
            return
    if ring[0] != ring[-1]:
        problem("dataset-geojson-ring-open", row=feature, ring=ring_number)


def _table_rows(
    folder: Path, resources_list: Sequence[Mapping[str, Any]], name: str
) -> dict[str, dict[str, str]] | None:
    """The rows of a small CSV table keyed by its first column, as text (no pandas needed)."""
    spec = next((r for r in resources_list if r.get("name") == name), None)
    if spec is None:
        return None
    try:
        with (folder / str(spec["path"])).open(encoding=str(spec.get("encoding", "utf-8")), newline="") as handle:
            rows = list(csv.DictReader(handle))
    except (OSError, UnicodeDecodeError, csv.Error, KeyError):
        return None
    if not rows:
        return {}
    key = next(iter(rows[0]))
    return {row[key]: dict(row) for row in rows}


def _same(wanted: str, got: Any) -> bool:
    """A CSV cell (text) and a GeoJSON property agree: numbers by value, text exactly."""
    if got is None or isinstance(got, (dict, list)):
        return False
    if isinstance(got, bool):
        return wanted.lower() == str(got).lower()
    if isinstance(got, (int, float)):
        try:
            return math.isclose(float(wanted), float(got), rel_tol=0, abs_tol=1e-9)
        except ValueError:
            return False
    return wanted == str(got)


def _check_pabulib(
    folder: Path, spec: Mapping[str, Any], rows_of: Mapping[str, int | None]
) -> tuple[int | None, list[Issue]]:
    """Sections present, and the budget and counts agree with the descriptor and the CSV twins."""
    name = str(spec["name"])
    issues: list[Issue] = []
    try:
        text = (folder / str(spec.get("path", ""))).read_text(encoding=str(spec.get("encoding", "utf-8")))
    except (OSError, UnicodeDecodeError) as error:
        return None, [
            Issue("dataset-pabulib-section-missing", {"resource": name, "section": "META", "note": _first_line(error)})
        ]
    section = ""
    meta: dict[str, str] = {}
    counts = {"meta": 0, "projects": 0, "votes": 0}
    header_next = False
    for row in csv.reader(text.splitlines(), delimiter=";"):
        if not row or not "".join(row).strip():
            continue
        head = row[0].strip().lower()
        if head in counts and len(row) == 1:
            section, header_next = head, True
            continue
        if header_next:
            header_next = False
            continue
        if section:
            counts[section] += 1
        if section == "meta" and len(row) >= 2:
            meta[row[0].strip()] = row[1].strip()
    for section_name, count in counts.items():
        if count == 0:
            issues.append(
                Issue(
                    "dataset-pabulib-section-missing", {"resource": name, "section": section_name.upper(), "note": ""}
                )
            )
    checks = [
        ("budget", str(spec.get("budget_brl", "")), meta.get("budget", "")),
        ("num_projects", str(counts["projects"]), meta.get("num_projects", "")),
        ("num_votes", str(counts["votes"]), meta.get("num_votes", "")),
        ("vote_type", "approval", meta.get("vote_type", "")),
    ]
    for twin, section_name in (("pb_projects", "projects"), ("pb_ballots", "votes")):
        if rows_of.get(twin) is not None:
            checks.append((twin, str(rows_of[twin]), str(counts[section_name])))
    for key, wanted, found in checks:
        if wanted and wanted != found:
            issues.append(
                Issue("dataset-pabulib-mismatch", {"resource": name, "key": key, "expected": wanted, "found": found})
            )
    return counts["votes"], issues


# --------------------------------------------------------------------------------------------------
# Descriptor cache
# --------------------------------------------------------------------------------------------------


def _package(package_file: Path) -> dict[str, Any]:
    try:
        stat = package_file.stat()
    except OSError:
        raise CivicKitError.of("dataset-package-unreadable", path=str(package_file), note="file not found") from None
    return _read_package(str(package_file), stat.st_mtime_ns, stat.st_size)


@lru_cache(maxsize=8)
def _read_package(path: str, _mtime_ns: int, _size: int) -> dict[str, Any]:
    """The parsed descriptor, re-read only when the file changes."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError) as error:
        raise CivicKitError.of("dataset-package-unreadable", path=path, note=_first_line(error)) from None
    if not isinstance(data, dict) or not isinstance(data.get("resources"), list):
        raise CivicKitError.of("dataset-package-unreadable", path=path, note="no resources list")
    return data


def _resource(name: str, package_file: Path) -> Mapping[str, Any]:
    for spec in _package(package_file)["resources"]:
        if spec.get("name") == name:
            return spec
    available = ", ".join(str(r.get("name")) for r in _package(package_file)["resources"])
    raise CivicKitError.of("unknown-dataset", name=str(name), available=available)


def _first_line(error: BaseException) -> str:
    text = str(error).strip()
    return text.splitlines()[0] if text else type(error).__name__
