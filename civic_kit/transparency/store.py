"""Save and reopen a self-assessment as a small, versioned JSON file.

Why this much care for a small file: an official may spend an afternoon answering the checklist. The
file is written atomically (a temporary file in the same folder, flushed to disk, then renamed over the
target), so a crash or a full disk never leaves half a file. A file that cannot be read safely (damaged,
truncated, not an assessment, or written by a newer civic-kit) is refused with a translated message and
is never modified, and :func:`save` refuses to overwrite such a file, so work from a newer version is
not lost by an older one.

File shape (``schema_version`` 1)::

    {"format": "civic-kit/transparency-self-assessment", "schema_version": 1,
     "saved_with": "civic-kit 0.1.0",
     "assessment": {"municipality": ..., "population": ..., "country": "BR",
                    "answers": {"rev-collected": "yes", ...}, "notes": {"rev-collected": "..."}}}
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path
from typing import Any

from civic_kit import __version__
from civic_kit.problems import CivicKitError
from civic_kit.transparency.assessment import SelfAssessment

__all__ = ["FORMAT", "MAX_FILE_BYTES", "SCHEMA_VERSION", "dumps", "load", "loads", "save"]

FORMAT = "civic-kit/transparency-self-assessment"
#: Version of the file layout written by this civic-kit; files with a higher number are refused.
SCHEMA_VERSION = 1
#: A real assessment is a few kilobytes; anything far larger is not one of ours.
MAX_FILE_BYTES = 2_000_000


def dumps(assessment: SelfAssessment) -> str:
    """The file content for ``assessment`` (UTF-8 JSON, keys sorted, readable in a text editor)."""
    payload = {
        "format": FORMAT,
        "schema_version": SCHEMA_VERSION,
        "saved_with": f"civic-kit {__version__}",
        "assessment": assessment.to_dict(),
    }
    return json.dumps(payload, ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def loads(text: str, name: str = "") -> SelfAssessment:
    """Parse file content; ``name`` is only used in messages.

    Raises
    ------
    CivicKitError
        ``transparency-file-corrupt`` (not JSON, truncated, wrong field types),
        ``transparency-file-not-assessment`` (JSON of something else),
        ``transparency-file-newer`` (written by a newer civic-kit), or the content's own error
        (``transparency-bad-answer``...).
    """
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise CivicKitError.of("transparency-file-corrupt", name=name, line=error.lineno) from None
    except (RecursionError, ValueError):
        # ValueError: an integer longer than Python's 4,300-digit conversion limit is not an assessment.
        raise CivicKitError.of("transparency-file-corrupt", name=name, line=0) from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise CivicKitError.of("transparency-file-not-assessment", name=name)
    version = data.get("schema_version")
    if isinstance(version, bool) or not isinstance(version, int) or version < 1:
        raise CivicKitError.of("transparency-file-corrupt", name=name, line=0)
    if version > SCHEMA_VERSION:
        raise CivicKitError.of("transparency-file-newer", name=name, version=version, supported=SCHEMA_VERSION)
    body = data.get("assessment")
    if not isinstance(body, dict):
        raise CivicKitError.of("transparency-file-corrupt", name=name, line=0)
    return SelfAssessment.from_dict(_upgrade(body, version))


def _upgrade(body: dict[str, Any], version: int) -> dict[str, Any]:
    """Bring an older layout up to :data:`SCHEMA_VERSION` (version 1 is the first: nothing to do yet)."""
    return body


def load(path: str | os.PathLike[str]) -> SelfAssessment:
    """Read a saved assessment. The file is only read, never changed, whatever happens.

    Raises
    ------
    CivicKitError
        ``transparency-file-missing``, ``transparency-file-too-large``, or any error of :func:`loads`.
    """
    file = Path(path)
    if file.is_dir():
        raise CivicKitError.of("transparency-file-not-assessment", name=file.name)
    try:
        size = file.stat().st_size
        if size > MAX_FILE_BYTES:
            raise CivicKitError.of("transparency-file-too-large", name=file.name)
        raw = file.read_bytes()
    except FileNotFoundError:
        raise CivicKitError.of("transparency-file-missing", name=file.name) from None
    except PermissionError:
        raise CivicKitError.of("transparency-file-unreadable", name=file.name) from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise CivicKitError.of("transparency-file-corrupt", name=file.name, line=0) from None
    return loads(text, file.name)


def save(assessment: SelfAssessment, path: str | os.PathLike[str]) -> Path:
    """Write ``assessment`` to ``path`` atomically and return the path.

    An existing file is replaced only if it is itself a readable assessment that this version
    understands; anything else there is left untouched.

    Raises
    ------
    CivicKitError
        ``transparency-refuse-overwrite`` (the existing file is not ours or is newer),
        ``transparency-file-unwritable`` (folder missing or not writable).
    """
    file = Path(path)
    if file.exists():
        try:
            load(file)
        except CivicKitError as error:
            raise CivicKitError.of("transparency-refuse-overwrite", name=file.name, reason=error.issue.code) from None
    content = dumps(assessment).encode("utf-8")
    folder = file.parent if str(file.parent) else Path(".")
    try:
        handle, temp = tempfile.mkstemp(prefix=f".{file.name}.", suffix=".tmp", dir=folder)
    except OSError:
        raise CivicKitError.of("transparency-file-unwritable", name=file.name) from None
    try:
        # mkstemp creates the file readable by its owner only; give the saved file the usual permissions
        # (those of the file it replaces, else rw-r--r--).
        os.chmod(temp, file.stat().st_mode & 0o777 if file.exists() else 0o644)
        with os.fdopen(handle, "wb") as out:
            out.write(content)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temp, file)
    except OSError:
        Path(temp).unlink(missing_ok=True)
        raise CivicKitError.of("transparency-file-unwritable", name=file.name) from None
    return file
