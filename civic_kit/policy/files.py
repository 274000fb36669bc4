"""Writing files so that a crash, a full disk or a wrong path never leaves a half-written document.

An official who saves answers or exports a draft over yesterday's version must find either the old file
or the new one, never a truncated mix. Everything the drafter writes goes through :func:`atomic_write`:
a temporary file in the same folder, flushed to disk, then ``os.replace`` (atomic on POSIX and Windows).
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

from civic_kit.problems import CivicKitError

__all__ = ["atomic_write"]


def atomic_write(path: str | os.PathLike[str], data: bytes) -> Path:
    """Write ``data`` to ``path`` atomically and return the path.

    Raises
    ------
    CivicKitError
        ``policy-file-write`` when the folder does not exist, is not writable, or ``path`` is a folder.
        The temporary file is removed and any existing file at ``path`` is left untouched.
    """
    target = Path(path)
    folder = target.parent
    try:
        handle, temporary = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
    except OSError:
        raise CivicKitError.of("policy-file-write", path=str(target)) from None
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temporary, _mode_for(target))
        os.replace(temporary, target)
    except OSError:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise CivicKitError.of("policy-file-write", path=str(target)) from None
    return target


def _mode_for(target: Path) -> int:
    """Keep an existing file's permissions; new files get the usual rw-r--r--."""
    try:
        return target.stat().st_mode & 0o777
    except OSError:
        return 0o644
