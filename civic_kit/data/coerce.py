"""Text cells in, typed columns out: numbers, dates, codes, yes/no and missing markers as portals write them.

Third step of :func:`civic_kit.data.govcsv.read_gov_csv`. Every column arrives as text and leaves with
one of six types:

========== ===================================================================================
``integer`` whole numbers (``int64``, or ``Int64`` when some cells are missing)
``number``  decimals, money and percentages (``float64``): ``1.234,56``, ``R$ 1.234,50``,
            ``(1.234,50)`` (an accounting negative), ``12,5%`` (read as 12.5)
``date``    ``d/m/yyyy``, ``dd/mm/yy``, ``yyyy-mm-dd``, ``dd-mm-yyyy``, optionally with a time and AM/PM
``boolean`` Sim/Não, Sí/No, S/N, Yes/No, true/false, and 1/0 when the column name says yes/no
``code``    identifiers kept as text so leading zeros survive: IBGE, CEP, CNPJ, CPF, phones...
``string``  anything else
========== ===================================================================================

Why per file and not per cell: ``1.234`` is one thousand two hundred and thirty-four in Brazil and one
point two three four in Mexico. The decimal mark is decided from all numeric-looking columns together
(``1.234,56`` and ``12,5`` vote for a comma; ``1,234.56`` and ``1.5`` for a point), and a column whose
values could be read both ways follows that majority, with a warning.

Speed: each column is factorised first, so every distinct value is examined once. Type decisions look at
up to 5,000 distinct values spread across the column; whole-column checks and conversions run as single
regular-expression passes over the joined values (:class:`civic_kit.data.textscan.Lines`), string
replacements and one numpy conversion -- no Python loop per cell. Conversions always cover every value,
and any value that does not convert is reported with its line numbers, never dropped silently.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from civic_kit.data.sniff import format_lines
from civic_kit.data.textscan import Lines
from civic_kit.problems import Issue

__all__ = ["MISSING_MARKERS", "TYPES", "TypedTable", "type_columns"]

#: The column types :func:`type_columns` can infer.
TYPES: tuple[str, ...] = ("integer", "number", "date", "boolean", "code", "string")

#: Cell values that mean "no data" on Latin American portals (compared ignoring case). ``x`` -- used by
#: IBGE and others for suppressed values -- counts only in numeric columns.
MISSING_MARKERS: frozenset[str] = frozenset(
    {"", "-", "--", "---", "na", "n/a", "n/d", "s/d", "s/i", "null", "#n/d", "#n/a", "...", "…", "—", "–", "nan"}
)

_SAMPLE = 5000
_THRESHOLD = 0.9
_SHOWN_OUTLIERS = 3

_INT = r"\d+|[1-9]\d{0,2}(?: \d{3})+"
# Well-formed numbers for each decimal mark: plain digits, or digit groups of three (marks or spaces)
# after a first group of one to three digits not starting with 0, then optional decimals.
_VALID = {
    ",": r"(?:[1-9]\d{0,2}(?:[. ]\d{3})+|\d+)(?:,\d+)?",
    ".": r"(?:[1-9]\d{0,2}(?:[, ]\d{3})+|\d+)(?:\.\d+)?",
}

_DATE = re.compile(
    r"""^(?:(?P<y1>\d{4})(?P<j1>[-/.])(?P<m1>\d{1,2})(?P=j1)(?P<d1>\d{1,2})
       |(?P<a>\d{1,2})(?P<j2>[-/.])(?P<b>\d{1,2})(?P=j2)(?P<y2>\d{4}|\d{2}))
    (?:(?:[ T]|\s+)(?P<hh>\d{1,2}):(?P<mm>\d{2})(?::(?P<ss>\d{2})(?:[.,]\d+)?)?
       \s*(?P<ampm>[AaPp]\.?\s?[Mm]\.?)?)?$""",
    re.VERBOSE,
)

_CODE_MASKS = "|".join(
    [
        r"\d{5}-\d{3}",  # CEP (Brazilian postcode)
        r"\d{2}\.\d{3}\.\d{3}/\d{4}-\d{2}",  # CNPJ
        r"\d{3}\.\d{3}\.\d{3}-\d{2}",  # CPF
        r"\(?\d{2,3}\)?[ -]?\d{4,5}-\d{4}",  # phone with area code
        r"\+\d{1,3}[ -]?\(?\d{1,3}\)?[ -]?\d{3,5}[ -]?\d{4}",  # international phone
        r"\d+(?:\.\d+){2,}",  # dotted classification codes such as 3.3.90.39 (checked against thousands)
    ]
)
_THOUSANDS_ONLY = r"[1-9]\d{0,2}(?:\.\d{3})+"
# Words in a column name that say "identifier" (accents removed, compared per word).
_CODE_HINTS = frozenset(
    {
        *("codigo", "codigos", "cod", "id", "cep", "cnpj", "cpf", "ibge", "ubigeo", "dane", "indec", "inep"),
        *("cnes", "nis", "pis", "cuit", "cuil", "rut", "rfc", "curp", "nit", "dni", "telefone", "telefono"),
        *("fone", "tel", "celular", "matricula", "cbo", "cnae", "ncm", "siafi", "processo", "expediente"),
        *("uasg", "clave", "folio"),
    }
)
# Words in a column name that say "yes/no", needed before a 1/0 column is read as boolean.
_BOOLEAN_HINTS = frozenset(
    {
        *("ativo", "ativa", "activo", "activa", "tem", "possui", "tiene", "has", "is", "flag", "fl", "ind"),
        *("indicador", "eh", "es", "booleano", "boolean"),
    }
)
_BOOLEAN_PAIRS: tuple[tuple[frozenset[str], frozenset[str]], ...] = (
    (frozenset({"sim", "s"}), frozenset({"não", "nao", "n"})),
    (frozenset({"si", "sí", "s"}), frozenset({"no", "n"})),
    (frozenset({"yes", "y"}), frozenset({"no", "n"})),
    (frozenset({"true", "verdadeiro", "verdadero", "v"}), frozenset({"false", "falso", "f"})),
    (frozenset({"1"}), frozenset({"0"})),
)


@dataclass(frozen=True)
class TypedTable:
    """The typed columns and what was learned while typing them."""

    frame: pd.DataFrame
    types: dict[str, str]
    """Column name -> one of :data:`TYPES`."""
    decimal: str
    """``","`` or ``"."``: the decimal mark used for the file's numbers."""
    thousands: str | None
    """``"."``, ``","``, ``" "`` or None: the digit-group separator seen in the numbers."""
    missing: dict[str, int]
    """Column name -> number of missing cells after typing."""
    issues: tuple[Issue, ...] = ()


