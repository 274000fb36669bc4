"""Which character separates the columns, and on which line the real header starts.

Second step of :func:`civic_kit.data.govcsv.read_gov_csv`, working on a sample of the decoded text
(the first 200 lines, or about 64 KB):

- the **separator** is the candidate (``;`` ``,`` tab ``|``) that splits the lines into the same number
  of fields most consistently, with quotes respected, and whose cells do not still contain another
  candidate. Counting characters is not enough: a ``;`` file whose descriptions contain commas
  ("Manutenção, limpeza") has more commas than semicolons;
- the **header** is the first line after which field counts become stable and that looks like labels
  (most cells filled, not a row of group labels such as ``;;Valores;;``). Portals put titles
  ("Prefeitura de X - Execução 2024"), blank lines and group-label rows above it.

Both can be forced by the caller. Everything here is plain Python on a bounded sample, so its cost does
not grow with the file.
"""

from __future__ import annotations

import csv
import io
import re
from collections import Counter
from dataclasses import dataclass, field

from civic_kit.problems import CivicKitError, Issue

__all__ = ["CANDIDATES", "Dialect", "sample_text", "sniff_dialect"]

#: Separators tried, in order of preference when two score the same.
CANDIDATES: tuple[str, ...] = (";", ",", "\t", "|")

_SAMPLE_LINES = 200
_SAMPLE_CHARS = 64 * 1024
_SAMPLE_MIN_LINES = 30
_SAMPLE_HARD_CHARS = 4 * 1024 * 1024
_FOLLOWING = 10
# A cell that is a number, money, percentage or date, not a label.
_NUMBERISH = re.compile(r"[-+(]?\s*(?:R\$|US\$|\$|€)?\s*-?\d[\d.,\s/:%-]*\)?")
_SEP_LINE = re.compile(r"sep=(.)\s*", re.IGNORECASE)


@dataclass(frozen=True)
class Dialect:
    """How a file is laid out, as found by :func:`sniff_dialect`."""

    separator: str | None
    """The column separator, or None for a file with a single column."""
    header_line: int
    """1-based line number of the header."""
    header_offset: int
    """Character offset in the text where the header line starts."""
    skipped_above: list[str] = field(default_factory=list)
    """Text of every line above the header (titles, blank lines, group labels)."""
    issues: tuple[Issue, ...] = ()


@dataclass(frozen=True)
class _Record:
    line: int
    end: int
    fields: list[str]

    @property
    def blank(self) -> bool:
        return not any(cell.strip() for cell in self.fields)

    @property
    def filled(self) -> float:
        return sum(1 for cell in self.fields if cell.strip()) / max(len(self.fields), 1)

    @property
    def numeric_share(self) -> float:
        cells = [cell.strip() for cell in self.fields if cell.strip()]
        if not cells:
            return 0.0
        return sum(1 for cell in cells if _NUMBERISH.fullmatch(cell)) / len(cells)

    @property
    def has_duplicates(self) -> bool:
        cells = [cell.strip() for cell in self.fields if cell.strip()]
        return len(set(cells)) < len(cells)


def sample_text(text: str) -> str:
    """The first complete lines of ``text`` used for sniffing: 200 lines, or ~64 KB if lines are long."""
    end = 0
    lines = 0
    size = len(text)
    while end < size:
        newline = text.find("\n", end)
        end = size if newline < 0 else newline + 1
        lines += 1
        if lines >= _SAMPLE_LINES:
            break
        if end >= _SAMPLE_CHARS and lines >= _SAMPLE_MIN_LINES:
            break
        if end >= _SAMPLE_HARD_CHARS and lines >= 2:
            break
    return text[:end]


def sniff_dialect(text: str, *, separator: str | None = None, header_row: int | None = None) -> Dialect:
    """Find the separator and the header line of ``text``.

    Parameters
    ----------
    text
        The decoded file, line ends normalised to ``"\\n"``.
    separator
        Force the separator instead of detecting it.
    header_row
        Force the 1-based line number of the header instead of detecting it.

    Raises
    ------
    CivicKitError
        ``csv-header-row-out-of-range`` when ``header_row`` is past the end of the file.
    """
    sample = sample_text(text)
    issues: list[Issue] = []
    first_line = sample.split("\n", 1)[0]
    sep_line = _SEP_LINE.fullmatch(first_line)
    start_line = 1
    if sep_line:
        separator = separator or sep_line.group(1)
        start_line = 2
    if separator is None:
        separator = choose_separator(sample)
    records = _records(sample, separator) if separator else _single_column_records(sample)
    if header_row is not None:
        total = text.count("\n") + (0 if text.endswith("\n") else 1)
        if header_row > total:
            raise CivicKitError.of("csv-header-row-out-of-range", row=header_row, lines=total)
        header_line = header_row
    else:
        header_line = _find_header([r for r in records if r.line >= start_line], issues)
    offset = _line_offset(text, header_line)
    skipped = [_tidy(line, separator) for line in text[:offset].split("\n")[:-1]]
    header = next((r for r in records if r.line == header_line), None)
    if separator is None:
        issues.append(Issue("csv-single-column", severity="info"))
    titles = [line for line in skipped if line]
    if skipped:
        issues.append(
            Issue(
                "csv-title-lines",
                params={"count": len(skipped), "texts": _quote_list(titles)},
                severity="info",
                row=header_line,
            )
        )
    if header is not None and separator and header.numeric_share > 0.5:
        issues.append(Issue("csv-header-numeric", severity="info", row=header_line))
    return Dialect(separator, header_line, offset, skipped, tuple(issues))


