"""Judge an open-data catalogue the way a careful reuser would: licence, format, freshness, documentation.

A portal can list hundreds of datasets and still be hard to use: files in PDF, no licence, tables last
touched years ago although they promise a monthly update. This module turns a catalogue (one row per
dataset, as Vale Verde's ``open_data_catalog`` or a CKAN export) into a table of plain checks, each failed
check explained by an :class:`~civic_kit.problems.Issue`, so a learner can see *why* a dataset scores low.

Public API
----------
- :func:`assess_catalog` -- every dataset's stars, freshness and score, with the reasons as issues.
- :class:`CatalogAssessment` -- the result (``table``, ``issues``, ``valid``, ``summary``, ``reasons``).
- :func:`five_star_rating` -- Tim Berners-Lee's 5-star level of one dataset from its format and licence.
- :func:`licence_kind` -- what a licence string means for reuse (public domain, attribution, none...).
- :func:`format_info` -- whether a file format is machine-readable, open, or linked data.
- :func:`expected_age_days` -- how old a dataset may be given its declared update frequency.

The five checks
---------------
A dataset passes one point for each: an **open licence**, a **machine-readable** format, an **open**
(non-proprietary) format, being **up to date** for its declared frequency, and a **data dictionary**. The
score is the number of checks passed (0 to 5): simple enough to explain to a city council, and close to the
indicator groups of Open Knowledge Brasil's *Índice de Dados Abertos* (licensing, format, documentation,
timeliness) described in ``docs/reference/policy-and-law.md`` §5.

The 5-star scheme (general knowledge, 5stardata.info; to be confirmed against the original text): ★ on the
web under an open licence, in any format; ★★ structured, machine-readable (a spreadsheet, not a scan);
★★★ a non-proprietary format (CSV instead of Excel); ★★★★ URIs to identify things (RDF); ★★★★★ linked to
other people's data. Catalogue metadata cannot show links between datasets, so this module never gives
five stars: an RDF dataset gets four. A dataset without an open licence gets zero stars, whatever its
format, because the first star *is* the open licence.

Example
-------
>>> import pandas as pd
>>> catalogue = pd.DataFrame({"dataset_id": ["a"], "title": ["Contratos"], "format": ["CSV"],
...     "license": ["CC-BY-4.0"], "update_frequency": ["monthly"], "last_updated": ["2024-12-01"]})
>>> assessment = assess_catalog(catalogue, as_of="2024-12-31")
>>> int(assessment.table.loc[0, "stars"])
3
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

from civic_kit.i18n import get_language, normalize_language, t
from civic_kit.i18n.numbers import format_date, format_number
from civic_kit.problems import CivicKitError, Issue, Severity

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

__all__ = [
    "CHECKS",
    "FORMATS",
    "FREQUENCY_DAYS",
    "REQUIRED_COLUMNS",
    "CatalogAssessment",
    "FormatInfo",
    "LicenceKind",
    "assess_catalog",
    "expected_age_days",
    "five_star_rating",
    "format_info",
    "licence_kind",
]

LicenceKind = Literal["public-domain", "attribution", "share-alike", "restricted", "none", "unknown"]

#: Columns every catalogue must have (pass ``columns=`` to map your portal's names onto these).
REQUIRED_COLUMNS: tuple[str, ...] = ("dataset_id", "title", "format", "license", "update_frequency", "last_updated")
#: Columns used when present: the data dictionary flag and the portal's own machine-readability flag.
OPTIONAL_COLUMNS: tuple[str, ...] = ("owner_agency", "has_data_dictionary", "machine_readable")
#: The five checks behind the score, in the order the table shows them.
CHECKS: tuple[str, ...] = ("open_licence", "machine_readable", "open_format", "up_to_date", "documented")

DEFAULT_LIMIT_ISSUES = 1000


@dataclass(frozen=True)
class FormatInfo:
    """What a file format allows a reuser to do."""

    machine_readable: bool
    """Software can read the values directly (not a scanned page, a PDF or a web page)."""
    open: bool
    """The format is not tied to one company's program (CSV, JSON, ODS, GeoJSON...)."""
    linked: bool = False
    """Linked-data formats (RDF family) that name things with URIs: the fourth star."""


