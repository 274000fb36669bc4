"""Read the CSV files Latin American government portals really publish: :func:`read_gov_csv`.

A transparency-portal export is rarely a clean CSV: Windows-1252 text, ``;`` separators, a title above
the header, ``1.234.567,89`` numbers, ``dd/mm/yyyy`` dates, a ``;`` at the end of every line, totals and
"Fonte: ..." lines at the bottom, codes whose leading zeros a spreadsheet would eat. ``read_gov_csv``
reads such a file into a typed :class:`pandas.DataFrame` and returns, next to it, a :class:`ReadReport`
that says what it found and what it changed, in plain language, so a lesson can show the learner *why*
the table looks the way it does.

The work is done in four steps, one module each:

1. :mod:`civic_kit.data.sniff` -- bytes: size limit before reading, file kind (Excel, PDF, HTML, ...),
   encoding;
2. :mod:`civic_kit.data.dialect` -- a sample of the text: separator and header line;
3. this module -- the table's structure: pandas parses every line as text (C engine, fields counted
   with a sentinel so short and long rows are seen), then blank lines, repeated headers, footer lines,
   a trailing separator and ragged rows are handled and reported;
4. :mod:`civic_kit.data.coerce` -- column types, vectorised over the distinct values of each column.

Nothing is dropped silently: every removed row is counted in ``rows_skipped`` and explained by an issue
with line numbers. Bad input (an empty file, an Excel workbook renamed ``.csv``, a file over the size
limit...) raises :class:`~civic_kit.problems.CivicKitError` with a translated message.

Example
-------
>>> from civic_kit.data.govcsv import read_gov_csv
>>> frame, report = read_gov_csv(b"Prefeitura de X\\nNome;Valor\\nSa\\xfade;1.234,50\\n")
>>> report.encoding, report.separator, report.header_row, frame["Valor"].tolist()
('cp1252', ';', 2, [1234.5])
"""

from __future__ import annotations

import csv
import io
import math
import os
import re
import warnings
from dataclasses import dataclass, field
from typing import Any, BinaryIO

import numpy as np
import pandas as pd

from civic_kit.data import sniff
from civic_kit.data.coerce import type_columns
from civic_kit.data.dialect import sniff_dialect
from civic_kit.data.textscan import Lines
from civic_kit.i18n import t
from civic_kit.problems import CivicKitError, Issue, Severity

__all__ = ["MAX_COLUMNS", "ReadReport", "read_gov_csv"]

#: Most columns accepted: wider files are not tables a lesson or an official can use.
MAX_COLUMNS = 5000
EXTRA_COLUMN = "_extra"

_SEVERITY_ORDER = {"error": 0, "warning": 1, "info": 2}
# A cell that is only a total label: "Total", "TOTAL GERAL", "Subtotal:", "Totales".
_TOTAL = (
    r"(?i:[ \t]*(?:sub)?[ \t-]?tota(?:l|is|les)(?:[ \t]+(?:geral|general|gral\.?|do|da|de|del|por)\b.*)?[ \t]*:?[ \t]*)"
)
_NOTE = re.compile(
    r"(?i)(?:(?:fonte|fuente|source|nota|notas|note|notes|obs|observa[cç](?:ão|ões|ao|oes|ion|iones)"
    r"|elabora[cç][aã]o|elaboraci[oó]n|elaborado|atualizad[oa]|actualizad[oa]|updated|gerado|generado"
    r"|generated|emitido|impresso|extra[ií]do|data\s+d[ae]\s+(?:extra|gera|atualiza|emiss)\w*|fecha\s+de"
    r"|[uú]ltima\s+(?:atualiza|actualiza)\w*)(?![^\W\d_])|\*|\(\d+\))"
)
_NUMBERISH = re.compile(r"[-+(]?\s*(?:R\$|US\$|\$|€)?\s*-?\d[\d.,\s/:%-]*\)?")
_ENCODING_KEYS = {
    "utf-8": "utf-8",
    "utf-8-sig": "utf-8-sig",
    "utf-16": "utf-16",
    "utf-16-le": "utf-16",
    "utf-16-be": "utf-16",
    "utf-32": "utf-32",
    "cp1252": "cp1252",
    "latin-1": "latin-1",
}
_SEPARATOR_KEYS = {";": "semicolon", ",": "comma", "\t": "tab", "|": "pipe"}