def choose_separator(sample: str) -> str | None:
    """The candidate that gives the most consistent field counts with the cleanest cells, or None.

    For each candidate the modal field count ``m`` is found over the sample's non-blank records
    (ties go to the larger count). Its score is the share of records with ``m`` fields times the share
    of their cells that do not contain another candidate (unless the cell is a number such as
    ``1.234,56``). Splitting a ``;`` file on commas leaves ``;`` inside almost every cell, so it loses
    even when every line has the same number of commas.
    """
    best: tuple[float, int, int] = (0.0, 0, 0)
    chosen: str | None = None
    for rank, candidate in enumerate(CANDIDATES):
        if candidate not in sample:
            continue
        records = [r for r in _records(sample, candidate) if not r.blank]
        if not records:
            continue
        modal = _modal_count(records)
        if modal < 2:
            continue
        matching = [r for r in records if len(r.fields) == modal]
        consistency = len(matching) / len(records)
        others = [c for c in CANDIDATES if c != candidate]
        cells = [cell for r in matching for cell in r.fields]
        unclean = sum(1 for cell in cells if any(o in cell for o in others) and not _NUMBERISH.fullmatch(cell.strip()))
        score = (round(consistency * (1 - unclean / max(len(cells), 1)), 6), modal, -rank)
        if score > best:
            best, chosen = score, candidate
    return chosen


def _records(sample: str, separator: str) -> list[_Record]:
    reader = csv.reader(io.StringIO(sample), delimiter=separator, quotechar='"', strict=False)
    records: list[_Record] = []
    previous = 0
    try:
        for fields in reader:
            records.append(_Record(previous + 1, reader.line_num, fields))
            previous = reader.line_num
    except csv.Error:
        # A field over the csv module's size limit or a quote left open at the end of the sample:
        # the records read so far are enough to sniff.
        pass
    return records


def _single_column_records(sample: str) -> list[_Record]:
    return [_Record(i + 1, i + 1, [line]) for i, line in enumerate(sample.split("\n"))]


def _modal_count(records: list[_Record]) -> int:
    counts = Counter(len(r.fields) for r in records)
    return max(counts.items(), key=lambda item: (item[1], item[0]))[0]


def _find_header(records: list[_Record], issues: list[Issue]) -> int:
    """1-based line of the header: first stable, label-like record; group-label rows are passed over."""
    rows = [r for r in records if not r.blank]
    if not rows:
        return records[0].line if records else 1
    modal = _modal_count(rows)
    for index, record in enumerate(rows):
        following = rows[index + 1 : index + 1 + _FOLLOWING]
        if not _width_fits(record, modal, following):
            continue
        # Rows below a header split into fields too; ragged rows still count, single-field lines do not.
        split = sum(1 for r in following if len(r.fields) == modal or (modal > 1 and len(r.fields) > 1))
        if following and split / len(following) < 0.6:
            continue
        if record.filled < 0.5 and modal > 1:
            continue
        # Group labels exported from merged cells ("Dados;Dados;Valores;Valores") sit right above the
        # real header and look like labels too: move down while the next row is a fuller label row.
        while index + 1 < len(rows) and _is_group_row(record, rows[index + 1], modal):
            index += 1
            record = rows[index]
        return record.line
    issues.append(Issue("csv-header-guessed", severity="warning", row=rows[0].line))
    return next((r.line for r in rows if len(r.fields) == modal), rows[0].line)


def _width_fits(record: _Record, modal: int, following: list[_Record]) -> bool:
    count = len(record.fields)
    if count == modal:
        return True
    if count == modal + 1:
        return not record.fields[-1].strip()
    if count == modal - 1 and following:
        empty_last = sum(1 for r in following if len(r.fields) == modal and not r.fields[-1].strip())
        return empty_last / len(following) >= 0.8
    return False


def _is_group_row(record: _Record, below: _Record, modal: int) -> bool:
    if abs(len(below.fields) - modal) > 1 or below.has_duplicates:
        return False
    if below.numeric_share >= 0.5 or record.numeric_share >= 0.5:
        return False
    grouped = record.has_duplicates or (record.filled < 0.75 and below.filled > record.filled)
    return grouped and below.filled >= record.filled


def _line_offset(text: str, line: int) -> int:
    offset = 0
    for _ in range(line - 1):
        newline = text.find("\n", offset)
        if newline < 0:
            return len(text)
        offset = newline + 1
    return offset


def _tidy(line: str, separator: str | None) -> str:
    line = line.rstrip()
    if separator and separator.strip() and not _SEP_LINE.fullmatch(line):
        line = line.rstrip(separator).rstrip()
    return line


def _quote_list(texts: list[str], shown: int = 3, width: int = 60) -> str:
    if not texts:
        return "—"
    quoted = [f'"{text[:width]}{"…" if len(text) > width else ""}"' for text in texts[:shown]]
    return ", ".join(quoted) + (", …" if len(texts) > shown else "")