_DOCUMENT = FormatInfo(machine_readable=False, open=False)
_PROPRIETARY = FormatInfo(machine_readable=True, open=False)
_OPEN = FormatInfo(machine_readable=True, open=True)
_LINKED = FormatInfo(machine_readable=True, open=True, linked=True)

#: Formats by upper-case name. Shapefile (SHP) counts as open: its specification is published and every GIS
#: program reads it, although GeoJSON or GeoPackage are the formats standards bodies recommend today.
FORMATS: Mapping[str, FormatInfo] = {
    **dict.fromkeys(
        ("PDF", "HTML", "HTM", "DOC", "DOCX", "ODT", "PPT", "PPTX", "JPG", "JPEG", "PNG", "TIF", "TIFF"), _DOCUMENT
    ),
    **dict.fromkeys(("XLS", "XLSX", "XLSM", "MDB", "ACCDB", "DBF", "SAV", "DTA", "KMZ"), _PROPRIETARY),
    **dict.fromkeys(
        ("CSV", "TSV", "JSON", "GEOJSON", "XML", "ODS", "SHP", "KML", "GPKG", "GML", "PARQUET", "GTFS", "API"),
        _OPEN,
    ),
    **dict.fromkeys(("RDF", "TTL", "TURTLE", "JSON-LD", "JSONLD", "NT", "N3", "NQ"), _LINKED),
}

#: Days a dataset may age before it is late, by declared frequency. Keys are written without accents in
#: lower case; Portuguese and Spanish names are accepted, so a city's own catalogue works as exported.
FREQUENCY_DAYS: Mapping[str, int | None] = {
    **dict.fromkeys(("real time", "realtime", "tempo real", "tiempo real", "continuous", "continua", "continuo"), 1),
    **dict.fromkeys(("daily", "diaria", "diario"), 1),
    **dict.fromkeys(("weekly", "semanal"), 7),
    **dict.fromkeys(("biweekly", "fortnightly", "quinzenal", "quincenal"), 15),
    **dict.fromkeys(("monthly", "mensal", "mensual"), 31),
    **dict.fromkeys(("bimonthly", "bimestral"), 62),
    **dict.fromkeys(("quarterly", "trimestral"), 92),
    **dict.fromkeys(("semiannual", "semi-annual", "half-yearly", "semestral"), 183),
    **dict.fromkeys(("yearly", "annual", "annually", "anual"), 366),
    # No promise made: freshness cannot be judged, which is itself worth saying.
    **dict.fromkeys(
        (
            "irregular",
            "eventual",
            "as needed",
            "on demand",
            "sob demanda",
            "bajo demanda",
            "nao se aplica",
            "no aplica",
        ),
        None,
    ),
}

_LICENCE_PATTERNS: tuple[tuple[str, LicenceKind], ...] = (
    # Order matters: "cc-by-nc-sa" must be read as restricted before "cc-by-sa" as share-alike.
    (r"\bnc\b|non.?commercial|nao.?comercial|no.?comercial|\bnd\b|no.?deriv|sem.?deriv|sin.?deriv", "restricted"),
    (r"cc0|public.?domain|dominio.?publico|pddl|\bpublic\b", "public-domain"),
    (r"odbl|by.?sa\b|share.?alike|compartilha|compartir", "share-alike"),
    (r"cc.?by|odc.?by|attribution|atribuicao|atribucion|\bogl\b|open.?government.?licen", "attribution"),
)
_NO_LICENCE = {
    "",
    "nao informada",
    "nao informado",
    "nao_informada",
    "nao especificada",
    "sem licenca",
    "no informada",
    "no especificada",
    "sin licencia",
    "not specified",
    "notspecified",
    "none",
    "no licence",
    "no license",
    "other closed",
    "other-closed",
    "todos os direitos reservados",
    "todos los derechos reservados",
    "all rights reserved",
}
_TRUE = {"true", "1", "sim", "s", "si", "yes", "y", "x", "verdadeiro", "verdadero"}
_FALSE = {"false", "0", "nao", "n", "no", "falso", ""}


