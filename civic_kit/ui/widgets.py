"""Small widget builders every app uses: labelled inputs and size-limited uploads.

Each input gets a visible, translated label (``description``) wide enough not to be cut, which is also its
accessible name. Uploads are checked for size before anything parses them.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from contextlib import AbstractContextManager
from dataclasses import dataclass
from typing import Any

import ipywidgets as widgets

from civic_kit.problems import CivicKitError

__all__ = [
    "DEFAULT_MAX_UPLOAD_BYTES",
    "UploadedFile",
    "labelled",
    "on_change",
    "read_upload",
    "take_upload",
    "upload_button",
]

#: Uploads larger than this are refused before parsing (the Voila websocket also caps message size).
DEFAULT_MAX_UPLOAD_BYTES = 20 * 1024 * 1024


def labelled(widget: widgets.Widget, label: str, *, width: str = "auto", label_width: str = "initial") -> Any:
    """Set a widget's visible label (its accessible name) and let the label take the room it needs."""
    widget.description = label
    widget.style.description_width = label_width
    if width != "auto":
        widget.layout.width = width
    return widget


def upload_button(label: str, accept: str) -> widgets.FileUpload:
    """A single-file upload button with a translated label."""
    return widgets.FileUpload(description=label, accept=accept, multiple=False, layout=widgets.Layout(width="auto"))


@dataclass(frozen=True)
class UploadedFile:
    name: str
    content: bytes


def read_upload(upload: widgets.FileUpload, *, max_bytes: int = DEFAULT_MAX_UPLOAD_BYTES) -> UploadedFile | None:
    """The uploaded file (or ``None`` if nothing was chosen); too large -> ``CivicKitError("upload-too-large")``."""
    value: Any = upload.value
    if not value:
        return None
    item = value[0] if isinstance(value, (list, tuple)) else next(iter(value.values()))
    name = str(item.get("name", "upload"))
    size = int(item.get("size", len(item.get("content", b""))))
    if size > max_bytes:
        raise CivicKitError.of(
            "upload-too-large", name=name, size_mb=round(size / 1e6, 1), limit_mb=round(max_bytes / 1e6)
        )
    content = item.get("content", b"")
    return UploadedFile(name=name, content=bytes(content))


def take_upload(
    upload: widgets.FileUpload,
    accept: Callable[[bytes, str], None],
    *,
    max_bytes: int = DEFAULT_MAX_UPLOAD_BYTES,
    quietly: Callable[[], AbstractContextManager[Any]] = contextlib.nullcontext,
) -> None:
    """Give the chosen file to ``accept(content, name)``, then empty the widget.

    Emptying it means that sending the same (corrected) file again is seen as a change. It happens even
    when the file is refused; the error still reaches the caller, which shows it. ``quietly`` wraps the
    emptying for apps that must not treat it as a new event.
    """
    if not upload.value:
        return
    try:
        file = read_upload(upload, max_bytes=max_bytes)
        if file is not None:
            accept(file.content, file.name)
    finally:
        with quietly():
            upload.value = ()


def on_change(widget: widgets.Widget, callback: Callable[[Any], None], names: str = "value") -> None:
    """Observe ``names`` on ``widget`` (a tiny helper that keeps app code to one line per input)."""
    widget.observe(lambda change: callback(change["new"]), names=names)