@dataclass(frozen=True)
class ReadReport:
    """What :func:`read_gov_csv` found in a file and what it did about it.

    Lessons show :meth:`summary`; the ``civic-kit inspect --json`` command prints :meth:`to_dict`.
    """

    encoding: str
    """Codec the file was decoded with (``utf-8``, ``utf-8-sig``, ``utf-16``, ``cp1252``, ``latin-1``...)."""
    separator: str | None
    """Column separator; None when the file has a single column."""
    decimal: str
    """Decimal mark of the file's numbers: ``","`` or ``"."``."""
    thousands: str | None
    """Digit-group separator seen in the numbers: ``"."``, ``","``, ``" "`` or None."""
    header_row: int
    """1-based line number of the real header."""
    skipped_lines_above_header: list[str]
    """Text of the lines above the header (titles, blank lines, group labels), trailing separators removed."""
    rows: int
    """Data rows in the returned table."""
    columns: dict[str, str]
    """Column name -> ``integer``, ``number``, ``date``, ``boolean``, ``code`` or ``string``."""
    issues: tuple[Issue, ...]
    """Everything worth knowing, errors first; capped at ``limit_issues``."""
    rows_skipped: int
    """Rows removed after the header: blank lines, repeated header lines, footer lines."""
    missing: dict[str, int] = field(default_factory=dict)
    """Column name -> missing cells (empty, placeholders such as ``n/d``, values that did not convert)."""

    @property
    def valid(self) -> bool:
        """True when no issue has error severity (warnings and notes are allowed)."""
        return not any(issue.severity == "error" for issue in self.issues)

    def to_dict(self, lang: str | None = None) -> dict[str, Any]:
        """A JSON-ready form, with ``warnings`` as translated messages and ``issues`` in full."""
        return {
            "encoding": self.encoding,
            "separator": self.separator,
            "decimal": self.decimal,
            "thousands": self.thousands,
            "header_row": self.header_row,
            "skipped_lines_above_header": list(self.skipped_lines_above_header),
            "rows": self.rows,
            "rows_skipped": self.rows_skipped,
            "columns": dict(self.columns),
            "missing": dict(self.missing),
            "valid": self.valid,
            "warnings": [i.message(lang) for i in self.issues if i.severity in ("error", "warning")],
            "issues": [issue.to_dict(lang) for issue in self.issues],
        }

    def summary(self, lang: str | None = None) -> list[str]:
        """Plain-language lines describing the file, for a learner or an official.

        Example (pt-BR): ``"Codificação: Windows-1252 (o padrão antigo do Windows para português)"``,
        ``"Separador: ponto e vírgula ;"``, ... then one line per column and one per issue.
        """
        encoding_key = _ENCODING_KEYS.get(self.encoding)
        encoding = (
            t(f"data.encoding.{encoding_key}", lang)
            if encoding_key
            else t("data.encoding.other", lang, name=self.encoding)
        )
        separator = t(f"data.separator.{_SEPARATOR_KEYS.get(self.separator or '', 'none')}", lang)
        if self.separator and self.separator not in _SEPARATOR_KEYS:
            separator = t("data.separator.other", lang, char=self.separator)
        lines = [
            t("data.summary.encoding", lang, name=encoding),
            t("data.summary.separator", lang, name=separator),
            self._numbers_line(lang),
            t("data.summary.header", lang, row=self.header_row),
        ]
        titles = [text for text in self.skipped_lines_above_header if text]
        if self.skipped_lines_above_header:
            lines.append(
                t(
                    "data.summary.skipped-above",
                    lang,
                    count=len(self.skipped_lines_above_header),
                    texts=", ".join(f'"{text[:60]}"' for text in titles[:3]) or "-",
                )
            )
        lines.append(t("data.summary.rows", lang, rows=self.rows))
        if self.rows_skipped:
            lines.append(t("data.summary.rows-skipped", lang, count=self.rows_skipped))
        lines.append(t("data.summary.columns", lang, count=len(self.columns)))
        for name, kind in self.columns.items():
            missing = self.missing.get(name, 0)
            key = "data.summary.column-missing" if missing else "data.summary.column"
            lines.append(t(key, lang, name=name, type=t(f"data.type.{kind}", lang), missing=missing))
        for issue in self.issues:
            lines.append(t(f"data.summary.{issue.severity}", lang, message=issue.message(lang)))
        return lines

    def _numbers_line(self, lang: str | None) -> str:
        decimal = t("data.mark.comma" if self.decimal == "," else "data.mark.point", lang)
        example = format(1234567.89, ",.2f")
        if self.decimal == ",":
            example = example.replace(",", "\x00").replace(".", ",").replace("\x00", ".")
        if self.thousands is None:
            example = example.replace("." if self.decimal == "," else ",", "")
            return t("data.summary.numbers-no-thousands", lang, decimal=decimal, example=example)
        if self.thousands == " ":
            example = example.replace("." if self.decimal == "," else ",", " ")
        marks = {".": "data.mark.point", ",": "data.mark.comma", " ": "data.mark.space"}
        thousands = t(marks[self.thousands], lang)
        return t("data.summary.numbers", lang, decimal=decimal, thousands=thousands, example=example)