def _plain(value: Any) -> str:
    """Lower case, no accents, inner whitespace collapsed: how catalogue words are compared."""
    text = unicodedata.normalize("NFKD", str(value))
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return " ".join(text.casefold().split())


def _missing(value: Any) -> bool:
    if value is None:
        return True
    try:
        import pandas as pd

        return bool(pd.isna(value))
    except (TypeError, ValueError):  # list-like cells are not "missing"
        return False


def licence_kind(licence: Any) -> LicenceKind:
    """Say what a licence string allows, in one of six kinds.

    Why kinds and not the licence names: portals write the same licence a dozen ways ("CC-BY-4.0",
    "Creative Commons Atribuição 4.0", "cc-by"), and what a reuser needs to know is only whether they may
    reuse the data freely (``public-domain``), with credit (``attribution``), sharing alike
    (``share-alike``), only with limits that make it *not open* such as "non-commercial" (``restricted``),
    not at all because no licence is stated (``none``), or that a person must read it (``unknown``).

    Parameters
    ----------
    licence
        The licence as the catalogue writes it; empty, missing or "não informada" mean none.

    Returns
    -------
    str
        ``public-domain`` | ``attribution`` | ``share-alike`` | ``restricted`` | ``none`` | ``unknown``.

    Examples
    --------
    >>> licence_kind("CC-BY-4.0"), licence_kind("nao_informada"), licence_kind("CC BY-NC 4.0")
    ('attribution', 'none', 'restricted')
    """
    if _missing(licence):
        return "none"
    text = _plain(licence)
    if text.replace("_", " ") in _NO_LICENCE or text in _NO_LICENCE:
        return "none"
    for pattern, kind in _LICENCE_PATTERNS:
        if re.search(pattern, text):
            return kind
    return "unknown"


def _is_open(kind: str) -> bool:
    return kind in ("public-domain", "attribution", "share-alike")


def _formats(value: Any) -> list[str]:
    """The format names in a cell; CKAN-style cells list several (``"CSV, PDF"``)."""
    if _missing(value):
        return []
    names = re.split(r"[,;/|+\s]+", str(value).strip().upper())
    return [name.lstrip(".") for name in names if name.strip(".")]


def format_info(fmt: Any) -> FormatInfo | None:
    """What the best of the formats in ``fmt`` allows (``"CSV"``, ``".xlsx"``, ``"PDF, CSV"``).

    Returns ``None`` when no format is known, so the caller can fall back on other metadata instead of
    guessing. With several formats, the most reusable one counts: a dataset offered as PDF *and* CSV is as
    reusable as its CSV.

    Examples
    --------
    >>> format_info("xlsx")
    FormatInfo(machine_readable=True, open=False, linked=False)
    >>> format_info("PDF, CSV").open
    True
    """
    known = [FORMATS[name] for name in _formats(fmt) if name in FORMATS]
    if not known:
        return None
    return max(known, key=lambda info: (info.linked, info.open, info.machine_readable))


def five_star_rating(fmt: Any, licence: Any, *, machine_readable: bool | None = None) -> int:
    """Tim Berners-Lee's 5-star level (0-4 here) of a dataset, from its format and licence.

    Parameters
    ----------
    fmt
        File format(s) as the catalogue writes them.
    licence
        Licence as the catalogue writes it.
    machine_readable
        The portal's own flag, used only when the format is unknown.

    Returns
    -------
    int
        0 without an open licence; 1 open but not machine-readable (PDF, web page); 2 machine-readable in a
        proprietary format (Excel); 3 open format (CSV, JSON); 4 linked-data format (RDF). Five stars need
        links to other data, which metadata cannot show, so they are never given.

    Examples
    --------
    >>> five_star_rating("PDF", "CC-BY-4.0"), five_star_rating("CSV", "CC0-1.0"), five_star_rating("CSV", "")
    (1, 3, 0)
    """
    if not _is_open(licence_kind(licence)):
        return 0
    info = format_info(fmt)
    if info is None:
        return 2 if machine_readable else 1
    if info.linked:
        return 4
    if info.open:
        return 3
    return 2 if info.machine_readable else 1