@dataclass
class _Column:
    """One column, factorised: each distinct stripped value once, plus row -> value codes."""

    name: str
    codes: np.ndarray
    """Row -> position in ``values``; -1 where the cell is empty or absent."""
    values: list[str]
    counts: np.ndarray
    """Rows holding each value."""
    marker: np.ndarray
    """Which values are "no data" markers."""
    scan: Lines
    kind: str = "string"
    votes: dict[str, int] = field(default_factory=dict)
    ambiguous: list[str] = field(default_factory=list)


def type_columns(
    frame: pd.DataFrame,
    lines: np.ndarray,
    *,
    decimal: str | None = None,
    dayfirst: bool = True,
    separator: str | None = None,
) -> TypedTable:
    """Infer and convert the type of every column of ``frame`` (all cells text or missing).

    Parameters
    ----------
    frame
        Text cells; missing cells as NaN.
    lines
        The 1-based line number in the file of each row, used to locate problems.
    decimal
        Force the decimal mark (``","`` or ``"."``) instead of deciding it from the numbers.
    dayfirst
        Read ``01/02/2024`` as 1 February when the values themselves do not tell (default, as in
        pt-BR and es); a column with values like ``04/25/2024`` is read month-first regardless.
    separator
        The column separator; a ``;`` file with no unambiguous number is assumed to use decimal commas.
    """
    issues: list[Issue] = []
    columns = [_prepare(str(name), frame[name]) for name in frame.columns]
    for column in columns:
        _classify(column)
    chosen, guessed = _decide_decimal(columns, decimal, separator)
    if guessed:
        issues.append(Issue("csv-decimal-guessed", {"decimal": chosen}, severity="warning"))
    converted: dict[str, pd.Series] = {}
    types: dict[str, str] = {}
    grouping: dict[str, int] = {}
    for column in columns:
        series, kind = _convert(column, lines, chosen, decimal is not None, dayfirst, issues, grouping)
        converted[column.name] = series
        types[column.name] = kind
    typed = pd.DataFrame(converted, index=pd.RangeIndex(len(frame)))
    missing = {name: int(typed[name].isna().sum()) for name in typed.columns}
    thousands = max(grouping, key=lambda k: grouping[k]) if grouping else None
    return TypedTable(typed, types, chosen, thousands, missing, tuple(issues))