def read_gov_csv(
    source: str | os.PathLike[str] | bytes | BinaryIO,
    *,
    encoding: str | None = None,
    sep: str | None = None,
    decimal: str | None = None,
    header_row: int | None = None,
    dayfirst: bool = True,
    max_bytes: int = 200_000_000,
    limit_issues: int = 1000,
) -> tuple[pd.DataFrame, ReadReport]:
    """Read a government CSV into a typed DataFrame and a report of what was found and changed.

    Parameters
    ----------
    source
        A path (``str`` or path-like), the file's bytes, or a binary file object (``open(p, "rb")``,
        an upload widget's content). A ``str`` is always a path, never CSV text.
    encoding
        Force the encoding (any name Python knows) instead of detecting it.
    sep
        Force the one-character column separator instead of detecting it.
    decimal
        Force the decimal mark, ``","`` or ``"."``, instead of deciding it from the numbers.
    header_row
        Force the 1-based line number of the header instead of detecting it.
    dayfirst
        Read ``01/02/2024`` as 1 February when the column's values do not settle the order.
    max_bytes
        Refuse larger files, from their size and before reading them (default 200 MB).
    limit_issues
        Keep at most this many issues in the report (errors first); a final note says how many were left out.

    Returns
    -------
    tuple[pandas.DataFrame, ReadReport]
        The table (columns typed: ``int64``/``Int64``, ``float64``, ``datetime64``, ``bool``/``boolean``,
        text for codes and strings; missing cells as NA) and its report.

    Raises
    ------
    CivicKitError
        When the input is not a readable table: empty, binary, a spreadsheet/PDF/web page/JSON file,
        too large, a line over 10 MB, more than :data:`MAX_COLUMNS` columns, or an invalid option.
    """
    _check_options(sep, decimal, header_row, dayfirst, max_bytes, limit_issues)
    data, _name = sniff.read_source(source, max_bytes)
    sniff.check_file_kind(data)
    decoded = sniff.decode(data, encoding)
    text = decoded.text
    stats = sniff.line_stats(data, decoded.encoding, text, None)
    if stats.longest > sniff.MAX_LINE_BYTES:
        raise CivicKitError.of(
            "csv-line-too-long",
            row=stats.longest_line,
            line=stats.longest_line,
            size=round(stats.longest / 1_000_000, 1),
            limit=round(sniff.MAX_LINE_BYTES / 1_000_000, 1),
        )
    dialect = sniff_dialect(text, separator=sep, header_row=header_row)
    width = 1
    if dialect.separator is not None:
        stats = sniff.line_stats(data, decoded.encoding, text, dialect.separator)
        width = stats.most_separators + 1
        if width > MAX_COLUMNS:
            raise CivicKitError.of(
                "csv-too-many-columns",
                row=stats.most_separators_line,
                line=stats.most_separators_line,
                columns=width,
                limit=MAX_COLUMNS,
            )
    issues: list[Issue] = [*decoded.issues, *dialect.issues]
    body = text[dialect.header_offset :]
    table = _tokenize(body, dialect.separator, width, dialect.header_line, issues)
    frame, lines, blank_lines, rows_skipped = _structure(table, dialect.separator, issues)
    extra = frame.pop(EXTRA_COLUMN) if EXTRA_COLUMN in frame.columns else None
    if len(frame):
        typed = type_columns(frame, lines, decimal=decimal, dayfirst=dayfirst, separator=dialect.separator)
        result, types = typed.frame, dict(typed.types)
        issues.extend(typed.issues)
        chosen_decimal, thousands = typed.decimal, typed.thousands
        spaces = _space_only_rows(frame, result)
        if spaces.any():
            keep = ~spaces
            blank_lines = np.sort(np.concatenate([blank_lines, lines[spaces]]))
            result = result[keep].reset_index(drop=True)
            extra = extra[keep].reset_index(drop=True) if extra is not None else None
            rows_skipped += int(spaces.sum())
        missing = {name: int(result[name].isna().sum()) for name in result.columns}
    else:
        issues.append(Issue("csv-no-rows", severity="warning", row=dialect.header_line))
        result = frame.astype("str")
        types = {name: "string" for name in frame.columns}
        missing = {name: 0 for name in frame.columns}
        chosen_decimal = decimal or ("," if dialect.separator == ";" else ".")
        thousands = None
    _report_rows(issues, "csv-blank-rows", blank_lines, "info")
    if extra is not None:
        result[EXTRA_COLUMN] = extra.astype("str").to_numpy()
        types[EXTRA_COLUMN] = "string"
        missing[EXTRA_COLUMN] = int(result[EXTRA_COLUMN].isna().sum())
    report = ReadReport(
        encoding=decoded.encoding,
        separator=dialect.separator,
        decimal=chosen_decimal,
        thousands=thousands,
        header_row=dialect.header_line,
        skipped_lines_above_header=list(dialect.skipped_above),
        rows=len(result),
        columns=types,
        issues=_limit(issues, limit_issues),
        rows_skipped=rows_skipped,
        missing=missing,
    )
    return result, report