def expected_age_days(frequency: Any) -> int | None:
    """The most days a dataset may go without an update, given its declared frequency.

    Parameters
    ----------
    frequency
        ``monthly``, ``mensal``, ``trimestral``, ``yearly``... (English, Portuguese or Spanish).

    Returns
    -------
    int or None
        31 for monthly, 92 for quarterly, 366 for yearly...; ``None`` for "irregular" and the like, where
        the portal promised nothing and freshness cannot be judged.

    Raises
    ------
    CivicKitError
        ``catalog-bad-frequency`` for a frequency this module does not know (say it in
        :data:`FREQUENCY_DAYS` terms instead of guessing), and for a missing value.
    """
    if _missing(frequency) or not str(frequency).strip():
        raise CivicKitError.of("catalog-bad-frequency", frequency="")
    key = _plain(frequency).replace("_", " ")
    if key not in FREQUENCY_DAYS:
        raise CivicKitError.of("catalog-bad-frequency", frequency=str(frequency))
    return FREQUENCY_DAYS[key]


@dataclass(frozen=True)
class CatalogAssessment:
    """The result of :func:`assess_catalog`: one row per dataset plus the reasons behind each score."""

    table: pd.DataFrame
    """One row per dataset: ``dataset_id``, ``title``, (``owner_agency``), ``format``, ``licence_kind``,
    ``stars``, ``days_since_update``, ``max_age_days``, ``stale`` (True / False / missing when it cannot be
    judged), the five checks (:data:`CHECKS`, True/False) and ``score`` (checks passed, 0-5)."""
    issues: tuple[Issue, ...]
    """Every failed check and metadata problem, with ``row`` (1-based catalogue row) and ``column``."""
    as_of: dt.date
    """The date freshness was measured on."""
    issues_truncated: int = 0
    """Issues left out because of ``limit_issues``."""

    @property
    def valid(self) -> bool:
        """True when the catalogue's metadata could be read everywhere (no error-severity issue)."""
        return not any(issue.severity == "error" for issue in self.issues)

    def reasons(self, dataset_id: str, lang: str | None = None) -> list[str]:
        """Why ``dataset_id`` lost points, one plain sentence per issue, in ``lang``."""
        return [issue.message(lang) for issue in self.issues if str(issue.params.get("dataset_id")) == str(dataset_id)]

    def summary(self, lang: str | None = None) -> list[str]:
        """A few lines a learner or a council member reads: counts of each check and the stars."""
        lang = normalize_language(lang) if lang else get_language()
        table = self.table
        total = len(table)
        lines = [t("catalog.summary.assessed", lang, count=total, date=format_date(self.as_of, lang))]
        for check in CHECKS:
            passed = int(table[check].sum()) if total else 0
            lines.append(t(f"catalog.summary.{check}", lang, passed=passed, total=total))
        stale = int(table["stale"].fillna(False).astype(bool).sum()) if total else 0
        unknown = int(table["stale"].isna().sum()) if total else 0
        lines.append(t("catalog.summary.stale", lang, stale=stale, unknown=unknown))
        counts = table["stars"].value_counts().to_dict() if total else {}
        stars = "; ".join(
            t("catalog.summary.stars-item", lang, stars=level, count=int(counts.get(level, 0))) for level in range(5)
        )
        lines.append(t("catalog.summary.stars", lang, stars=stars))
        mean = float(table["score"].mean()) if total else 0.0
        lines.append(t("catalog.summary.score", lang, score=format_number(mean, lang, ",.1f")))
        if self.issues_truncated:
            lines.append(t("catalog.summary.truncated", lang, count=self.issues_truncated))
        return lines

    def to_dict(self, lang: str | None = None) -> dict[str, Any]:
        """A JSON-ready form: the table as records and every issue with its translated message."""
        records = []
        for record in self.table.to_dict("records"):
            records.append({key: _json_value(value) for key, value in record.items()})
        return {
            "valid": self.valid,
            "as_of": self.as_of.isoformat(),
            "datasets": records,
            "issues": [issue.to_dict(lang) for issue in self.issues],
            "issues_truncated": self.issues_truncated,
        }