# -- preparation and classification -----------------------------------------------------------------

_LONGEST_MARKER = max(map(len, MISSING_MARKERS))
_NUMERIC_MARKERS = frozenset({"x"})


def _prepare(name: str, series: pd.Series) -> _Column:
    codes, uniques = pd.factorize(series)
    values = uniques.tolist()
    scan = Lines(values)
    padded = scan.padded() or not scan.clean
    if padded or "" in values:
        stripped = pd.Series(values, dtype=object).str.strip() if padded else pd.Series(values, dtype=object)
        second, uniques = pd.factorize(stripped.mask(stripped == ""))
        codes = np.where(codes >= 0, second[np.maximum(codes, 0)], -1)
        values = uniques.tolist()
        scan = Lines(values)
    counts = np.bincount(codes[codes >= 0], minlength=len(values))
    return _Column(name, codes, values, counts, _markers(values, scan), scan)


def _markers(values: list[str], scan: Lines, extra: frozenset[str] = frozenset()) -> np.ndarray:
    """Which values are "no data" markers (plus ``extra`` ones); only short values can be, so only
    those are looked up."""
    known = MISSING_MARKERS | extra
    lengths = np.diff(np.append(scan.starts, len(scan.text) + 1)) - 1 if scan.clean else None
    if lengths is None:
        return np.array([v.lower() in known for v in values], dtype=bool)
    short = np.flatnonzero(lengths <= _LONGEST_MARKER)
    marker = np.zeros(len(values), dtype=bool)
    if len(short) > _SAMPLE * 10:
        pattern = "(?i:" + "|".join(re.escape(m) for m in sorted(known, key=len, reverse=True) if m) + ")"
        return scan.match(pattern)
    marker[short] = [values[i].lower() in known for i in short]
    return marker


def _classify(column: _Column) -> None:
    present = np.flatnonzero(~column.marker)
    if not present.size:
        column.kind = "empty"
        return
    values = [column.values[i] for i in present] if present.size < len(column.values) else column.values
    weights = column.counts[present]
    if len(values) <= 6 and _boolean_map(column.name, values) is not None:
        column.kind = "boolean"
        return
    sample = Lines([value.replace("\n", " ") for value in _spread(values)])
    date_shaped = sample.match(r"\d{1,4}[-/.]\d{1,2}[-/.]\d{2,4}.*")
    if date_shaped.mean() >= 0.5 and _date_share(values, weights) >= _THRESHOLD:
        column.kind = "date"
        return
    if _is_code(column.name, values, weights, sample, column.scan if values is column.values else None):
        column.kind = "code"
        return
    pool = [value for value in sample.values if value.lower() != "x"]
    if not pool:
        return
    normalised = Lines.from_text(_normalise_numbers("\n".join(pool))[0])
    if normalised.match(r"[-+]?\d(?:[\d., ]*\d)?").mean() >= _THRESHOLD:
        column.kind = "number"
        comma = normalised.match(rf"[-+]?{_VALID[',']}")
        point = normalised.match(rf"[-+]?{_VALID['.']}")
        neutral = normalised.match(rf"[-+]?(?:{_INT})")
        column.votes = {",": int((comma & ~point).sum()), ".": int((point & ~comma).sum())}
        ambiguous = np.flatnonzero(comma & point & ~neutral)[:3]
        column.ambiguous = [normalised.values[i].lstrip("+-") for i in ambiguous]