# -- options -----------------------------------------------------------------------------------------


def _check_options(
    sep: str | None,
    decimal: str | None,
    header_row: int | None,
    dayfirst: bool,
    max_bytes: int,
    limit_issues: int,
) -> None:
    def bad(option: str, value: object, allowed: str) -> CivicKitError:
        return CivicKitError.of("csv-bad-option", option=option, value=repr(value), allowed=allowed)

    if sep is not None and (not isinstance(sep, str) or len(sep) != 1 or sep in '"\r\n'):
        raise bad("sep", sep, '";" "," "\\t" "|"')
    if decimal is not None and decimal not in (",", "."):
        raise bad("decimal", decimal, '"," "."')
    if header_row is not None and (isinstance(header_row, bool) or not isinstance(header_row, int) or header_row < 1):
        raise bad("header_row", header_row, "1, 2, 3…")
    if not isinstance(dayfirst, bool):
        raise bad("dayfirst", dayfirst, "True, False")
    if isinstance(max_bytes, bool) or not isinstance(max_bytes, int) or max_bytes < 1:
        raise bad("max_bytes", max_bytes, "1, 2, 3…")
    if isinstance(limit_issues, bool) or not isinstance(limit_issues, int) or limit_issues < 1:
        raise bad("limit_issues", limit_issues, "1, 2, 3…")