def _json_value(value: Any) -> Any:
    if _missing(value):
        return None
    if hasattr(value, "item"):
        return value.item()
    return value


def _as_date(value: Any) -> dt.date | None:
    """A date from a date, a Timestamp or text (ISO ``2024-12-31`` or ``31/12/2024``); None if unreadable."""
    import pandas as pd

    if _missing(value):
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = str(value).strip()
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}([ T].*)?", text):
        stamp = pd.to_datetime(text[:10], format="%Y-%m-%d", errors="coerce")
    elif re.fullmatch(r"\d{1,2}[/.-]\d{1,2}[/.-]\d{4}", text):
        stamp = pd.to_datetime(re.sub(r"[.-]", "/", text), format="%d/%m/%Y", errors="coerce")
    else:
        return None
    return None if pd.isna(stamp) else stamp.date()


def _as_bool(value: Any) -> bool | None:
    if isinstance(value, bool) or type(value).__name__ == "bool_":
        return bool(value)
    if _missing(value):
        return None
    text = _plain(value)
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    return None


def assess_catalog(
    df: pd.DataFrame,
    as_of: dt.date | str,
    *,
    columns: Mapping[str, str] | None = None,
    grace_days: int = 0,
    limit_issues: int = DEFAULT_LIMIT_ISSUES,
) -> CatalogAssessment:
    """Score every dataset of an open-data catalogue and explain each lost point.

    Why: a catalogue's length says little; what matters is whether each dataset can be found, trusted and
    reused. Checking licence, format, freshness and documentation one by one turns "our portal is good"
    into evidence, and the issues say exactly what to fix and who owns it.

    Parameters
    ----------
    df
        One row per dataset with the :data:`REQUIRED_COLUMNS` (``dataset_id``, ``title``, ``format``,
        ``license``, ``update_frequency``, ``last_updated``) and optionally ``owner_agency``,
        ``has_data_dictionary`` and ``machine_readable``. Dates may be dates or text (ISO or dd/mm/yyyy);
        flags may be booleans or Sim/Não, Sí/No, yes/no, 1/0.
    as_of
        The day freshness is measured on (the catalogue's extraction date). Required, so a lesson gives the
        same answer next year.
    columns
        Your catalogue's names for the expected columns: ``{"license": "licenca", "format": "formato"}``.
    grace_days
        Extra days allowed past the declared frequency before a dataset counts as stale (default 0: a
        monthly dataset is stale after 31 days).
    limit_issues
        Most issues kept; past that a count of the rest is kept (``issues_truncated``).

    Returns
    -------
    CatalogAssessment
        ``table`` (one row per dataset, in the catalogue's order), ``issues``, ``valid``, ``summary()``.

    Raises
    ------
    CivicKitError
        ``catalog-not-a-table`` (not a DataFrame), ``catalog-missing-columns``, ``catalog-empty``,
        ``catalog-bad-as-of``, ``catalog-bad-parameter`` (negative ``grace_days``, ``limit_issues`` < 1).

    Examples
    --------
    >>> from civic_kit.data import load
    >>> assessment = assess_catalog(load("open_data_catalog"), as_of="2024-12-31")
    >>> sorted(assessment.table.columns)[:3]
    ['days_since_update', 'dataset_id', 'documented']
    """
    import pandas as pd

    if not isinstance(df, pd.DataFrame):
        raise CivicKitError.of("catalog-not-a-table", got=type(df).__name__)
    if isinstance(grace_days, bool) or not isinstance(grace_days, int) or grace_days < 0:
        raise CivicKitError.of("catalog-bad-parameter", name="grace_days", value=str(grace_days))
    if isinstance(limit_issues, bool) or not isinstance(limit_issues, int) or limit_issues < 1:
        raise CivicKitError.of("catalog-bad-parameter", name="limit_issues", value=str(limit_issues))
    day = _as_date(as_of)
    if day is None:
        raise CivicKitError.of("catalog-bad-as-of", value=str(as_of))
    data = _with_standard_names(df, columns)
    if data.empty:
        raise CivicKitError.of("catalog-empty")

    issues: list[Issue] = []
    rows: list[dict[str, Any]] = []
    duplicated = data["dataset_id"].duplicated(keep="first")
    has_mr_column = "machine_readable" in data.columns
    has_dict_column = "has_data_dictionary" in data.columns
    if not has_dict_column:
        issues.append(Issue("catalog-no-dictionary-column", {}, "info", None, "has_data_dictionary"))

    for position, record in enumerate(data.to_dict("records")):
        row = position + 1
        ident = "" if _missing(record["dataset_id"]) else str(record["dataset_id"]).strip()
        where = {"dataset_id": ident or f"#{row}", "title": "" if _missing(record["title"]) else str(record["title"])}

        if not ident:
            issues.append(_issue("catalog-missing-id", "error", row, "dataset_id", where))
        elif bool(duplicated.iloc[position]):
            issues.append(_issue("catalog-duplicate-id", "warning", row, "dataset_id", where))

        kind = licence_kind(record["license"])
        licence_text = "" if _missing(record["license"]) else str(record["license"])
        if kind == "none":
            issues.append(_issue("catalog-no-licence", "warning", row, "license", where))
        elif kind == "restricted":
            issues.append(_issue("catalog-restricted-licence", "warning", row, "license", where, licence=licence_text))
        elif kind == "unknown":
            issues.append(_issue("catalog-unknown-licence", "warning", row, "license", where, licence=licence_text))

        fmt_text = "" if _missing(record["format"]) else str(record["format"]).strip()
        info = format_info(record["format"])
        portal_flag = _as_bool(record["machine_readable"]) if has_mr_column else None
        if has_mr_column and portal_flag is None and not _missing(record["machine_readable"]):
            issues.append(
                _issue(
                    "catalog-bad-flag", "warning", row, "machine_readable", where, value=str(record["machine_readable"])
                )
            )
        if info is None:
            issues.append(_issue("catalog-unknown-format", "warning", row, "format", where, format=fmt_text))
            machine_readable = bool(portal_flag)
            open_format = False
        else:
            machine_readable, open_format = info.machine_readable, info.open
            if portal_flag is not None and portal_flag != machine_readable:
                issues.append(
                    _issue(
                        "catalog-machine-readable-mismatch", "warning", row, "machine_readable", where, format=fmt_text
                    )
                )
        if not machine_readable:
            issues.append(_issue("catalog-not-machine-readable", "warning", row, "format", where, format=fmt_text))
        elif not open_format and info is not None:
            issues.append(_issue("catalog-proprietary-format", "warning", row, "format", where, format=fmt_text))

        freshness = _freshness(record, day, grace_days)
        for code, severity, params in freshness.problems:
            column = "update_frequency" if "frequency" in code else "last_updated"
            issues.append(_issue(code, severity, row, column, where, **params))

        documented = False
        if has_dict_column:
            flag = _as_bool(record["has_data_dictionary"])
            documented = bool(flag)
            if flag is None and not _missing(record["has_data_dictionary"]):
                issues.append(
                    _issue(
                        "catalog-bad-flag",
                        "warning",
                        row,
                        "has_data_dictionary",
                        where,
                        value=str(record["has_data_dictionary"]),
                    )
                )
            elif not documented:
                issues.append(_issue("catalog-no-dictionary", "warning", row, "has_data_dictionary", where))

        stars = five_star_rating(record["format"], record["license"], machine_readable=machine_readable)
        checks = {
            "open_licence": _is_open(kind),
            "machine_readable": machine_readable,
            "open_format": open_format,
            "up_to_date": freshness.stale is False,
            "documented": documented,
        }
        out: dict[str, Any] = {"dataset_id": ident, "title": where["title"]}
        if "owner_agency" in data.columns:
            out["owner_agency"] = None if _missing(record["owner_agency"]) else str(record["owner_agency"])
        out.update(
            {
                "format": fmt_text,
                "licence_kind": kind,
                "stars": stars,
                "days_since_update": freshness.age,
                "max_age_days": freshness.limit,
                "stale": freshness.stale,
                **checks,
                "score": sum(checks.values()),
            }
        )
        rows.append(out)

    table = pd.DataFrame(rows)
    table["stars"] = table["stars"].astype("int64")
    table["score"] = table["score"].astype("int64")
    for name in ("days_since_update", "max_age_days"):
        table[name] = pd.array(table[name].tolist(), dtype="Int64")
    table["stale"] = pd.array(table["stale"].tolist(), dtype="boolean")
    for check in CHECKS:
        table[check] = table[check].astype(bool)
    kept = tuple(issues[:limit_issues])
    return CatalogAssessment(table, kept, day, max(0, len(issues) - limit_issues))