def _spread(values: list[str]) -> list[str]:
    """Up to 5,000 values evenly spread over ``values`` (deterministic), for type decisions."""
    if len(values) <= _SAMPLE:
        return values
    return [values[i] for i in np.linspace(0, len(values) - 1, _SAMPLE).astype(int)]


def _name_tokens(name: str) -> list[str]:
    plain = unicodedata.normalize("NFKD", name)
    plain = "".join(c for c in plain if not unicodedata.combining(c))
    plain = re.sub(r"([a-z])([A-Z])", r"\1 \2", plain).lower()
    return [token for token in re.split(r"[^a-z0-9]+", plain) if token]


def _boolean_map(name: str, values: list[str]) -> dict[str, bool] | None:
    lowered = {v.lower() for v in values}
    tokens = _name_tokens(name)
    hinted = any(t in _BOOLEAN_HINTS for t in tokens) or name.rstrip().endswith("?")
    for truthy, falsy in _BOOLEAN_PAIRS:
        if not lowered <= truthy | falsy:
            continue
        if truthy == {"1"} and not hinted:
            return None
        if all(len(v) == 1 for v in lowered) and not (lowered & truthy and lowered & falsy):
            continue
        return {v: v.lower() in truthy for v in values}
    return None


def _is_code(name: str, values: list[str], weights: np.ndarray, sample: Lines, scan: Lines | None) -> bool:
    """Identifiers: masked codes, digit strings with leading zeros or of fixed length >= 8, or named so."""
    digit_like = f"\\d+|{_CODE_MASKS}"
    scan = scan or Lines(values)
    if not sample.mismatch(digit_like).any() and not scan.mismatch(digit_like).any():
        masked = scan.match(_CODE_MASKS) & ~scan.match(_THOUSANDS_ONLY)
        lengths = np.fromiter(map(len, values), dtype=np.int64, count=len(values))
        if masked.any() and (masked | scan.match(r"\d+")).all():
            return True
        if scan.contains(r"(?m)^0\d") or lengths.max() > 15:
            return True
        if lengths.min() == lengths.max() >= 8 and len(values) > 1:
            return True
    if any(token in _CODE_HINTS or token.startswith("cod") for token in _name_tokens(name)):
        identifier = scan.match(r"[^\s]{1,40}")
        return bool(weights[identifier].sum() >= _THRESHOLD * weights.sum())
    return False


# -- the decimal mark --------------------------------------------------------------------------------


def _decide_decimal(columns: list[_Column], forced: str | None, separator: str | None) -> tuple[str, bool]:
    """Return ``(decimal mark, guessed)``: forced, else majority of votes, else a guess from the separator."""
    if forced is not None:
        return forced, False
    comma = sum(c.votes.get(",", 0) for c in columns if c.kind == "number")
    point = sum(c.votes.get(".", 0) for c in columns if c.kind == "number")
    if comma != point:
        return ("," if comma > point else "."), False
    guess = "," if separator == ";" else "."
    ambiguous = any(c.ambiguous for c in columns if c.kind == "number")
    return guess, ambiguous or comma > 0


# -- conversion --------------------------------------------------------------------------------------


def _convert(
    column: _Column,
    lines: np.ndarray,
    decimal: str,
    forced: bool,
    dayfirst: bool,
    issues: list[Issue],
    grouping: dict[str, int],
) -> tuple[pd.Series, str]:
    kind = column.kind
    if kind == "number":
        result = _convert_number(column, lines, decimal, forced, issues, grouping)
        if result is not None:
            _report_markers(column, issues)
            return result
        kind = "string"
    _report_markers(column, issues)
    if kind == "empty":
        issues.append(Issue("csv-empty-column", {"column": column.name}, severity="info", column=column.name))
        return pd.Series(np.full(len(column.codes), np.nan, dtype=object), dtype="str"), "string"
    if kind == "boolean":
        mapping = _boolean_map(column.name, [v for v, m in zip(column.values, column.marker, strict=True) if not m])
        table = np.array([(mapping or {}).get(v, pd.NA) for v in column.values] + [pd.NA], dtype=object)
        series = pd.Series(table[_positions(column)], dtype="boolean")
        return (series.astype(bool) if not series.isna().any() else series), "boolean"
    if kind == "date":
        return _convert_date(column, lines, dayfirst, issues), "date"
    table = np.array([*column.values, None], dtype=object)
    table[np.flatnonzero(column.marker)] = None
    return pd.Series(table[_positions(column)], dtype="str"), kind