def _limit(issues: list[Issue], limit: int) -> tuple[Issue, ...]:
    ordered = sorted(issues, key=lambda issue: _SEVERITY_ORDER.get(issue.severity, 3))
    if len(ordered) <= limit:
        return tuple(ordered)
    kept = ordered[: max(limit - 1, 0)]
    note = Issue("csv-issues-truncated", {"count": len(ordered) - len(kept), "limit": limit}, "info")
    return (*kept, note)


# -- tokenising ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Table:
    """Every record from the header on, as text, with its field count and first line number."""

    cells: pd.DataFrame
    counts: np.ndarray
    lines: np.ndarray


def _free_char(text: str, *, avoid: str = "") -> str:
    for char in ("\x1e", "\x1f", "\x1d", "\x1c", "\ue000", "\ue001", "\ue002"):
        if char not in text and char not in avoid:
            return char
    raise CivicKitError.of("csv-binary-file")  # pragma: no cover - text holding all of them is not a table


def _tokenize(text: str, separator: str | None, width: int, first_line: int, issues: list[Issue]) -> _Table:
    """Parse every record as text with pandas' C parser, counting each record's fields.

    pandas pads short rows with empty strings, so a row ``a;b`` under a three-column header would look
    like ``a;b;`` afterwards. Appending a sentinel field to every line makes the count visible: the
    sentinel's column is the number of fields the line really had.
    """
    sep = separator or _free_char(text)
    sentinel = _free_char(text, avoid=sep)
    marker = sep + sentinel
    body = text.replace("\n", marker + "\n")
    if not body.endswith("\n"):
        body += marker
    quoting = csv.QUOTE_MINIMAL
    while True:
        try:
            cells = _parse(body, sep, width, quoting)
        except pd.errors.ParserError:
            quoting = csv.QUOTE_NONE
            cells = _unquote(_parse(body, sep, width, quoting))
            issues.append(Issue("csv-unbalanced-quotes", severity="warning", row=first_line))
        rows = len(cells)
        counts = np.full(rows, width + 1, dtype=np.int64)
        found = np.zeros(rows, dtype=bool)
        for column in cells.columns:
            hit = (cells[column] == sentinel).to_numpy(dtype=bool) & ~found
            counts[hit] = column
            found |= hit
        if found.all():
            break
        # A quoted field with line breaks joins lines, so a record can have more fields than any one
        # line; its last fields (sentinel included) fell off the end. Read again, wider.
        if width > MAX_COLUMNS:
            line = first_line + int(np.flatnonzero(~found)[0])
            raise CivicKitError.of("csv-too-many-columns", row=line, line=line, columns=width, limit=MAX_COLUMNS)
        width = min(width * 2, MAX_COLUMNS + 1)
    embedded = np.zeros(rows, dtype=np.int64)
    physical = text.count("\n") + (0 if text.endswith("\n") else 1)
    if rows < physical:
        inner = marker + "\n"
        for column in cells.columns:
            has = cells[column].str.contains(inner, regex=False).to_numpy(dtype=bool)
            if has.any():
                embedded += np.where(has, cells[column].str.count(re.escape(inner)).to_numpy(), 0)
                cells[column] = cells[column].str.replace(inner, "\n", regex=False)
        multiline = np.flatnonzero(embedded[1:] > 0)
        if multiline.size:
            starts = first_line + 1 + multiline + np.concatenate(([0], np.cumsum(embedded[1:])))[multiline]
            issues.append(_lines_issue("csv-multiline-values", starts.tolist(), "info"))
    lines = first_line + np.arange(rows) + np.concatenate(([0], np.cumsum(embedded)[:-1]))
    return _Table(cells, counts, lines)


def _parse(body: str, separator: str, width: int, quoting: int) -> pd.DataFrame:
    """Every field as text, ``width + 1`` columns (the sentinel's included), pandas' C parser."""
    with warnings.catch_warnings():
        # Rows wider than ``width`` are detected by the caller (their sentinel is missing).
        warnings.simplefilter("ignore", pd.errors.ParserWarning)
        return pd.read_csv(
            io.StringIO(body),
            sep=separator,
            header=None,
            names=list(range(width + 1)),
            dtype=object,
            keep_default_na=False,
            na_filter=False,
            skip_blank_lines=False,
            index_col=False,
            quotechar='"',
            quoting=quoting,
            engine="c",
        )