def _issue(code: str, severity: Severity, row: int, column: str, where: Mapping[str, Any], **params: Any) -> Issue:
    return Issue(code, {**where, **params}, severity, row, column)


@dataclass(frozen=True)
class _Freshness:
    age: int | None
    limit: int | None
    stale: bool | None
    problems: tuple[tuple[str, Severity, dict[str, Any]], ...]


def _freshness(record: Mapping[str, Any], as_of: dt.date, grace_days: int) -> _Freshness:
    """Age of one dataset against its declared frequency, and what is wrong with those two fields."""
    problems: list[tuple[str, Severity, dict[str, Any]]] = []
    limit: int | None = None
    promised = True
    try:
        limit = expected_age_days(record["update_frequency"])
        if limit is None:
            promised = False
            problems.append(("catalog-no-frequency", "info", {"frequency": str(record["update_frequency"])}))
    except CivicKitError as error:
        promised = False
        problems.append(("catalog-unknown-frequency", "warning", dict(error.issue.params)))

    raw = record["last_updated"]
    updated = _as_date(raw)
    if updated is None:
        code = "catalog-missing-date" if _missing(raw) or not str(raw).strip() else "catalog-bad-date"
        problems.append((code, "error", {"value": "" if _missing(raw) else str(raw)}))
        return _Freshness(None, limit, None, tuple(problems))
    age = (as_of - updated).days
    if age < 0:
        problems.append(("catalog-future-date", "error", {"value": updated.isoformat(), "days": -age}))
        return _Freshness(age, limit, None, tuple(problems))
    if not promised or limit is None:
        return _Freshness(age, limit, None, tuple(problems))
    stale = age > limit + grace_days
    if stale:
        problems.append(("catalog-stale", "warning", {"days": age, "limit": limit, "late": age - limit}))
    return _Freshness(age, limit, stale, tuple(problems))