def _positions(column: _Column) -> np.ndarray:
    """Row -> index into a per-value table that has one extra slot at the end for missing cells."""
    return np.where(column.codes < 0, len(column.values), column.codes)


_NORMALISE = str.maketrans({"−": "-", "–": "-", "\u00a0": " ", "\u202f": " ", "\u2009": " ", "\t": " "})
_CURRENCY = re.compile(r"(?m)^([-+]?) *(?:R\$|US\$|U\$S|\$|€|S/\.?|COP|MXN|ARS|CLP|PEN|UYU|BRL|USD) *")
# Any character a currency sign or code starts with (one fast character-class scan before the real work).
_CURRENCY_HINT = re.compile(r"[$€SCMAPUB]")
_PARENTHESES = re.compile(r"(?m)^\( *([^()\n]*?) *\)$")
_PERCENT = re.compile(r"(?m) *%$")
_TRAILING_MINUS = re.compile(r"(?m)^([\d., ]*\d)-$")
_SIGN_SPACE = re.compile(r"(?m)^([-+]) +")


def _normalise_numbers(text: str) -> tuple[str, np.ndarray | None]:
    """Rewrite joined number texts to ``[sign]digits[marks]``: one substitution per quirk, whole text.

    Removes currency symbols and percent signs (returning which values had one), turns accounting
    parentheses and trailing minus signs into a leading minus, and maps Unicode minus signs, dashes
    and non-breaking spaces to their ASCII forms.
    """
    text = text.translate(_NORMALISE)
    if "(" in text:
        text = _PARENTHESES.sub(r"-\1", text)
    if _CURRENCY_HINT.search(text):
        text = _CURRENCY.sub(r"\1", text)
    percent_rows = None
    if "%" in text:
        percent_rows = Lines.from_text(text).match(r".*%")
        text = _PERCENT.sub("", text)
    if "-" in text:
        text = _SIGN_SPACE.sub(r"\1", _TRAILING_MINUS.sub(r"-\1", text))
    return text, percent_rows


def _parse_numbers(column: _Column, decimal: str) -> tuple[np.ndarray, np.ndarray, bool, bool, str]:
    """Convert every distinct value at once.

    Returns ``(numbers, valid, any fraction written, any percent, normalised text)``.

    The joined values are normalised with a few whole-text substitutions (currency symbols, accounting
    parentheses, trailing minus, percent signs, non-breaking spaces), validated with one regex pass for
    the chosen decimal mark, stripped of group marks and converted by numpy in one call.
    """
    scan = column.scan
    text = scan.text if scan.clean else "\n".join(v.replace("\n", " ") for v in column.values)
    text, percent_rows = _normalise_numbers(text)
    valid = ~Lines.from_text(text).mismatch(rf"[-+]?{_VALID[decimal]}") & ~column.marker
    percent = percent_rows is not None and bool((percent_rows & valid).any())
    group = "." if decimal == "," else ","
    cleaned = text.replace(group, "").replace(" ", "")
    if decimal == ",":
        cleaned = cleaned.replace(",", ".")
    parts = cleaned.split("\n")
    invalid = np.flatnonzero(~valid)
    for index in invalid:
        parts[index] = "nan"
    try:
        numbers = np.array(parts, dtype=np.float64)
    except ValueError:  # pragma: no cover - a validated value numpy cannot read; fall back to coercion
        numbers = pd.to_numeric(pd.Series(parts, dtype=object), errors="coerce").to_numpy(dtype=float)
    valid &= ~np.isnan(numbers)
    fraction = "." in ("\n".join(parts) if invalid.size else cleaned)
    return numbers, valid, fraction, percent, text