def _unquote(cells: pd.DataFrame) -> pd.DataFrame:
    """After a fallback parse without quote handling, remove the quotes around whole fields."""
    for column in cells.columns:
        values = cells[column]
        quoted = values.str.match(r'^".*"$').to_numpy(dtype=bool)
        if quoted.any():
            cleaned = values.str.slice(1, -1).str.replace('""', '"', regex=False)
            cells[column] = values.where(~quoted, cleaned)
    return cells


# -- structure -------------------------------------------------------------------------------------


def _structure(
    table: _Table, separator: str | None, issues: list[Issue]
) -> tuple[pd.DataFrame, np.ndarray, np.ndarray, int]:
    """Name the columns and handle blank, repeated-header, footer, short and long rows.

    Returns the data as text cells (NaN for fields a row did not have), the line number of each kept
    row, the line numbers of the blank rows removed, and how many rows were removed in all.
    """
    cells, counts, all_lines = table.cells, table.counts, table.lines
    header_count = int(counts[0])
    header = [str(cells.iat[0, j]).strip() for j in range(header_count)]
    data = cells.iloc[1:].reset_index(drop=True)
    fields = counts[1:]
    lines = all_lines[1:]
    rows = len(data)
    widest = int(fields.max()) if rows else header_count
    present: list[pd.Series] = []
    filled: list[np.ndarray] = []
    for j in range(max(widest, header_count)):
        column = data[j].where(pd.Series(fields > j)) if j in data.columns else pd.Series([np.nan] * rows)
        present.append(column)
        filled.append((column.notna() & (column != "")).to_numpy(dtype=bool))
    # Cells holding only spaces count as filled here (stripping every cell would cost a pass per
    # column); rows made only of such cells come out of typing with every value missing and are
    # removed by :func:`_drop_space_only_rows`.
    blank = ~np.logical_or.reduce(filled) if filled else np.ones(rows, dtype=bool)

    width = header_count
    while width > 0 and header[width - 1] == "" and not filled[width - 1].any():
        width -= 1
    if width == 0 or not any(header):
        raise CivicKitError.of("csv-header-empty", row=int(all_lines[0]), line=int(all_lines[0]))
    header_trailing = header_count - width

    named = [j for j in range(width) if header[j]]
    matches = np.zeros(rows, dtype=np.int64)
    for j in named:
        matches += (present[j] == header[j]).to_numpy(dtype=bool)
    repeated = (matches >= max(1, math.ceil(0.8 * len(named)))) & ~blank if named else np.zeros(rows, bool)

    footer = _footer_rows(present, fields, width, blank | repeated)
    drop = blank | repeated | footer
    _report_rows(issues, "csv-repeated-header", lines[repeated], "warning")
    if footer.any():
        texts = [_row_text(present, i) for i in np.flatnonzero(footer)]
        quoted = ", ".join(f'"{text[:60]}"' for text in texts[:3]) + (", …" if len(texts) > 3 else "")
        _report_rows(issues, "csv-footer-rows", lines[footer], "warning", texts=quoted)

    has_extra = np.logical_or.reduce(filled[width:]) if len(filled) > width else np.zeros(rows, bool)
    longer = (fields > width) & ~drop
    trimmed = longer & ~has_extra
    long_rows = has_extra & ~drop
    short_rows = (fields < width) & ~drop
    kept_rows = int((~drop).sum())
    if header_trailing or (trimmed.any() and trimmed.sum() >= 0.9 * kept_rows):
        issues.append(Issue("csv-trailing-separator", severity="info"))
    elif trimmed.any():
        _report_rows(issues, "csv-extra-empty-fields", lines[trimmed], "info")
    _report_rows(issues, "csv-short-rows", lines[short_rows], "warning")
    _report_rows(issues, "csv-long-rows", lines[long_rows], "error", column=EXTRA_COLUMN)
    totals = np.zeros(rows, dtype=bool)
    for j in range(min(2, width)):
        scan = Lines(present[j].fillna("").tolist())
        if scan.contains("(?i)tota"):
            totals |= scan.match(_TOTAL)
    _report_rows(issues, "csv-total-rows", lines[totals & ~drop], "warning")

    keep = ~drop
    columns: dict[str, pd.Series] = {}
    for j, name in enumerate(_column_names(header[:width], filled, issues)):
        if name is not None:
            columns[name] = present[j][keep].reset_index(drop=True)
    if long_rows.any():
        extra = present[width].fillna("")
        for j in range(width + 1, len(present)):
            extra = extra + (separator or "") + present[j].fillna("")
        extra = extra.str.rstrip(separator or "").where(pd.Series(long_rows))
        columns[EXTRA_COLUMN] = extra[keep].reset_index(drop=True)
    frame = pd.DataFrame(columns, index=pd.RangeIndex(kept_rows))
    return frame, lines[keep], lines[blank], int(drop.sum())