def _with_standard_names(df: pd.DataFrame, columns: Mapping[str, str] | None) -> pd.DataFrame:
    """The catalogue with its columns renamed to the standard names, or a translated error."""
    mapping = dict(columns or {})
    unknown = [name for name in mapping if name not in (*REQUIRED_COLUMNS, *OPTIONAL_COLUMNS)]
    if unknown:
        raise CivicKitError.of(
            "catalog-bad-mapping",
            names=", ".join(sorted(map(str, unknown))),
            expected=", ".join((*REQUIRED_COLUMNS, *OPTIONAL_COLUMNS)),
        )
    absent = [theirs for theirs in mapping.values() if theirs not in df.columns]
    if absent:
        raise CivicKitError.of(
            "catalog-missing-columns", columns=", ".join(map(str, absent)), available=_names(df.columns)
        )
    renamed = df.rename(columns={theirs: ours for ours, theirs in mapping.items()})
    if renamed.columns.duplicated().any():
        raise CivicKitError.of(
            "catalog-duplicate-columns", columns=_names(renamed.columns[renamed.columns.duplicated()])
        )
    missing = [name for name in REQUIRED_COLUMNS if name not in renamed.columns]
    if missing:
        raise CivicKitError.of("catalog-missing-columns", columns=", ".join(missing), available=_names(df.columns))
    return renamed.reset_index(drop=True)


def _names(values: Iterable[Any]) -> str:
    names = [str(value) for value in values]
    return ", ".join(names[:20]) + (" …" if len(names) > 20 else "")
