"""Bytes in, text out: open a government CSV safely and decode it without mojibake.

This module is the first half of :func:`civic_kit.data.govcsv.read_gov_csv`. It owns everything that
happens *before* the text is split into columns:

- :func:`read_source` -- get the bytes from a path, ``bytes`` or binary file object, refusing files larger
  than a limit from their size *before* reading them (a 2 GB upload must not fill the memory of a
  workshop server);
- :func:`check_file_kind` -- recognise what people upload instead of a CSV (Excel workbooks, PDF, a web
  page saved with "Save as", JSON, zip/gzip archives, binary files) and say so in plain words;
- :func:`decode` -- find the encoding (BOM, UTF-8, Windows-1252 or Latin-1, UTF-16) and decode,
  repairing lines in a different encoding inside an otherwise UTF-8 file and text that was already
  double-encoded ("SaÃºde");
- :func:`line_stats` -- vectorised scans of the raw bytes: the longest line (a file with one 150 MB line
  is refused before any parser sees it) and the largest number of separators on a line.

Why this matters: Brazilian and other Latin American portals still publish Windows-1252 files, Excel adds
a BOM or writes UTF-16 ("Unicode text"), and people concatenate exports made on different machines.
Guessing wrong produces "SaÃºde" instead of "Saúde" in every lesson table.
"""

from __future__ import annotations

import codecs
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import BinaryIO

import numpy as np

from civic_kit.problems import CivicKitError, Issue, Severity

__all__ = [
    "MAX_LINE_BYTES",
    "Decoded",
    "LineStats",
    "check_file_kind",
    "decode",
    "format_lines",
    "line_stats",
    "read_source",
]

#: Longest physical line accepted (10 MB): longer lines are not tables, and scanning them is slow.
MAX_LINE_BYTES = 10 * 1024 * 1024

# Bytes 0x80-0x9F that Windows-1252 leaves undefined: in a Latin-1 file they are C1 control characters.
_CP1252_UNDEFINED = frozenset({0x81, 0x8D, 0x8F, 0x90, 0x9D})
# Text that was UTF-8, decoded as Windows-1252 and saved again ("SaÃºde", "FunÃ§Ã£o", "Ã©").
_MOJIBAKE = re.compile(
    "[ÃÂ][\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u02c6\u02dc\u2013-\u203a\u20ac\u2122]"
)
_SURROGATE = re.compile("[\udc80-\udcff]")
# Control characters that never appear in a text table (tab, line feed, carriage return, form feed do).
_CONTROL = re.compile("[\x00-\x08\x0b\x0e-\x1a\x1c-\x1f\x7f]")
_CHUNK = 8 * 1024 * 1024
_UTF8_SAMPLE = 8 * 1024 * 1024

_FRIENDLY = {
    "utf_8": "utf-8",
    "utf-8": "utf-8",
    "utf_8_sig": "utf-8-sig",
    "utf-8-sig": "utf-8-sig",
    "utf-16": "utf-16",
    "utf_16": "utf-16",
    "utf-16-le": "utf-16-le",
    "utf-16-be": "utf-16-be",
    "utf-32": "utf-32",
    "cp1252": "cp1252",
    "latin-1": "latin-1",
    "iso8859-1": "latin-1",
}


@dataclass(frozen=True)
class Decoded:
    """The decoded text of a file and how it was decoded."""

    text: str
    """The whole file as text, BOM removed and line ends normalised to ``"\\n"``."""
    encoding: str
    """Codec used: ``utf-8``, ``utf-8-sig``, ``utf-16``, ``cp1252``, ``latin-1`` or the one the caller forced."""
    issues: tuple[Issue, ...] = field(default_factory=tuple)
    """Repairs made while decoding (lines in another encoding, double-encoded text)."""


@dataclass(frozen=True)
class LineStats:
    """What a vectorised scan of the raw bytes found."""

    lines: int
    longest: int
    """Length in bytes of the longest line."""
    longest_line: int
    """1-based number of that line."""
    most_separators: int
    """Largest number of separator characters on one line (quotes ignored: an upper bound)."""
    most_separators_line: int