def _convert_number(
    column: _Column,
    lines: np.ndarray,
    decimal: str,
    forced: bool,
    issues: list[Issue],
    grouping: dict[str, int],
) -> tuple[pd.Series, str] | None:
    own = decimal
    other = "." if decimal == "," else ","
    note: Issue | None = None
    if not forced and column.votes.get(other, 0) > 0 and column.votes.get(decimal, 0) == 0:
        own = other
        note = Issue(
            "csv-decimal-column-differs", {"column": column.name, "decimal": own}, "warning", column=column.name
        )
    elif column.ambiguous and not any(column.votes.values()):
        example = column.ambiguous[0]
        value = float(example.replace("." if own == "," else ",", "").replace(" ", "").replace(",", "."))
        note = Issue(
            "csv-decimal-ambiguous-column",
            {"column": column.name, "example": example, "value": value},
            "warning",
            column=column.name,
        )
    marker = _markers(column.values, column.scan, _NUMERIC_MARKERS)
    numbers, valid, fraction, percent, normalised = _parse_numbers(column, own)
    present = ~marker
    weights = column.counts
    if weights[valid].sum() < _THRESHOLD * weights[present].sum():
        return None
    if note is not None:
        issues.append(note)
    column.marker = marker
    bad = present & ~valid
    if bad.any():
        _report_values(column, bad, lines, "csv-unparsed-numbers", issues)
    # In the normalised numbers (currency, signs and % removed) the other mark and any space can only
    # group digits: count them to report the file's thousands separator.
    for mark in ("." if own == "," else ",", " "):
        hits = normalised.count(mark)
        if hits:
            grouping[mark] = grouping.get(mark, 0) + hits
    table = np.append(np.where(valid, numbers, np.nan), np.nan)
    series = pd.Series(table[_positions(column)], dtype="float64")
    _report_outliers(column.name, series, lines, issues)
    if not (fraction or percent):
        whole = series.round().astype("Int64")
        return (whole.astype("int64") if not whole.isna().any() else whole), "integer"
    return series, "number"


def _date_parts(values: pd.Series, dayfirst: bool) -> tuple[pd.Series, bool | None]:
    """Parse dates of any supported shape; returns ``(datetimes, month_first decided by the data)``."""
    found = values.str.extract(_DATE)
    number = {key: pd.to_numeric(found[key], errors="coerce") for key in ("y1", "m1", "d1", "a", "b", "y2")}
    a, b = number["a"], number["b"]
    day_first_seen = bool((a > 12).any())
    month_first_seen = bool((b > 12).any())
    decided: bool | None = None
    if day_first_seen != month_first_seen:
        decided = month_first_seen
    month_first = decided if decided is not None else not dayfirst
    year2 = number["y2"]
    year2 = year2.where(found["y2"].str.len() != 2, np.where(year2 <= 68, year2 + 2000, year2 + 1900))
    year = number["y1"].fillna(year2)
    month = number["m1"].fillna(a if month_first else b)
    day = number["d1"].fillna(b if month_first else a)
    hour = pd.to_numeric(found["hh"], errors="coerce").fillna(0)
    ampm = found["ampm"].str.lower().str[0]
    bad_clock = ampm.notna() & ((hour < 1) | (hour > 12))
    hour = hour.where(ampm.isna(), hour % 12 + np.where(ampm == "p", 12, 0))
    parts = pd.DataFrame(
        {
            "year": year,
            "month": month,
            "day": day,
            "hour": hour,
            "minute": pd.to_numeric(found["mm"], errors="coerce").fillna(0),
            "second": pd.to_numeric(found["ss"], errors="coerce").fillna(0),
        }
    )
    stamps = pd.to_datetime(parts.where(~bad_clock), errors="coerce")
    return stamps, decided


def _date_share(values: list[str], weights: np.ndarray) -> float:
    if len(values) > _SAMPLE:
        stamps, _ = _date_parts(pd.Series(_spread(values), dtype=object), dayfirst=True)
        return float(stamps.notna().mean())
    stamps, _ = _date_parts(pd.Series(values, dtype=object), dayfirst=True)
    return float(weights[stamps.notna().to_numpy()].sum() / max(weights.sum(), 1))


