"""All data is dirty: find out how dirty before you trust a number.

Public data reaches us retyped, merged from several spreadsheets and exported by systems that fill the
gaps with stand-in values. A total computed on such a table can be wrong by millions without any error
message. This module measures the dirt, so the learner decides what to clean and says what could not be:

Public API
----------
- :func:`quality_report` -- duplicates, missing values, placeholder values, impossible dates, outliers and
  names spelled several ways, as a :class:`QualityReport` (``valid``, ``stats``, ``issues``).
- :func:`normalize_name` -- the comparable form of a company or agency name (case, accents, spaces,
  punctuation and legal suffixes such as LTDA, ME, S.A., S.A. de C.V. removed).
- :func:`spelling_variants` and :func:`unify_spellings` -- list and merge the spellings of one name.
- :func:`robust_zscores` -- how unusual each value is, with the median and the median absolute deviation
  (a rule a single absurd value cannot fool, unlike the mean and the standard deviation).
- :func:`try_read_csv` -- read a file the naive way and say what went wrong (a :class:`NaiveRead`), so a
  lesson can show the error as a finding instead of a crash.
- :func:`compare_totals` -- our sums against the totals the portal publishes, to the cent.
- :func:`make_messy` -- a copy of a clean table with the damage hand-typed spreadsheets suffer, and the
  list of what was planted, so learners can grade their own detective work.

Every problem is an :class:`~civic_kit.problems.Issue` whose text is translated (``issue.quality-*``).
Bad arguments raise :class:`~civic_kit.problems.CivicKitError`, never a bare Python error.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import math
import random
import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

from civic_kit.i18n import get_language, normalize_language, t
from civic_kit.i18n.numbers import format_money, format_number
from civic_kit.problems import CivicKitError, Issue, Severity

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

__all__ = [
    "DEFAULT_EARLIEST",
    "PLACEHOLDER_DATES",
    "PLACEHOLDER_TEXTS",
    "MessyTable",
    "NaiveRead",
    "QualityReport",
    "TotalsComparison",
    "compare_totals",
    "make_messy",
    "normalize_name",
    "quality_report",
    "robust_zscores",
    "spelling_variants",
    "try_read_csv",
    "unify_spellings",
]

DEFAULT_LIMIT_ISSUES = 1000
#: Cell-level issues of one kind kept per column before a single "and N more" issue replaces the rest.
MAX_PER_COLUMN = 20
#: Dates before this are impossible in a municipal register unless you say otherwise (``earliest=``).
DEFAULT_EARLIEST = dt.date(1950, 1, 1)
#: Fewest values needed to call one of them unusual; with fewer, "typical" means nothing.
MIN_VALUES_FOR_OUTLIERS = 8

#: Texts systems and people type when they do not have the value (compared without case or accents).
# fmt: off
PLACEHOLDER_TEXTS: frozenset[str] = frozenset({
    "a definir", "a ser definido", "a ser definida", "por definir", "a confirmar", "por confirmar",
    "to be defined", "tbd", "tba", "teste", "test", "prueba", "xxx", "xxxx", "xxxxx", "-", "--", "---", "...",
    "?", "n/a", "n/d", "s/d", "#n/d", "#n/a", "null", "none", "nan", "nao informado", "nao informada",
    "sem informacao", "no informado", "sin informacion", "sin dato", "sin datos", "desconhecido", "desconocido",
    "unknown",
})
# fmt: on
#: Dates that mean "no date": Excel's and Unix's day zero, and the 1900-01-01 many systems default to.
PLACEHOLDER_DATES: frozenset[dt.date] = frozenset(
    {dt.date(1899, 12, 30), dt.date(1899, 12, 31), dt.date(1900, 1, 1), dt.date(1970, 1, 1)}
)

#: Legal-form words at the end of company names in Brazil and Spanish-speaking Latin America, as tokens
#: after punctuation became spaces ("S.A." -> "s a"). Longest first, so "s a s" wins over "s a".
# fmt: off
_SUFFIX_WORDS = (
    "ltda", "limitada", "me", "epp", "mei", "eireli", "eirl", "e i r l", "s a", "sa", "s a s", "sas",
    "s r l", "srl", "s de r l", "de c v", "de cv", "s a c", "sac", "spa", "s p a",
)
# fmt: on
_LEGAL_SUFFIXES: tuple[tuple[str, ...], ...] = tuple(
    sorted((tuple(words.split()) for words in _SUFFIX_WORDS), key=lambda tokens: (-len(tokens), tokens))
)
_PUNCTUATION = re.compile(r"[^\w\s]|_", re.UNICODE)
_BR_NUMBER = re.compile(r"^\s*-?(?:R\$\s*)?(?:\d{1,3}(?:\.\d{3})+|\d+),\d+\s*$")
_DMY_DATE = re.compile(r"^\s*\d{1,2}/\d{1,2}/\d{2,4}\s*$")
_MOJIBAKE = re.compile("\ufffd|Ã[\u0080-\u00bf]|Â[\u00a0-\u00bf]")
_CODE_NAME = re.compile(r"c.?digo|\bcode\b|\bcod\b|\bid\b|cnpj|cpf|\bcep\b|ibge", re.IGNORECASE)


# --------------------------------------------------------------------------------------------------
# Names
# --------------------------------------------------------------------------------------------------


def normalize_name(value: Any) -> str | None:
    """The form of a name used to decide whether two spellings mean the same company or agency.

    Why: "PAPELARIA CENTRAL LTDA.", "Papelaria Central Ltda - ME" and "papelaria  central" are one
    supplier typed three ways. Summing by the raw text splits its money into three smaller piles, and a
    ranking of suppliers comes out wrong. Comparing the normalised form puts them back together.

    What it does: letters to lower case, accents removed, punctuation turned into spaces, spaces
    collapsed, and legal-form words at the end removed (LTDA, ME, EPP, EIRELI, S.A., S/A, SAS, S.R.L.,
    S.A. de C.V., SpA...), repeatedly (so "Ltda - ME" goes entirely). It never removes every word.

    Parameters
    ----------
    value
        A name. Numbers are turned into text; missing values (None, NaN, blank text) give ``None``.

    Returns
    -------
    str or None
        The comparable form, for grouping and matching. Show people the original spelling, not this.

    Examples
    --------
    >>> normalize_name("Papelaria Central LTDA. - ME")
    'papelaria central'
    >>> normalize_name("  Construcciones del Valle, S.A. de C.V. ")
    'construcciones del valle'
    """
    if _is_missing(value):
        return None
    text = unicodedata.normalize("NFKD", str(value))
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).casefold()
    tokens = _PUNCTUATION.sub(" ", text).split()
    if not tokens:
        return None
    stripped = True
    while stripped:
        stripped = False
        for suffix in _LEGAL_SUFFIXES:
            if len(tokens) > len(suffix) and tuple(tokens[-len(suffix) :]) == suffix:
                tokens = tokens[: -len(suffix)]
                stripped = True
                break
    return " ".join(tokens)


def spelling_variants(values: pd.Series, normalizer: Callable[[Any], str | None] = normalize_name) -> pd.DataFrame:
    """Names written more than one way: one row per spelling, grouped by the normalised name.

    Parameters
    ----------
    values
        A column of names (suppliers, agencies, districts...).
    normalizer
        The function deciding which spellings are the same name (default :func:`normalize_name`).

    Returns
    -------
    DataFrame
        Columns ``name`` (the normalised form), ``spelling``, ``rows`` (how many rows use it) and
        ``suggested`` (the group's most common spelling), only for names with two spellings or more;
        the groups with the most rows come first.
    """
    import pandas as pd

    series = _as_series(values, "values")
    counts = _spelling_counts(series, normalizer)
    columns = ["name", "spelling", "rows", "suggested"]
    if counts.empty:
        return pd.DataFrame(columns=columns)
    spellings = counts.groupby("name")["spelling"].transform("size")
    counts = counts[spellings > 1].copy()
    if counts.empty:
        return pd.DataFrame(columns=columns)
    counts["total"] = counts.groupby("name")["rows"].transform("sum")
    counts = counts.sort_values(["total", "name", "rows", "spelling"], ascending=[False, True, False, True])
    counts["suggested"] = counts.groupby("name")["spelling"].transform("first")
    return counts[columns].reset_index(drop=True)


def unify_spellings(values: pd.Series, normalizer: Callable[[Any], str | None] = normalize_name) -> pd.Series:
    """Replace every spelling of a name with its most common spelling.

    Why the most common one: it is the spelling most people typed, usually the official one, and it
    keeps accents and capitals that a normalised form would lose. Ties go to the spelling first in
    alphabetical order, so the result never depends on row order. Missing values stay missing.

    Parameters
    ----------
    values
        A column of names.
    normalizer
        The function deciding which spellings are the same name (default :func:`normalize_name`).

    Returns
    -------
    Series
        Same index and length as ``values``.

    Examples
    --------
    >>> import pandas as pd
    >>> unify_spellings(pd.Series(["Gráfica Boa Ltda", "GRAFICA BOA LTDA.", "Gráfica Boa Ltda"])).tolist()
    ['Gráfica Boa Ltda', 'Gráfica Boa Ltda', 'Gráfica Boa Ltda']
    """
    series = _as_series(values, "values")
    counts = _spelling_counts(series, normalizer)
    if counts.empty:
        return series.copy()
    best = (
        counts.sort_values(["name", "rows", "spelling"], ascending=[True, False, True])
        .drop_duplicates("name")
        .set_index("name")["spelling"]
    )
    keys = series.map(lambda value: None if _is_missing(value) else normalizer(value))
    unified = keys.map(best)
    return unified.where(keys.notna(), series).rename(series.name)


def _spelling_counts(series: pd.Series, normalizer: Callable[[Any], str | None]) -> pd.DataFrame:
    import pandas as pd

    present = series[~series.map(_is_missing)].astype(str)
    if present.empty:
        return pd.DataFrame(columns=["name", "spelling", "rows"])
    counts = present.value_counts().rename_axis("spelling").reset_index(name="rows")
    counts["name"] = counts["spelling"].map(normalizer)
    counts = counts[counts["name"].notna() & (counts["name"] != "")]
    return counts[["name", "spelling", "rows"]]


# --------------------------------------------------------------------------------------------------
# Outliers
# --------------------------------------------------------------------------------------------------


def robust_zscores(
    values: pd.Series, *, scale: Literal["auto", "log", "linear"] = "auto", within: pd.Series | None = None
) -> pd.Series:
    """How unusual each value is: the modified z-score of Iglewicz and Hoaglin (1993).

    ``0.6745 × (value − median) / MAD``, where MAD is the median of the absolute deviations from the
    median. Why not the mean and standard deviation: one absurd value (a 9.999.999,99 placeholder) drags
    both towards itself and hides; the median and the MAD hardly move. Scores beyond 3.5 are the usual
    "look at this" threshold. When more than half the values are equal (MAD = 0), the mean absolute
    deviation is used instead (``(value − median) / (1.253314 × mean deviation)``).

    Parameters
    ----------
    values
        Numbers; missing values get a missing score.
    scale
        ``log`` compares orders of magnitude (right for money, where R$ 5.000 and R$ 5.000.000 are both
        normal contracts); ``linear`` compares plain differences; ``auto`` (default) uses ``log`` when
        every value is positive and the largest is at least 100 times the smallest.
    within
        Optional groups (a column of the same length, e.g. the procurement modality): each value is then
        compared only with its own group, and groups with fewer than 8 values get no score.

    Returns
    -------
    Series
        Scores with the index of ``values`` (missing where no score can be computed).
    """
    import numpy as np
    import pandas as pd

    series = _as_series(values, "values")
    numbers = pd.to_numeric(series, errors="coerce").astype("float64")
    if scale not in ("auto", "log", "linear"):
        raise CivicKitError.of("quality-bad-parameter", name="scale", value=str(scale))
    use_log = scale == "log" or (scale == "auto" and _wide_positive(numbers))
    if use_log:
        numbers = numbers.where(numbers > 0)
        numbers = np.log10(numbers)
    if within is None:
        return _modified_z(numbers).rename(series.name)
    groups = _as_series(within, "within")
    if len(groups) != len(series):
        raise CivicKitError.of("quality-bad-parameter", name="within", value=str(len(groups)))
    scores = pd.Series(np.nan, index=series.index, dtype="float64")
    keys = groups.to_numpy()
    for key in pd.unique(keys):
        mask = (keys == key) if not _is_missing(key) else pd.isna(keys)
        scores[mask] = _modified_z(numbers[mask]).to_numpy()
    return scores.rename(series.name)


def _wide_positive(numbers: pd.Series) -> bool:
    present = numbers.dropna()
    if present.empty or (present <= 0).any():
        return False
    return bool(present.max() >= 100 * present.min())


def _modified_z(numbers: pd.Series) -> pd.Series:
    import numpy as np

    present = numbers.dropna()
    if len(present) < MIN_VALUES_FOR_OUTLIERS:
        return numbers * np.nan
    median = float(present.median())
    deviation = (present - median).abs()
    mad = float(deviation.median())
    if mad > 0:
        return 0.6745 * (numbers - median) / mad
    mean_deviation = float(deviation.mean())
    if mean_deviation > 0:
        return (numbers - median) / (1.253314 * mean_deviation)
    return (numbers - median) * 0.0


# --------------------------------------------------------------------------------------------------
# The report
# --------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class QualityReport:
    """How dirty a table is: what :func:`quality_report` found.

    ``row`` in each issue is the 1-based position in the table (row 1 is the first data row, whatever
    the DataFrame's index says); ``params["key"]`` holds the record's key value when a key was given.
    """

    valid: bool
    """True when no error was found (duplicates, placeholders, impossible dates). Warnings (missing
    values, outliers, spellings) do not make a table invalid: they ask for a look and a decision."""
    stats: Mapping[str, Any]
    """Counts: ``rows``, ``columns``, ``duplicate_rows``, ``duplicate_keys``, ``missing`` (per column),
    ``missing_total``, ``placeholders``, ``bad_dates``, ``impossible_dates``, ``outliers``,
    ``spelling_groups``, ``by_code``, ``issues_total`` and ``issues_truncated``."""
    issues: tuple[Issue, ...]
    """The problems, at most ``limit_issues`` of them."""
    key: tuple[str, ...] = ()

    def count(self, code: str) -> int:
        """How many problems with this code were found (counting those beyond ``limit_issues``)."""
        return int(self.stats.get("by_code", {}).get(code, 0))

    def rows(self, *codes: str) -> list[int]:
        """The 1-based rows with issues of these codes (all codes when none is given), each once."""
        return _unique(issue.row for issue in self._select(codes) if issue.row is not None)

    def records(self, *codes: str) -> list[str]:
        """Key values (e.g. contract numbers) of the rows with issues of these codes, each once.

        Needs a ``key`` in :func:`quality_report`; without one it returns the row numbers as text.
        """
        return _unique(
            str(issue.params.get("key") or issue.row) for issue in self._select(codes) if issue.row is not None
        )

    def _select(self, codes: Sequence[str]) -> list[Issue]:
        return [issue for issue in self.issues if not codes or issue.code in codes]

    def table(self, lang: str | None = None) -> pd.DataFrame:
        """The issues as a table a learner can sort and filter: row, key, column, severity, code, message."""
        import pandas as pd

        records = [
            {
                "row": issue.row,
                "key": issue.params.get("key"),
                "column": issue.column,
                "severity": issue.severity,
                "code": issue.code,
                "message": issue.message(lang),
            }
            for issue in self.issues
        ]
        frame = pd.DataFrame(records, columns=["row", "key", "column", "severity", "code", "message"])
        frame["row"] = frame["row"].astype("Int64")
        return frame

    def summary(self, lang: str | None = None) -> list[str]:
        """The report in a few plain sentences, for a notebook or an e-mail to the data's owner."""
        lang = normalize_language(lang) if lang else get_language()
        stats = self.stats
        none = t("quality.summary.none", lang)
        missing = stats["missing"]
        details = ", ".join(f"{column} {format_number(count, lang)}" for column, count in missing.items()) or none
        lines = [
            t("quality.summary.size", lang, rows=stats["rows"], columns=stats["columns"]),
            t("quality.summary.duplicates", lang, count=stats["duplicate_rows"]),
        ]
        if self.key:
            lines.append(
                t("quality.summary.duplicate-keys", lang, count=stats["duplicate_keys"], key=", ".join(self.key))
            )
        lines += [
            t("quality.summary.missing", lang, count=stats["missing_total"], details=details),
            t("quality.summary.placeholders", lang, count=stats["placeholders"]),
            t("quality.summary.dates", lang, count=stats["bad_dates"] + stats["impossible_dates"]),
            t("quality.summary.outliers", lang, count=stats["outliers"]),
            t("quality.summary.spellings", lang, count=stats["spelling_groups"]),
        ]
        errors = sum(1 for issue in self.issues if issue.severity == "error")
        lines.append(t("quality.summary.valid" if self.valid else "quality.summary.invalid", lang, errors=errors))
        if stats["issues_truncated"]:
            lines.append(t("quality.summary.truncated", lang, count=stats["issues_truncated"]))
        return lines

    def flatten(self, fields: Iterable[str] = ("row", "column", "code")) -> list[list[Any]]:
        """Issues as rows of the chosen fields (compact to assert on in tests)."""
        names = list(fields)
        return [[getattr(issue, name) for name in names] for issue in self.issues]

    def to_dict(self, lang: str | None = None) -> dict[str, Any]:
        """A JSON-ready form (``valid``, ``stats``, ``issues`` with translated messages)."""
        return {
            "valid": self.valid,
            "key": list(self.key),
            "stats": _jsonable(self.stats),
            "issues": [issue.to_dict(lang) for issue in self.issues],
        }


def quality_report(
    df: pd.DataFrame,
    *,
    key: str | Sequence[str] | None = None,
    date_columns: Sequence[str] | None = None,
    numeric_columns: Sequence[str] | None = None,
    category_columns: Sequence[str] | None = None,
    earliest: dt.date | str | None = DEFAULT_EARLIEST,
    latest: dt.date | str | None = None,
    date_order: Sequence[tuple[str, str]] = (),
    outliers_within: str | None = None,
    outlier_threshold: float = 3.5,
    limit_issues: int = DEFAULT_LIMIT_ISSUES,
) -> QualityReport:
    """Find out how dirty a table is before computing anything with it.

    Why: every public table has problems, and they change the answer. Duplicated rows inflate totals, a
    supplier spelled three ways drops down a ranking, a 9.999.999,99 stand-in value makes a small agency
    the biggest spender. The report lists each problem with its row, so you can decide, row by row, what
    to fix, what to drop and what to ask the data's owner about, and say so when you publish.

    The checks, in order: exact duplicate rows; repeated or missing ``key`` values; missing values per
    column (empty cells, blank text); placeholder values (texts such as "A DEFINIR" or "N/A", numbers made
    only of nines such as 9.999.999,99, codes of one repeated digit such as 00000000000000, dates such as
    1900-01-01); unreadable and impossible dates (before ``earliest``, after ``latest``, or in the wrong
    order); outliers by the robust rule of :func:`robust_zscores`; and names spelled more than one way
    (:func:`normalize_name`). Placeholders are reported once, as placeholders, and left out of the date
    and outlier checks.

    Parameters
    ----------
    df
        The table, as read (text columns may still hold dates as text).
    key
        Column(s) that should identify each row (a contract number); repeated or missing keys are errors.
    date_columns
        Columns holding dates; default: the columns with a date type. Text columns named here are read as
        ``yyyy-mm-dd`` or ``dd/mm/yyyy``, and values that are neither are reported.
    numeric_columns
        Columns checked for outliers; default: every numeric column except the key.
    category_columns
        Columns checked for inconsistent spellings; default: text columns (not the key or dates) whose
        values repeat, i.e. with at most half as many distinct values as filled cells.
    earliest, latest
        Dates outside this range are impossible (default: before 1950-01-01; pass the extraction date as
        ``latest`` to catch dates in the future). ``None`` switches a bound off.
    date_order
        Pairs ``(first, second)`` of date columns where ``second`` cannot come before ``first``, such as
        ``("start_date", "end_date")``.
    outliers_within
        A column to compare like with like: each value is judged only against rows with the same value in
        this column (for contracts, the procurement modality).
    outlier_threshold
        Robust score beyond which a value is reported (default 3.5, the usual rule of thumb).
    limit_issues
        Most issues kept in ``issues``; counts in ``stats`` always include every problem.

    Returns
    -------
    QualityReport
        ``valid``, ``stats`` and ``issues``, plus ``summary(lang)``, ``table(lang)`` and ``records(code)``.

    Raises
    ------
    CivicKitError
        ``quality-not-a-table``, ``quality-duplicate-columns``, ``quality-unknown-column`` (a named column
        the table does not have), ``quality-bad-parameter`` (threshold, limit or date that makes no sense).

    Examples
    --------
    >>> import pandas as pd
    >>> table = pd.DataFrame({"id": ["a", "b", "b"], "value": [10.0, 9999.99, 9999.99]})
    >>> report = quality_report(table, key="id")
    >>> report.valid, report.stats["duplicate_rows"], report.stats["placeholders"]
    (False, 1, 2)
    """
    import pandas as pd

    if not isinstance(df, pd.DataFrame):
        raise CivicKitError.of("quality-not-a-table", got=type(df).__name__)
    if df.columns.duplicated().any():
        repeated = ", ".join(map(str, df.columns[df.columns.duplicated()].unique()))
        raise CivicKitError.of("quality-duplicate-columns", columns=repeated)
    keys = _column_list(df, key, "key")
    dates = _column_list(df, date_columns, "date_columns")
    numerics = _column_list(df, numeric_columns, "numeric_columns")
    categories = _column_list(df, category_columns, "category_columns")
    pairs = [tuple(_column_list(df, list(pair), "date_order")) for pair in date_order]
    if any(len(pair) != 2 for pair in pairs):
        raise CivicKitError.of("quality-bad-parameter", name="date_order", value=str(list(date_order)))
    group_column = _column_list(df, outliers_within, "outliers_within")
    low, high = _date_bound(earliest, "earliest"), _date_bound(latest, "latest")
    if isinstance(outlier_threshold, bool) or not isinstance(outlier_threshold, (int, float)):
        raise CivicKitError.of("quality-bad-parameter", name="outlier_threshold", value=str(outlier_threshold))
    if not math.isfinite(outlier_threshold) or outlier_threshold <= 0:
        raise CivicKitError.of("quality-bad-parameter", name="outlier_threshold", value=str(outlier_threshold))
    if isinstance(limit_issues, bool) or not isinstance(limit_issues, int) or limit_issues < 1:
        raise CivicKitError.of("quality-bad-parameter", name="limit_issues", value=str(limit_issues))

    table = df.reset_index(drop=True)
    if date_columns is None:
        dates = [str(c) for c in table.columns if pd.api.types.is_datetime64_any_dtype(table[c])]
    for first, second in pairs:
        dates += [name for name in (first, second) if name not in dates]
    parsed_dates = {name: _to_dates(table[name]) for name in dates}
    if numeric_columns is None:
        numerics = [str(c) for c in table.columns if _is_number_column(table[c]) and c not in keys]
    if category_columns is None:
        categories = [
            str(c)
            for c in table.columns
            if c not in keys and c not in dates and _is_text_column(table[c]) and _repeats(table[c])
        ]

    collector = _Collector(table, keys)
    collector.duplicates()
    collector.missing()
    placeholders = collector.placeholders(parsed_dates)
    collector.dates(parsed_dates, placeholders, low, high, pairs)
    collector.outliers(numerics, placeholders, group_column[0] if group_column else None, float(outlier_threshold))
    collector.spellings(categories, placeholders)

    found = collector.issues
    by_code: dict[str, int] = dict(collector.counts)
    stats = {
        "rows": len(table),
        "columns": len(table.columns),
        "duplicate_rows": by_code.get("quality-duplicate-row", 0),
        "duplicate_keys": by_code.get("quality-duplicate-key", 0),
        "missing_keys": by_code.get("quality-missing-key", 0),
        "missing": dict(collector.missing_counts),
        "missing_total": sum(collector.missing_counts.values()),
        "placeholders": by_code.get("quality-placeholder", 0),
        "bad_dates": by_code.get("quality-bad-date", 0),
        "impossible_dates": by_code.get("quality-date-out-of-range", 0) + by_code.get("quality-date-order", 0),
        "outliers": by_code.get("quality-outlier", 0),
        "spelling_groups": by_code.get("quality-inconsistent-spelling", 0),
        "by_code": by_code,
        "issues_total": len(found),
        "issues_truncated": max(0, len(found) - limit_issues),
    }
    valid = not any(issue.severity == "error" for issue in found)
    return QualityReport(valid, stats, tuple(found[:limit_issues]), tuple(keys))


class _Collector:
    """Runs the checks on one table and keeps the issues and counts (a helper of :func:`quality_report`)."""

    def __init__(self, table: pd.DataFrame, keys: list[str]) -> None:
        self.table = table
        self.keys = keys
        self.issues: list[Issue] = []
        self.counts: dict[str, int] = {}
        self.missing_counts: dict[str, int] = {}
        if keys:
            values = table[keys].astype(str).agg(" / ".join, axis=1) if len(keys) > 1 else table[keys[0]]
            self.key_values = ["" if _is_missing(v) else str(v) for v in values.tolist()]
        else:
            self.key_values = [""] * len(table)

    def add(self, code: str, severity: Severity, position: int | None, column: str | None, **params: Any) -> None:
        self.counts[code] = self.counts.get(code, 0) + 1
        if position is not None:
            key = self.key_values[position]
            params = {"key": key, "record": f" ({key})" if key else "", **params}
        row = None if position is None else position + 1
        self.issues.append(Issue(code, params, severity, row, column))

    def add_cells(
        self, code: str, severity: Severity, column: str, positions: Sequence[int], params: Sequence[Mapping[str, Any]]
    ) -> None:
        """One issue per cell for the first :data:`MAX_PER_COLUMN` cells, then one issue for the rest."""
        for position, extra in list(zip(positions, params, strict=True))[:MAX_PER_COLUMN]:
            self.add(code, severity, position, column, **extra)
        rest = len(positions) - MAX_PER_COLUMN
        if rest > 0:
            self.counts[code] = self.counts.get(code, 0) + rest
            self.issues.append(Issue("quality-more", {"count": rest, "what": code}, "info", None, column))

    # -- checks ------------------------------------------------------------------------------------------

    def duplicates(self) -> None:
        import pandas as pd

        table = self.table
        if table.empty or not len(table.columns):
            return
        comparable = _hashable(table)
        duplicated = comparable.duplicated(keep="first")
        if duplicated.any():
            hashes = pd.util.hash_pandas_object(comparable, index=False)
            first = pd.Series(range(len(table))).groupby(hashes.to_numpy()).transform("min")
            for position in duplicated.to_numpy().nonzero()[0]:
                self.add("quality-duplicate-row", "error", int(position), None, first=int(first.iloc[position]) + 1)
        if not self.keys:
            return
        key_frame = comparable[self.keys]
        absent = key_frame.apply(lambda col: col.map(_is_missing)).any(axis=1)
        for position in absent.to_numpy().nonzero()[0]:
            self.add("quality-missing-key", "error", int(position), ", ".join(self.keys))
        repeated = key_frame.duplicated(keep="first") & ~duplicated & ~absent
        if repeated.any():
            hashes = pd.util.hash_pandas_object(key_frame, index=False)
            first = pd.Series(range(len(table))).groupby(hashes.to_numpy()).transform("min")
            for position in repeated.to_numpy().nonzero()[0]:
                self.add(
                    "quality-duplicate-key",
                    "error",
                    int(position),
                    ", ".join(self.keys),
                    first=int(first.iloc[position]) + 1,
                )

    def missing(self) -> None:
        rows = len(self.table)
        for column in self.table.columns:
            if str(column) in self.keys:
                continue
            count = int(_missing_mask(self.table[column]).sum())
            if count:
                self.missing_counts[str(column)] = count
                self.add(
                    "quality-missing-values",
                    "warning",
                    None,
                    str(column),
                    count=count,
                    percent=100.0 * count / rows,
                )

    def placeholders(self, parsed_dates: Mapping[str, pd.Series]) -> dict[str, pd.Series]:
        """Report stand-in values; return a boolean mask per column for the checks that follow."""
        masks: dict[str, pd.Series] = {}
        for column in self.table.columns:
            name = str(column)
            series = self.table[column]
            if name in parsed_dates and _is_datetime(parsed_dates[name]):
                mask = _placeholder_dates(parsed_dates[name])
            elif _is_number_column(series):
                mask = _all_nines(series)
            elif _is_text_column(series):
                mask = _placeholder_texts(series)
            else:
                continue
            masks[name] = mask
            positions = [int(p) for p in mask.to_numpy().nonzero()[0]]
            if positions:
                self.add_cells(
                    "quality-placeholder",
                    "error",
                    name,
                    positions,
                    [{"value": _display_value(series.iloc[p])} for p in positions],
                )
        return masks

    def dates(
        self,
        parsed: Mapping[str, pd.Series],
        placeholders: Mapping[str, pd.Series],
        low: dt.date | None,
        high: dt.date | None,
        pairs: Sequence[tuple[str, ...]],
    ) -> None:
        import pandas as pd

        for name, values in parsed.items():
            raw = self.table[name]
            skip = placeholders.get(name, pd.Series(False, index=raw.index))
            unreadable = values.isna() & ~_missing_mask(raw) & ~skip
            positions = [int(p) for p in unreadable.to_numpy().nonzero()[0]]
            if positions:
                self.add_cells(
                    "quality-bad-date", "error", name, positions, [{"value": str(raw.iloc[p])} for p in positions]
                )
            bad = pd.Series(False, index=raw.index)
            if low is not None:
                bad |= values < pd.Timestamp(low)
            if high is not None:
                bad |= values > pd.Timestamp(high)
            bad &= ~skip & values.notna()
            positions = [int(p) for p in bad.to_numpy().nonzero()[0]]
            if positions:
                bounds = {
                    "earliest": low.isoformat() if low else "—",
                    "latest": high.isoformat() if high else "—",
                }
                self.add_cells(
                    "quality-date-out-of-range",
                    "error",
                    name,
                    positions,
                    [{"value": values.iloc[p].date().isoformat(), **bounds} for p in positions],
                )
        for first, second in pairs:
            a, b = parsed[first], parsed[second]
            nothing = pd.Series(False, index=a.index)
            skip = placeholders.get(first, nothing) | placeholders.get(second, nothing)
            wrong = (b < a) & a.notna() & b.notna() & ~skip
            positions = [int(p) for p in wrong.to_numpy().nonzero()[0]]
            if positions:
                self.add_cells(
                    "quality-date-order",
                    "error",
                    second,
                    positions,
                    [
                        {
                            "first": first,
                            "second": second,
                            "first_value": a.iloc[p].date().isoformat(),
                            "second_value": b.iloc[p].date().isoformat(),
                        }
                        for p in positions
                    ],
                )

    def outliers(
        self, columns: Sequence[str], placeholders: Mapping[str, pd.Series], within: str | None, threshold: float
    ) -> None:
        import pandas as pd

        for name in columns:
            raw = self.table[name]
            numbers = pd.to_numeric(raw, errors="coerce").astype("float64")
            if name in placeholders:
                numbers = numbers.mask(placeholders[name])
            groups = self.table[within] if within else None
            scores = robust_zscores(numbers, within=groups)
            flagged = scores.abs() > threshold
            if not flagged.any():
                continue
            order = scores.abs()[flagged].sort_values(ascending=False, kind="stable")
            positions = [int(p) for p in order.index]
            if groups is not None:
                typical = numbers.groupby(groups.to_numpy()).transform("median").tolist()
                labels = [f" ({within} = {value})" for value in groups.tolist()]
            else:
                typical = [float(numbers.median())] * len(numbers)
                labels = [""] * len(numbers)
            details = {
                p: {
                    "value": float(numbers.iloc[p]),
                    "median": float(typical[p]),
                    "score": float(scores.iloc[p]),
                    "group": labels[p],
                }
                for p in positions
            }
            self.add_cells("quality-outlier", "warning", name, positions, [details[p] for p in positions])

    def spellings(self, columns: Sequence[str], placeholders: Mapping[str, pd.Series]) -> None:
        for name in columns:
            values = self.table[name]
            if name in placeholders:
                values = values[~placeholders[name]]
            variants = spelling_variants(values)
            if variants.empty:
                continue
            groups = list(variants.groupby("name", sort=False))
            for index, (_, group) in enumerate(groups):
                if index == MAX_PER_COLUMN:
                    rest = len(groups) - MAX_PER_COLUMN
                    self.counts["quality-inconsistent-spelling"] += rest
                    self.issues.append(
                        Issue(
                            "quality-more", {"count": rest, "what": "quality-inconsistent-spelling"}, "info", None, name
                        )
                    )
                    break
                shown = group.head(4)
                listed = " | ".join(f"“{s}” ({n})" for s, n in zip(shown["spelling"], shown["rows"], strict=True))
                if len(group) > 4:
                    listed += " | …"
                self.add(
                    "quality-inconsistent-spelling",
                    "warning",
                    None,
                    name,
                    spellings=len(group),
                    rows=int(group["rows"].sum()),
                    variants=listed,
                    suggested=str(group["suggested"].iloc[0]),
                )


# --------------------------------------------------------------------------------------------------
# Reading naively, and checking totals
# --------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class NaiveRead:
    """What happened when a file was read with plain ``pandas.read_csv`` (see :func:`try_read_csv`)."""

    ok: bool
    """pandas returned a table (which may still be wrong: see ``problems``)."""
    table: pd.DataFrame | None
    """The table pandas produced, or None when it gave up."""
    error: str | None
    """The name of the error pandas raised (``UnicodeDecodeError``, ``ParserError``...), if any."""
    detail: str | None
    """pandas' own message, first line, as a programmer would see it."""
    problems: tuple[Issue, ...] = field(default_factory=tuple)
    """What went wrong, in terms a learner can act on (translated ``issue.naive-*`` messages)."""

    def explain(self, lang: str | None = None) -> list[str]:
        """A headline and one sentence per problem, in ``lang``."""
        lang = normalize_language(lang) if lang else get_language()
        if self.ok and self.table is not None:
            rows, columns = self.table.shape
            headline = t(
                "quality.naive.read" if self.problems else "quality.naive.fine", lang, rows=rows, columns=columns
            )
        else:
            headline = t("quality.naive.failed", lang, error=self.error or "?")
        return [headline, *(f"- {issue.message(lang)}" for issue in self.problems)]


def try_read_csv(source: Any, **options: Any) -> NaiveRead:
    """Read a CSV the way most tutorials do, ``pandas.read_csv(source, **options)``, and report what broke.

    Why: government files rarely follow pandas' defaults (UTF-8, comma, header on line 1, decimal
    point). A crash or a silently mangled table is the most common first experience with open data. This
    helper never raises: it returns the table (if any), the error (if any) and a translated explanation of
    each symptom (wrong encoding, wrong separator, title line taken as header, garbled accents, numbers
    and dates left as text, codes that lost their leading zeros, an empty extra column).

    Parameters
    ----------
    source
        A path or file-like object, as for ``pandas.read_csv``.
    **options
        Passed to ``pandas.read_csv`` unchanged (``encoding=``, ``sep=``, ``skiprows=``...).

    Returns
    -------
    NaiveRead
        ``ok``, ``table``, ``error``, ``detail``, ``problems``, and ``explain(lang)``.
    """
    import pandas as pd

    try:
        table = pd.read_csv(source, **options)
    except UnicodeDecodeError as error:
        issue = Issue("naive-encoding", {"encoding": error.encoding, "position": error.start}, "error")
        return NaiveRead(False, None, type(error).__name__, _first_line(error), (issue,))
    except pd.errors.ParserError as error:
        match = re.search(r"Expected (\d+) fields in line (\d+), saw (\d+)", str(error))
        params = {"expected": int(match[1]), "line": int(match[2]), "saw": int(match[3])} if match else {}
        code = "naive-fields" if match else "naive-parser"
        return NaiveRead(False, None, type(error).__name__, _first_line(error), (Issue(code, params, "error"),))
    except pd.errors.EmptyDataError as error:
        return NaiveRead(False, None, type(error).__name__, _first_line(error), (Issue("naive-empty", {}, "error"),))
    except FileNotFoundError as error:
        issue = Issue("naive-file-missing", {"path": str(source)}, "error")
        return NaiveRead(False, None, type(error).__name__, _first_line(error), (issue,))
    except Exception as error:  # noqa: BLE001 - this helper exists to turn any failure into an explanation
        issue = Issue("naive-other", {"error": type(error).__name__}, "error")
        return NaiveRead(False, None, type(error).__name__, _first_line(error), (issue,))
    return NaiveRead(True, table, None, None, tuple(_naive_symptoms(table)))


def _naive_symptoms(table: pd.DataFrame) -> list[Issue]:
    import pandas as pd

    problems: list[Issue] = []
    names = [str(c) for c in table.columns]
    if len(names) == 1:
        problems.append(Issue("naive-one-column", {"column": names[0][:60]}, "error"))
    if not isinstance(table.index, pd.RangeIndex):
        problems.append(Issue("naive-rows-shifted", {}, "error"))
    unnamed = [n for n in names if n.startswith("Unnamed:")]
    empty_unnamed = [n for n in unnamed if table[n].isna().all()]
    if any(len(n) > 60 for n in names) or len(unnamed) - len(empty_unnamed) >= max(1, len(names) // 2):
        problems.append(Issue("naive-title-as-header", {"column": max(names, key=len)[:60]}, "error"))
    if empty_unnamed:
        problems.append(Issue("naive-empty-column", {"columns": ", ".join(empty_unnamed)}, "warning"))
    sample = table.head(200)
    text_columns = [c for c in sample.columns if _is_text_column(sample[c])]
    garbled = [str(c) for c in sample.columns if _MOJIBAKE.search(str(c))]
    garbled += [
        str(c) for c in text_columns if str(c) not in garbled and sample[c].astype(str).str.contains(_MOJIBAKE).any()
    ]
    if garbled:
        problems.append(Issue("naive-mojibake", {"columns": _few(garbled), "count": len(garbled)}, "error"))
    numbers = [str(c) for c in text_columns if _share_matching(sample[c], _BR_NUMBER) >= 0.8]
    if numbers:
        problems.append(Issue("naive-numbers-as-text", {"columns": _few(numbers), "count": len(numbers)}, "error"))
    dates = [str(c) for c in text_columns if _share_matching(sample[c], _DMY_DATE) >= 0.8]
    if dates:
        problems.append(Issue("naive-dates-as-text", {"columns": _few(dates), "count": len(dates)}, "warning"))
    codes = [
        str(c)
        for c in table.columns
        if pd.api.types.is_integer_dtype(table[c]) and _CODE_NAME.search(_plain_text(str(c)) + " " + str(c))
    ]
    if codes:
        problems.append(Issue("naive-codes-as-numbers", {"columns": _few(codes), "count": len(codes)}, "warning"))
    return problems


@dataclass(frozen=True)
class TotalsComparison:
    """Our sums next to the published totals (see :func:`compare_totals`)."""

    table: pd.DataFrame
    """One row per group and column: ``group``, ``column``, ``reference_column``, ``ours``, ``reference``,
    ``difference`` (ours − reference, in currency units), ``missing`` (cells without a value) and ``match``."""
    currency: str = "R$"

    @property
    def all_match(self) -> bool:
        """True when every total matches the published one."""
        return bool(len(self.table)) and bool(self.table["match"].all())

    def summary(self, lang: str | None = None) -> list[str]:
        """One line per group and column, with a ✔ or ✘ said in words too (for screen readers)."""
        lang = normalize_language(lang) if lang else get_language()
        lines = []
        for row in self.table.itertuples(index=False):
            ours = "—" if _is_missing(row.ours) else format_money(float(row.ours), lang, self.currency)
            theirs = "—" if _is_missing(row.reference) else format_money(float(row.reference), lang, self.currency)
            if row.match:
                lines.append(t("quality.totals.match", lang, group=str(row.group), column=row.column, ours=ours))
            else:
                difference = (
                    "—" if _is_missing(row.difference) else format_money(float(row.difference), lang, self.currency)
                )
                lines.append(
                    t(
                        "quality.totals.mismatch",
                        lang,
                        group=str(row.group),
                        column=row.column,
                        ours=ours,
                        reference=theirs,
                        difference=difference,
                    )
                )
        verdict = "quality.totals.all-match" if self.all_match else "quality.totals.not-all-match"
        lines.append(t(verdict, lang))
        return lines

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready rows."""
        return {
            "all_match": self.all_match,
            "rows": [{k: _json_scalar(v) for k, v in r.items()} for r in self.table.to_dict("records")],
        }


def compare_totals(
    table: pd.DataFrame,
    reference: pd.DataFrame,
    *,
    by: str | tuple[str, str],
    columns: Mapping[str, str] | None = None,
    tolerance: float = 0.0,
    currency: str = "R$",
) -> TotalsComparison:
    """Sum our table by group and compare with the totals the publisher shows, to the cent.

    Why: a file can lose rows on the way (a broken line, a footer, a download cut short) or be read with
    the wrong decimal mark, and nothing warns you. If our sums equal the portal's own totals, the file we
    analyse is the file they published; if not, the difference tells how much is missing.

    Sums are exact: every value is rounded to cents and added as an integer, so 0,1 + 0,2 is 0,3 exactly.

    Parameters
    ----------
    table
        Our data, one row per item (a budget line).
    reference
        The published totals, one row per group (a year).
    by
        The group column: one name used in both tables, or ``(ours, theirs)`` when the names differ, such
        as ``("Exercício", "year")``.
    columns
        ``{our column: reference column}``. Default: pair each numeric reference column with our column of
        the same name once accents, case, units in brackets and punctuation are ignored (``"Pago (R$)"``
        pairs with ``pago``).
    tolerance
        Largest difference still called a match, in currency units (default 0: exact to the cent).
    currency
        Symbol used in the summary.

    Returns
    -------
    TotalsComparison
        ``table``, ``all_match`` and ``summary(lang)``.

    Raises
    ------
    CivicKitError
        ``quality-not-a-table``, ``quality-unknown-column``, ``quality-totals-no-columns`` (nothing to pair),
        ``quality-totals-not-numeric`` (a column still holds text, e.g. "1.234,56": read it as numbers first),
        ``quality-bad-parameter`` (negative tolerance).
    """
    import numpy as np
    import pandas as pd

    for name, frame in (("table", table), ("reference", reference)):
        if not isinstance(frame, pd.DataFrame):
            raise CivicKitError.of("quality-not-a-table", got=f"{name}: {type(frame).__name__}")
    if isinstance(tolerance, bool) or not isinstance(tolerance, (int, float)) or not tolerance >= 0:
        raise CivicKitError.of("quality-bad-parameter", name="tolerance", value=str(tolerance))
    ours_by, theirs_by = (by, by) if isinstance(by, str) else tuple(by)
    _column_list(table, ours_by, "by")
    _column_list(reference, theirs_by, "by")
    if columns is None:
        ours_by_label = {_label(c): str(c) for c in table.columns if str(c) != ours_by}
        pairs = {
            ours_by_label[_label(c)]: str(c)
            for c in reference.columns
            if str(c) != theirs_by and _is_number_column(reference[c]) and _label(c) in ours_by_label
        }
    else:
        pairs = {str(k): str(v) for k, v in dict(columns).items()}
        _column_list(table, list(pairs), "columns")
        _column_list(reference, list(pairs.values()), "columns")
    if not pairs:
        raise CivicKitError.of("quality-totals-no-columns")
    for name in pairs:
        if not _is_number_column(table[name]):
            raise CivicKitError.of("quality-totals-not-numeric", column=name)

    limit = round(tolerance * 100)
    ours_groups = table[ours_by]
    theirs_groups = reference[theirs_by]
    groups = list(pd.unique(pd.concat([ours_groups, theirs_groups], ignore_index=True).dropna()))
    with contextlib.suppress(TypeError):  # mixed types (2024 and "2024"): keep first-seen order
        groups.sort()
    rows = []
    for ours_name, theirs_name in pairs.items():
        values = pd.to_numeric(table[ours_name], errors="coerce")
        cents = np.round(values.to_numpy(dtype="float64") * 100)
        published = pd.to_numeric(reference[theirs_name], errors="coerce").to_numpy(dtype="float64")
        for group in groups:
            mine = (ours_groups == group).to_numpy()
            theirs = (theirs_groups == group).to_numpy()
            ours_cents = int(np.nansum(cents[mine]).astype("int64")) if mine.any() else None
            missing = int(np.isnan(cents[mine]).sum())
            their_cents = (
                round(float(np.nansum(published[theirs])) * 100)
                if theirs.any() and not np.isnan(published[theirs]).all()
                else None
            )
            difference = None if ours_cents is None or their_cents is None else ours_cents - their_cents
            rows.append(
                {
                    "group": group,
                    "column": ours_name,
                    "reference_column": theirs_name,
                    "ours": None if ours_cents is None else ours_cents / 100,
                    "reference": None if their_cents is None else their_cents / 100,
                    "difference": None if difference is None else difference / 100,
                    "missing": missing,
                    "match": difference is not None and abs(difference) <= limit,
                }
            )
    frame = pd.DataFrame(rows)
    for name in ("ours", "reference", "difference"):
        frame[name] = frame[name].astype("float64")
    return TotalsComparison(frame, currency)


# --------------------------------------------------------------------------------------------------
# A messy copy for practice
# --------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class MessyTable:
    """A damaged copy of a table and the record of every damage (see :func:`make_messy`)."""

    table: pd.DataFrame
    """The messy table, as if received from a colleague's merged spreadsheets."""
    planted: Mapping[str, Any]
    """What was done: ``duplicated`` (keys or rows copied twice), ``respelled`` (name column changed),
    ``blanked`` (per column), ``decimal_shift`` (values multiplied by 100), and the matching counts."""

    def summary(self, lang: str | None = None) -> list[str]:
        """What was planted, in plain words (to compare with what the quality report found)."""
        lang = normalize_language(lang) if lang else get_language()
        planted = self.planted
        blanks = ", ".join(f"{c} {format_number(len(v), lang)}" for c, v in planted["blanked"].items())
        return [
            t("quality.messy.duplicated", lang, count=len(planted["duplicated"])),
            t("quality.messy.respelled", lang, count=len(planted["respelled"])),
            t("quality.messy.blanked", lang, count=sum(len(v) for v in planted["blanked"].values()), details=blanks),
            t("quality.messy.shifted", lang, count=len(planted["decimal_shift"])),
        ]


def make_messy(
    df: pd.DataFrame,
    *,
    seed: int,
    key: str | None = None,
    name_column: str | None = None,
    value_column: str | None = None,
    blank_columns: Sequence[str] = (),
    duplicates: int = 8,
    respellings: int = 30,
    blanks: int = 12,
    decimal_shifts: int = 1,
) -> MessyTable:
    """Copy a clean table and damage it the way hand-made spreadsheets get damaged, recording each damage.

    Why: learning to clean data needs dirty data whose dirt is *known*, so learners can check whether
    their report found everything. The damage imitates what happens when monthly spreadsheets are merged
    and retyped: rows pasted twice (right below the original), names retyped in capitals, without
    accents or with another legal suffix, cells left blank, and a decimal comma lost (12.345,67 typed as
    1234567, a value 100 times too large) in one of the smallest values. The same ``seed`` always gives
    the same copy, so a whole class sees the same table.

    Parameters
    ----------
    df
        The clean table (it is not modified).
    seed
        Makes the damage reproducible.
    key
        Column identifying rows (a contract number); ``planted`` then lists key values instead of
        positions.
    name_column
        Column whose names get retyped (``respellings`` rows). Every new spelling has the same
        :func:`normalize_name` as the original, so it can be merged back.
    value_column
        Numeric column where ``decimal_shifts`` values are multiplied by 100.
    blank_columns
        Columns where ``blanks`` cells in total are emptied.
    duplicates, respellings, blanks, decimal_shifts
        How many of each damage to plant (capped by the table's size).

    Returns
    -------
    MessyTable
        ``table`` and ``planted``.

    Raises
    ------
    CivicKitError
        ``quality-not-a-table``, ``quality-unknown-column``, ``quality-bad-parameter`` (negative counts,
        a value column that is not numeric).
    """
    import pandas as pd

    if not isinstance(df, pd.DataFrame):
        raise CivicKitError.of("quality-not-a-table", got=type(df).__name__)
    for name, count in (
        ("duplicates", duplicates),
        ("respellings", respellings),
        ("blanks", blanks),
        ("decimal_shifts", decimal_shifts),
        ("seed", seed),
    ):
        if isinstance(count, bool) or not isinstance(count, int) or (count < 0 and name != "seed"):
            raise CivicKitError.of("quality-bad-parameter", name=name, value=str(count))
    _column_list(df, key, "key")
    _column_list(df, name_column, "name_column")
    _column_list(df, value_column, "value_column")
    _column_list(df, list(blank_columns), "blank_columns")
    if value_column is not None and not _is_number_column(df[value_column]):
        raise CivicKitError.of("quality-bad-parameter", name="value_column", value=value_column)

    rng = random.Random(seed)
    table = df.reset_index(drop=True).copy()
    label = (lambda p: str(table.at[p, key])) if key else (lambda p: str(p + 1))
    planted: dict[str, Any] = {"duplicated": [], "respelled": [], "blanked": {}, "decimal_shift": []}

    if name_column is not None and respellings:
        names = table[name_column]
        candidates = [
            p for p in range(len(table)) if not _is_missing(names.iloc[p]) and not _is_placeholder_text(names.iloc[p])
        ]
        for position in sorted(rng.sample(candidates, min(respellings, len(candidates)))):
            original = str(names.iloc[position])
            variant = _respell(original, rng)
            if variant != original:
                table.at[position, name_column] = variant
                planted["respelled"].append(label(position))

    if value_column is not None and decimal_shifts:
        values = pd.to_numeric(table[value_column], errors="coerce")
        ordinary = values[(values > 0) & ~_all_nines(values)]
        cutoff = ordinary.quantile(0.10) if not ordinary.empty else None
        small = [int(p) for p in ordinary.index if cutoff is not None and ordinary[p] <= cutoff]
        for position in sorted(rng.sample(small, min(decimal_shifts, len(small)))):
            table.at[position, value_column] = round(float(values[position]) * 100, 2)
            planted["decimal_shift"].append(label(position))

    if blank_columns and blanks:
        cells = [(p, c) for c in blank_columns for p in range(len(table)) if not _is_missing(table.at[p, c])]
        chosen = sorted(
            rng.sample(cells, min(blanks, len(cells))), key=lambda cell: (list(blank_columns).index(cell[1]), cell[0])
        )
        for position, column in chosen:
            table.at[position, column] = None
            planted["blanked"].setdefault(column, []).append(label(position))
    for column in blank_columns:
        planted["blanked"].setdefault(column, [])

    if duplicates:
        chosen_rows = sorted(rng.sample(range(len(table)), min(duplicates, len(table))))
        planted["duplicated"] = [label(p) for p in chosen_rows]
        order: list[int] = []
        marked = set(chosen_rows)
        for position in range(len(table)):
            order.append(position)
            if position in marked:
                order.append(position)
        table = table.iloc[order].reset_index(drop=True)

    counts = {f"{name}_count": len(value) for name, value in planted.items() if isinstance(value, list)}
    counts["blanked_count"] = sum(len(v) for v in planted["blanked"].values())
    return MessyTable(table, {**planted, **counts})


def _respell(name: str, rng: random.Random) -> str:
    """Another spelling of ``name`` with the same :func:`normalize_name`; ``name`` itself if none is found."""
    words = name.split()
    suffix_forms = ["Ltda.", "LTDA", "Ltda - ME", "Ltda ME", "LTDA EPP", ""]
    changes: list[Callable[[str], str]] = [
        str.upper,
        lambda s: _strip_accents(s).upper(),
        str.lower,
        lambda s: "  ".join(s.split(" ", 1)) if " " in s else s,
        lambda s: s + " ",
        lambda s: _strip_accents(s),
    ]
    if len(words) > 1 and _is_suffix(words[-1]):
        changes.append(lambda s: " ".join([*s.split()[:-1], rng.choice(suffix_forms)]).strip())
    if "S.A." in name:
        changes.append(lambda s: s.replace("S.A.", rng.choice(["S/A", "SA", "S. A."])))
    target = normalize_name(name)
    for _ in range(12):
        picked = rng.sample(changes, rng.choice((1, 1, 2)))
        variant = name
        for change in picked:
            variant = change(variant)
        if variant != name and normalize_name(variant) == target:
            return variant
    return name


def _is_suffix(word: str) -> bool:
    tokens = tuple(_PUNCTUATION.sub(" ", _plain_text(word)).split())
    return tokens in _LEGAL_SUFFIXES


# --------------------------------------------------------------------------------------------------
# Small helpers
# --------------------------------------------------------------------------------------------------


def _is_datetime(series: pd.Series) -> bool:
    import pandas as pd

    return bool(pd.api.types.is_datetime64_any_dtype(series))


def _is_missing(value: Any) -> bool:
    if value is None:
        return True
    if isinstance(value, str):
        return not value.strip()
    try:
        import pandas as pd

        result = pd.isna(value)
    except (TypeError, ValueError):
        return False
    return bool(result) if isinstance(result, (bool, int)) or getattr(result, "ndim", 1) == 0 else False


def _missing_mask(series: pd.Series) -> pd.Series:
    mask = series.isna()
    if _is_text_column(series):
        mask |= series.map(lambda v: isinstance(v, str) and not v.strip()).astype(bool)
    return mask


def _is_text_column(series: pd.Series) -> bool:
    import pandas as pd

    return bool(pd.api.types.is_object_dtype(series) or isinstance(series.dtype, pd.StringDtype))


def _is_number_column(series: pd.Series) -> bool:
    import pandas as pd

    return bool(pd.api.types.is_numeric_dtype(series) and not pd.api.types.is_bool_dtype(series))


def _repeats(series: pd.Series) -> bool:
    present = series[~_missing_mask(series)]
    if len(present) < 2:
        return False
    try:
        distinct = present.astype(str).nunique()
    except TypeError:
        return False
    return 2 <= distinct <= len(present) / 2


def _plain_text(value: str) -> str:
    text = unicodedata.normalize("NFKD", value)
    return "".join(ch for ch in text if not unicodedata.combining(ch)).casefold()


def _strip_accents(value: str) -> str:
    text = unicodedata.normalize("NFKD", value)
    return unicodedata.normalize("NFC", "".join(ch for ch in text if not unicodedata.combining(ch)))


def _is_placeholder_text(value: Any) -> bool:
    if not isinstance(value, str):
        return False
    plain = " ".join(_plain_text(value).split())
    if plain in PLACEHOLDER_TEXTS:
        return True
    digits = re.sub(r"[\s./-]", "", plain)
    return len(digits) >= 5 and digits.isdigit() and len(set(digits)) == 1


def _placeholder_texts(series: pd.Series) -> pd.Series:
    return series.map(_is_placeholder_text).astype(bool)


def _all_nines(series: pd.Series) -> pd.Series:
    """Numbers written only with nines (9999, 99999.99, -9999999.99): a classic "no value" filler."""
    import numpy as np
    import pandas as pd

    numbers = pd.to_numeric(series, errors="coerce").astype("float64").abs()
    whole = np.floor(numbers)
    cents = np.round((numbers - whole) * 100)
    with np.errstate(divide="ignore", invalid="ignore"):
        digits = np.log10(whole + 1)
    nines = (whole >= 9999) & np.isclose(digits, np.round(digits)) & ((cents == 0) | (cents == 99))
    return pd.Series(nines.fillna(False).to_numpy(dtype=bool), index=series.index)


def _placeholder_dates(values: pd.Series) -> pd.Series:
    import pandas as pd

    stamps = {pd.Timestamp(day) for day in PLACEHOLDER_DATES}
    return values.dt.normalize().isin(stamps).fillna(False).astype(bool)


def _to_dates(series: pd.Series) -> pd.Series:
    """Dates from a date column, or from text written ``yyyy-mm-dd`` or ``dd/mm/yyyy`` (others -> NaT)."""
    import pandas as pd

    if pd.api.types.is_datetime64_any_dtype(series):
        return series.astype("datetime64[ns]") if series.dt.tz is None else series.dt.tz_localize(None)
    text = series.map(lambda v: None if _is_missing(v) else str(v).strip())
    iso = pd.to_datetime(
        text.where(text.str.match(r"^\d{4}-\d{2}-\d{2}", na=False)).str[:10], format="%Y-%m-%d", errors="coerce"
    )
    dmy = pd.to_datetime(text.where(text.str.match(_DMY_DATE, na=False)), format="%d/%m/%Y", errors="coerce")
    return iso.fillna(dmy).astype("datetime64[ns]")


def _hashable(table: pd.DataFrame) -> pd.DataFrame:
    """The table with cells that cannot be hashed (lists, dicts) replaced by their text."""
    out = table.copy()
    for column in out.columns:
        if _is_object(out[column]) and out[column].map(lambda v: isinstance(v, (list, dict, set))).any():
            out[column] = out[column].map(repr)
    return out


def _is_object(series: pd.Series) -> bool:
    import pandas as pd

    return bool(pd.api.types.is_object_dtype(series))


def _column_list(df: pd.DataFrame, names: str | Sequence[str] | None, parameter: str) -> list[str]:
    if names is None:
        return []
    wanted = [names] if isinstance(names, str) else list(names)
    present = {str(c) for c in df.columns}
    unknown = [str(n) for n in wanted if str(n) not in present]
    if unknown:
        available = ", ".join(map(str, list(df.columns)[:20])) + (" …" if len(df.columns) > 20 else "")
        raise CivicKitError.of(
            "quality-unknown-column", parameter=parameter, columns=", ".join(unknown), available=available
        )
    return [str(n) for n in wanted]


def _date_bound(value: dt.date | str | None, name: str) -> dt.date | None:
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value).strip()[:10])
    except ValueError:
        raise CivicKitError.of("quality-bad-parameter", name=name, value=str(value)) from None


def _as_series(values: Any, name: str) -> pd.Series:
    import pandas as pd

    if isinstance(values, pd.Series):
        return values
    if isinstance(values, (list, tuple)):
        return pd.Series(list(values), dtype="object")
    raise CivicKitError.of("quality-not-a-column", parameter=name, got=type(values).__name__)


def _display_value(value: Any) -> Any:
    """A cell as a message parameter: numbers stay numbers (formatted per language), dates as ISO text."""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, (int, float)) or type(value).__module__ == "numpy":
        try:
            return float(value)
        except (TypeError, ValueError):
            return str(value)
    if hasattr(value, "date") and callable(value.date):
        return value.date().isoformat()
    return str(value)


def _share_matching(series: pd.Series, pattern: re.Pattern[str]) -> float:
    present = series.dropna().astype(str)
    present = present[present.str.strip() != ""]
    if present.empty:
        return 0.0
    return float(present.str.match(pattern).mean())


def _label(name: Any) -> str:
    """A column name reduced for pairing: no accents, case, units in brackets or punctuation."""
    text = _plain_text(re.sub(r"\([^)]*\)", " ", str(name)))
    return " ".join(re.sub(r"[^a-z0-9]+", " ", text).split())


def _first_line(error: BaseException) -> str:
    text = str(error).strip().splitlines()
    return (text[0] if text else type(error).__name__)[:200]


def _few(names: Sequence[str], limit: int = 3) -> str:
    shown = ", ".join(names[:limit])
    return shown + (" …" if len(names) > limit else "")


def _unique(values: Iterable[Any]) -> list[Any]:
    seen: dict[Any, None] = {}
    for value in values:
        seen.setdefault(value, None)
    return list(seen)


def _json_scalar(value: Any) -> Any:
    if _is_missing(value):
        return None
    if hasattr(value, "item"):
        return value.item()
    return value


def _jsonable(value: Any) -> Any:
    if isinstance(value, Mapping):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    return _json_scalar(value)