def _space_only_rows(text: pd.DataFrame, typed: pd.DataFrame) -> np.ndarray:
    """Rows whose every cell held only spaces: all missing after typing, and blank in the text."""
    empty = np.array(typed.isna().all(axis=1), dtype=bool) if len(typed.columns) else np.zeros(len(typed), bool)
    for i in np.flatnonzero(empty):
        if any(isinstance(value, str) and value.strip() for value in text.iloc[i]):
            empty[i] = False
    return empty


def _footer_rows(cells: list[pd.Series], fields: np.ndarray, width: int, ignore: np.ndarray) -> np.ndarray:
    """Rows at the end that are totals, sources or notes rather than data (checked from the bottom up)."""
    footer = np.zeros(len(fields), dtype=bool)
    candidates = [i for i in range(len(fields) - 1, -1, -1) if not ignore[i]][:20]
    for i in candidates:
        values = [c.iat[i].strip() for c in cells[: max(int(fields[i]), 1)] if isinstance(c.iat[i], str)]
        values = [value for value in values if value]
        if not values:
            break
        note = bool(_NOTE.match(values[0]))
        total = any(re.fullmatch(_TOTAL, value) for value in values[:2])
        free_text = int(fields[i]) == 1 and width > 2 and not _NUMBERISH.fullmatch(values[0])
        if not (note or total or free_text):
            break
        footer[i] = True
    return footer


def _row_text(cells: list[pd.Series], row: int) -> str:
    values = [c.iat[row].strip() for c in cells if isinstance(c.iat[row], str)]
    return " ".join(value for value in values if value)


def _column_names(header: list[str], filled: list[np.ndarray], issues: list[Issue]) -> list[str | None]:
    """Clean header labels; name or drop unnamed columns; make names unique. None = drop the column."""
    names: list[str | None] = []
    seen: set[str] = set()
    for j, label in enumerate(header):
        name = " ".join(label.split())
        if not name:
            if not filled[j].any():
                issues.append(Issue("csv-empty-unnamed-column", {"position": j + 1}, "info"))
                names.append(None)
                continue
            name = f"column_{j + 1}"
            issues.append(Issue("csv-unnamed-column", {"position": j + 1, "name": name}, "warning", column=name))
        if name in seen:
            number = 2
            while f"{name}_{number}" in seen:
                number += 1
            renamed = f"{name}_{number}"
            issues.append(Issue("csv-duplicate-column", {"name": name, "new": renamed}, "warning", column=renamed))
            name = renamed
        seen.add(name)
        names.append(name)
    return names


def _report_rows(issues: list[Issue], code: str, lines: np.ndarray, severity: Severity, **params: Any) -> None:
    if len(lines) == 0:
        return
    issues.append(_lines_issue(code, [int(v) for v in lines], severity, **params))


def _lines_issue(code: str, lines: list[int], severity: Severity, column: str | None = None, **params: Any) -> Issue:
    return Issue(
        code=code,
        params={"count": len(lines), "lines": sniff.format_lines(lines), "line_numbers": lines[:20], **params},
        severity=severity,
        row=lines[0],
        column=column,
    )