def read_source(source: str | os.PathLike[str] | bytes | BinaryIO, max_bytes: int) -> tuple[bytes, str]:
    """Return ``(data, display name)`` for a path, bytes or binary file object.

    The size is checked before the content is read (``os.stat`` for paths, ``seek``/``tell`` for
    seekable objects, a bounded read otherwise), so a file over ``max_bytes`` is refused at once
    whatever its size.

    Raises
    ------
    CivicKitError
        ``csv-file-not-found``, ``csv-not-a-file``, ``csv-unreadable``, ``csv-file-too-large``,
        ``csv-unsupported-source`` or ``csv-empty-file``.
    """
    if isinstance(source, (bytes, bytearray, memoryview)):
        data = bytes(source)
        name = "<bytes>"
        _check_size(len(data), max_bytes, name)
    elif isinstance(source, (str, os.PathLike)):
        path = os.fspath(source)
        name = os.path.basename(path) or path
        try:
            info = os.stat(path)
        except FileNotFoundError:
            raise CivicKitError.of("csv-file-not-found", name=_shorten(path)) from None
        except OSError as error:
            raise CivicKitError.of("csv-unreadable", name=_shorten(path), reason=error.strerror or "") from None
        if not os.path.isfile(path):
            raise CivicKitError.of("csv-not-a-file", name=_shorten(path))
        _check_size(info.st_size, max_bytes, name)
        try:
            with open(path, "rb") as handle:
                data = _bounded_read(handle, info.st_size, max_bytes)
        except OSError as error:
            raise CivicKitError.of("csv-unreadable", name=path, reason=error.strerror or "") from None
        _check_size(len(data), max_bytes, name)
    elif hasattr(source, "read"):
        name = os.path.basename(str(getattr(source, "name", ""))) or "<file>"
        size = _remaining_size(source)
        if size is not None:
            _check_size(size, max_bytes, name)
        data = _bounded_read(source, size, max_bytes)
        if isinstance(data, str):
            raise CivicKitError.of("csv-unsupported-source", kind="text file object (open it with 'rb')")
        data = bytes(data)
        _check_size(len(data), max_bytes, name)
    else:
        raise CivicKitError.of("csv-unsupported-source", kind=type(source).__name__)
    if not data.strip(b" \t\r\n\x0b\x0c"):
        raise CivicKitError.of("csv-empty-file", name=name)
    return data, name


def check_file_kind(data: bytes) -> None:
    """Refuse content that is not a text table, naming what it is and what to do.

    Officials often rename an Excel file to ``.csv`` or save the portal's web page instead of the
    file; a parser would then produce nonsense columns or a traceback. Magic numbers and the first
    characters tell these apart reliably.
    """
    head = data[:8192]
    if head.startswith(b"PK\x03\x04"):
        if b"opendocument.spreadsheet" in head:
            raise CivicKitError.of("csv-ods-file")
        if b"xl/" in head or b"[Content_Types].xml" in head:
            raise CivicKitError.of("csv-xlsx-file")
        raise CivicKitError.of("csv-zip-file")
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        raise CivicKitError.of("csv-xls-file")
    if head.startswith(b"%PDF"):
        raise CivicKitError.of("csv-pdf-file")
    if head.startswith(b"\x1f\x8b"):
        raise CivicKitError.of("csv-gzip-file")
    if head.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):
        return
    if _utf16_order(head) is None and b"\x00" in head:
        raise CivicKitError.of("csv-binary-file")