def _convert_date(column: _Column, lines: np.ndarray, dayfirst: bool, issues: list[Issue]) -> pd.Series:
    present = ~column.marker
    values = pd.Series(column.values, dtype=object).where(present, "")
    stamps, month_first = _date_parts(values, dayfirst)
    if month_first is True:
        issues.append(Issue("csv-date-month-first", {"column": column.name}, "info", column=column.name))
    elif month_first is None:
        found = values.str.extract(_DATE)
        differ = found["a"].notna() & (found["a"].astype(float) != found["b"].astype(float))
        if differ.any():
            order = "dd/mm" if dayfirst else "mm/dd"
            key = "csv-date-order-assumed"
            issues.append(Issue(key, {"column": column.name, "order": order}, "info", column=column.name))
    bad = present & stamps.isna().to_numpy()
    if bad.any():
        _report_values(column, bad, lines, "csv-unparsed-dates", issues)
    table = pd.concat([stamps, pd.Series([pd.NaT], dtype=stamps.dtype)], ignore_index=True)
    return table.take(_positions(column)).reset_index(drop=True)


# -- reporting ---------------------------------------------------------------------------------------


def _report_values(column: _Column, bad: np.ndarray, lines: np.ndarray, code: str, issues: list[Issue]) -> None:
    rows = np.flatnonzero(np.isin(column.codes, np.flatnonzero(bad)))
    examples = _quote([column.values[i] for i in np.flatnonzero(bad)[:3]])
    found = lines[rows]
    issues.append(
        Issue(
            code,
            {
                "column": column.name,
                "count": len(rows),
                "lines": format_lines(found),
                "line_numbers": [int(v) for v in found[:20]],
                "examples": examples,
            },
            "warning",
            row=int(found[0]),
            column=column.name,
        )
    )


def _report_markers(column: _Column, issues: list[Issue]) -> None:
    if not column.marker.any() or column.kind == "empty":
        return
    chosen = np.flatnonzero(column.marker)
    counts = column.counts[chosen]
    order = np.argsort(-counts, kind="stable")
    listed = ", ".join(f'"{column.values[chosen[i]]}" ({int(counts[i])})' for i in order[:4])
    issues.append(
        Issue(
            "csv-missing-markers",
            {"column": column.name, "count": int(counts.sum()), "markers": listed},
            "info",
            column=column.name,
        )
    )


def _report_outliers(name: str, series: pd.Series, lines: np.ndarray, issues: list[Issue]) -> None:
    """Flag values far *above* the column's usual size, on a log scale (robust to skewed money data).

    Rule: with ``L = log10(|x|)`` over non-zero values, flag ``L`` more than three inter-quartile ranges
    above the upper quartile (the range counted as at least ``log10(2)``, so tightly clustered columns
    such as years still tolerate a doubling). Only large values are flagged: placeholders such as
    ``9999999,99`` and typed extra digits are what distort sums, while small amounts are common and
    legitimate in spending data. The most extreme three per column are reported.
    """
    values = series.to_numpy(dtype=float, na_value=np.nan)
    usable = np.flatnonzero(np.isfinite(values) & (values != 0))
    if len(usable) < 10:
        return
    logs = np.log10(np.abs(values[usable]))
    low, high = np.quantile(logs, [0.25, 0.75])
    spread = max(high - low, np.log10(2))
    distance = logs - (high + 3 * spread)
    flagged = np.flatnonzero(distance > 0)
    if not flagged.size:
        return
    typical = float(np.median(values[usable]))
    for pick in flagged[np.argsort(-distance[flagged], kind="stable")][:_SHOWN_OUTLIERS]:
        row = usable[pick]
        issues.append(
            Issue(
                "outlier",
                {"column": name, "value": float(values[row]), "typical": round(typical, 2), "flagged": len(flagged)},
                "warning",
                row=int(lines[row]),
                column=name,
            )
        )


def _quote(values: Iterable[object], width: int = 30) -> str:
    shown = [str(v) for v in values]
    return ", ".join(f'"{v[:width]}{"…" if len(v) > width else ""}"' for v in shown)