def decode(data: bytes, encoding: str | None = None) -> Decoded:
    """Decode ``data`` with ``encoding`` or the detected one; normalise line ends.

    Detection order, and why:

    1. a byte-order mark is authoritative (UTF-8, UTF-16 and UTF-32 BOMs);
    2. UTF-16 without a BOM is recognised by its pattern of zero bytes;
    3. a file that decodes as strict UTF-8 is UTF-8 (Windows-1252 text almost never is valid UTF-8);
    4. a file that is *mostly* valid UTF-8 (more well-formed multi-byte sequences than stray bytes) is
       UTF-8 with some lines from another export: those lines are decoded as Windows-1252 and reported;
    5. otherwise a single-byte code page: Windows-1252 unless the bytes 0x80-0x9F include ones that
       Windows-1252 leaves undefined, which only a Latin-1 (ISO-8859-1) file can contain.

    Raises
    ------
    CivicKitError
        ``csv-unknown-encoding`` (a forced name Python does not know), ``csv-decode-failed`` (the forced
        encoding does not fit the bytes), ``csv-binary-file`` or ``csv-empty-file``.
    """
    issues: list[Issue] = []
    if encoding is not None:
        name = _forced_codec(encoding)
        try:
            text = data.decode(name)
        except UnicodeDecodeError as error:
            line = data.count(b"\n", 0, error.start) + 1
            raise CivicKitError.of("csv-decode-failed", encoding=encoding, line=line) from None
        if name == "utf-8" and text.startswith("\ufeff"):
            name = "utf-8-sig"
    else:
        name, text, repaired = _detect_and_decode(data)
        if repaired:
            issues.append(_lines_issue("csv-mixed-encoding", repaired, severity="warning"))
    text = text.removeprefix("\ufeff")
    if "\r" in text:
        # Windows CRLF, and old Mac CR-only files: a lone CR ends a line for every parser, so say so.
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise CivicKitError.of("csv-empty-file", name="")
    head = text[:65536]
    controls = len(_CONTROL.findall(head))
    if "\x00" in head or controls > max(3, len(head) // 200):
        raise CivicKitError.of("csv-binary-file")
    _check_text_kind(head)
    text, fixed = _repair_mojibake(text)
    if fixed:
        issues.append(_lines_issue("csv-mojibake-repaired", fixed, severity="warning"))
    return Decoded(text=text, encoding=_friendly(name), issues=tuple(issues))


def line_stats(data: bytes, encoding: str, text: str, separator: str | None) -> LineStats:
    """Count lines, the longest line and the most separators on one line, without a Python loop per line.

    For encodings where ASCII characters are single bytes (UTF-8, Windows-1252, Latin-1, ...) the raw
    bytes are scanned with numpy in chunks; UTF-16/32 files are scanned as 2- or 4-byte code units.
    Separators inside quotes are counted too, so ``most_separators`` is an upper bound -- which is
    what the parser needs to size its columns.
    """
    units = _code_units(data, encoding)
    if units is None:
        units = np.frombuffer(text.encode("utf-32-le"), dtype="<u4")
    newline = 10 if _count(units, 10) else 13
    ends = _positions(units, newline)
    bounds = np.concatenate(([-1], ends, [len(units)]))
    lengths = np.diff(bounds) - 1
    if len(lengths) > 1 and lengths[-1] <= 0:
        lengths = lengths[:-1]
    longest_index = int(np.argmax(lengths))
    width = units.itemsize
    most, most_line = 0, 1
    if separator is not None and len(separator) == 1:
        per_line = np.zeros(len(ends) + 1, dtype=np.int64)
        for offset, chunk in _chunks(units):
            hits = np.flatnonzero(chunk == ord(separator)) + offset
            if hits.size:
                per_line += np.bincount(np.searchsorted(ends, hits), minlength=len(per_line))
        most_index = int(np.argmax(per_line))
        most, most_line = int(per_line[most_index]), most_index + 1
    return LineStats(
        lines=len(lengths),
        longest=int(lengths[longest_index]) * width,
        longest_line=longest_index + 1,
        most_separators=most,
        most_separators_line=most_line,
    )


# -- helpers ---------------------------------------------------------------------------------------


def _shorten(text: str, width: int = 200) -> str:
    """A path for a message: CSV text passed by mistake as a path must not flood the screen."""
    return text if len(text) <= width else text[:width] + "…"


def _check_size(size: int, max_bytes: int, name: str) -> None:
    if size > max_bytes:
        raise CivicKitError.of(
            "csv-file-too-large",
            name=name,
            size=_megabytes(size),
            limit=_megabytes(max_bytes),
            size_bytes=size,
            limit_bytes=max_bytes,
        )


def _bounded_read(handle: BinaryIO, expected: int | None, max_bytes: int) -> bytes:
    """Read at most ``max_bytes + 1`` bytes, asking only for what the file is known to hold.

    ``read(n)`` reserves ``n`` bytes before reading, so asking every upload for ``max_bytes + 1``
    (200 MB) would reserve that much memory for a 1 KB file. With a known size, one byte more than
    that size is asked for; if the file grew meanwhile, the rest is read, still bounded.
    """
    if expected is None:
        return handle.read(max_bytes + 1)
    want = min(expected, max_bytes) + 1
    data = handle.read(want)
    if isinstance(data, (bytes, bytearray)) and len(data) == want and want <= max_bytes:
        data = bytes(data) + handle.read(max_bytes + 1 - want)
    return data


def _megabytes(size: int) -> float:
    """Size in MB with one decimal (passed as a number so each language formats it its own way)."""
    return round(size / 1_000_000, 1)


def _remaining_size(handle: BinaryIO) -> int | None:
    try:
        if not handle.seekable():
            return None
        start = handle.tell()
        end = handle.seek(0, os.SEEK_END)
        handle.seek(start)
        return end - start
    except (AttributeError, OSError, ValueError):
        return None


def _forced_codec(encoding: str) -> str:
    try:
        info = codecs.lookup(encoding)
    except (LookupError, TypeError):
        raise CivicKitError.of("csv-unknown-encoding", encoding=str(encoding)) from None
    return _friendly(info.name) if info.name in _FRIENDLY else info.name


def _friendly(name: str) -> str:
    return _FRIENDLY.get(name.lower(), name.lower())


def _utf16_order(head: bytes) -> str | None:
    """``"utf-16-le"``/``"utf-16-be"`` when ``head`` looks like BOM-less UTF-16 text, else None."""
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    sample = head[: len(head) // 2 * 2]
    if len(sample) < 4:
        return None
    even, odd = sample[0::2], sample[1::2]
    even_zeros, odd_zeros = even.count(0), odd.count(0)
    half = len(sample) // 2
    if odd_zeros > 0.4 * half and even_zeros < 0.05 * half:
        return "utf-16-le"
    if even_zeros > 0.4 * half and odd_zeros < 0.05 * half:
        return "utf-16-be"
    return None


def _detect_and_decode(data: bytes) -> tuple[str, str, list[int]]:
    """Return ``(codec, text, lines repaired as Windows-1252)``."""
    if data.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):
        return "utf-32", _strict(data, "utf-32"), []
    name = "utf-8-sig" if data.startswith(codecs.BOM_UTF8) else _utf16_order(data[:8192]) or "utf-8"
    if name != "utf-8":
        return name, _strict(data, name), []
    try:
        return "utf-8", data.decode("utf-8"), []
    except UnicodeDecodeError:
        pass
    if _mostly_utf8(data):
        text, repaired = _decode_mixed(data)
        return "utf-8", text, repaired
    c1 = np.frombuffer(data, dtype=np.uint8)
    c1 = c1[(c1 >= 0x80) & (c1 <= 0x9F)]
    if c1.size and any(int(b) in _CP1252_UNDEFINED for b in np.unique(c1)):
        return "latin-1", data.decode("latin-1"), []
    return "cp1252", data.decode("cp1252"), []


def _mostly_utf8(data: bytes) -> bool:
    """More well-formed UTF-8 multi-byte sequences than stray high bytes (vectorised byte classes).

    In Windows-1252 Portuguese or Spanish text an accented letter is one byte followed by a plain
    letter, which never forms a UTF-8 sequence; in a UTF-8 file with a few pasted Windows-1252 lines
    almost every high byte belongs to a sequence. The first 8 MB decide; lines elsewhere that are
    not valid UTF-8 are still re-decoded one by one.
    """
    octets = np.frombuffer(data[:_UTF8_SAMPLE], dtype=np.uint8)
    high = octets >= 0x80
    continuation = (octets & 0xC0) == 0x80
    lead = (octets >= 0xC2) & (octets <= 0xF4)
    sequences = int(np.count_nonzero(lead[:-1] & continuation[1:]))
    in_sequence = sequences + int(np.count_nonzero(continuation[1:] & (lead[:-1] | continuation[:-1])))
    stray = int(np.count_nonzero(high)) - in_sequence
    return sequences > stray


def _strict(data: bytes, name: str) -> str:
    try:
        return data.decode(name)
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        raise CivicKitError.of("csv-decode-failed", encoding=name, line=line) from None


def _decode_mixed(data: bytes) -> tuple[str, list[int]]:
    """Decode UTF-8, re-decoding as Windows-1252 only the lines whose bytes are not valid UTF-8."""
    text = data.decode("utf-8", errors="surrogateescape")
    pieces: list[str] = []
    repaired: list[int] = []
    done = 0
    line = 1
    for match in _SURROGATE.finditer(text):
        if match.start() < done:
            continue
        start = text.rfind("\n", 0, match.start()) + 1
        end = text.find("\n", match.start())
        end = len(text) if end < 0 else end
        line += text.count("\n", done, start)
        pieces.append(text[done:start])
        raw = text[start:end].encode("utf-8", errors="surrogateescape")
        try:
            pieces.append(raw.decode("cp1252"))
        except UnicodeDecodeError:
            pieces.append(raw.decode("latin-1"))
        repaired.append(line)
        line += text.count("\n", start, end)
        done = end
    pieces.append(text[done:])
    return "".join(pieces), repaired


def _repair_mojibake(text: str) -> tuple[str, list[int]]:
    """Undo UTF-8 text that was decoded as Windows-1252 and saved again, line by line.

    A line is changed only when re-encoding it as Windows-1252 gives valid UTF-8, so correct text
    (which has no such sequences) is never touched.
    """
    if ("Ã" not in text and "Â" not in text) or not _MOJIBAKE.search(text):
        return text, []
    pieces: list[str] = []
    fixed: list[int] = []
    done = 0
    line = 1
    for match in _MOJIBAKE.finditer(text):
        if match.start() < done:
            continue
        start = text.rfind("\n", 0, match.start()) + 1
        end = text.find("\n", match.start())
        end = len(text) if end < 0 else end
        line += text.count("\n", done, start)
        pieces.append(text[done:start])
        original = text[start:end]
        try:
            pieces.append(original.encode("cp1252").decode("utf-8"))
            fixed.append(line)
        except UnicodeError:
            pieces.append(original)
        done = end
    pieces.append(text[done:])
    return "".join(pieces), fixed


def _check_text_kind(head: str) -> None:
    start = head.lstrip()[:512].lower()
    if start.startswith(("<!doctype html", "<html", "<head", "<body")) or (start.startswith("<") and "<html" in start):
        raise CivicKitError.of("csv-html-file")
    if start.startswith("<?xml"):
        if "excel.sheet" in head[:4096].lower() or "urn:schemas-microsoft-com:office:spreadsheet" in head:
            raise CivicKitError.of("csv-xls-file")
        raise CivicKitError.of("csv-xml-file")
    if start.startswith("{\\rtf"):
        # A Word/WordPad document starts with "{" too: it is not JSON, and saying so would mislead.
        raise CivicKitError.of("csv-rtf-file")
    if start.startswith("{") or re.match(r"\[\s*[\[{\"\d\]-]", start):
        raise CivicKitError.of("csv-json-file")


def _lines_issue(code: str, lines: list[int], severity: Severity) -> Issue:
    return Issue(
        code=code,
        params={"count": len(lines), "lines": format_lines(lines), "line_numbers": lines[:20]},
        severity=severity,
        row=lines[0] if lines else None,
    )


def format_lines(lines: list[int] | np.ndarray, shown: int = 5) -> str:
    """``"5, 9, 14…"``: the first few line numbers, in a form every language reads."""
    values = [str(int(v)) for v in list(lines[:shown])]
    text = ", ".join(values)
    return text + "…" if len(lines) > shown else text


def _code_units(data: bytes, encoding: str) -> np.ndarray | None:
    """The raw bytes as integer code units in which ASCII characters keep their value, or None."""
    if encoding in ("utf-16", "utf-16-le", "utf-16-be"):
        order = _utf16_order(data[:8192]) if encoding == "utf-16" else encoding
        body = data
        if data.startswith(codecs.BOM_UTF16_LE):
            order, body = "utf-16-le", data[2:]
        elif data.startswith(codecs.BOM_UTF16_BE):
            order, body = "utf-16-be", data[2:]
        dtype = "<u2" if order == "utf-16-le" else ">u2"
        return np.frombuffer(body[: len(body) // 2 * 2], dtype=dtype)
    try:
        ascii_safe = 'a;,|\t\n\r"'.encode(encoding) == b'a;,|\t\n\r"'
    except (LookupError, UnicodeError):
        ascii_safe = False
    if not ascii_safe:
        return None
    return np.frombuffer(data, dtype=np.uint8)


def _chunks(units: np.ndarray) -> Iterator[tuple[int, np.ndarray]]:
    for start in range(0, len(units), _CHUNK):
        yield start, units[start : start + _CHUNK]


def _positions(units: np.ndarray, value: int) -> np.ndarray:
    parts = [np.flatnonzero(chunk == value) + start for start, chunk in _chunks(units)]
    return np.concatenate(parts) if parts else np.empty(0, dtype=np.int64)


def _count(units: np.ndarray, value: int) -> int:
    return sum(int(np.count_nonzero(chunk == value)) for _, chunk in _chunks(units))
