"""Write a draft to a file in one of the export formats, atomically.

One entry point for the CLI and the app's download buttons: :func:`draft_bytes` gives the bytes (the
app offers them for download), :func:`export_draft` writes them with
:func:`~civic_kit.policy.files.atomic_write` so a failed export never leaves a broken file behind.
"""

from __future__ import annotations

from pathlib import Path

from civic_kit.policy.draft import Draft
from civic_kit.policy.files import atomic_write
from civic_kit.problems import CivicKitError

__all__ = ["FORMATS", "draft_bytes", "export_draft", "format_for"]

#: Export formats and the file extension each one uses.
FORMATS: dict[str, str] = {"docx": ".docx", "html": ".html", "md": ".md"}
_ALIASES = {".htm": "html", ".markdown": "md"}


def format_for(path: str | Path, fmt: str | None = None) -> str:
    """The export format: ``fmt`` when given, else guessed from the file extension.

    Raises
    ------
    CivicKitError
        ``policy-export-format`` for an unknown format or extension.
    """
    if fmt is None:
        suffix = Path(path).suffix.lower()
        fmt = next((name for name, ext in FORMATS.items() if ext == suffix), _ALIASES.get(suffix))
    if fmt not in FORMATS:
        raise CivicKitError.of("policy-export-format", format=str(fmt or Path(path).suffix or "?"))
    return fmt


def draft_bytes(draft: Draft, fmt: str) -> bytes:
    """The exported document as bytes (UTF-8 for text formats)."""
    if fmt == "docx":
        from civic_kit.policy.docx_export import draft_to_docx

        return draft_to_docx(draft)
    from civic_kit.policy.render import render_html, render_markdown

    if fmt == "html":
        return render_html(draft).encode("utf-8")
    if fmt == "md":
        return render_markdown(draft).encode("utf-8")
    raise CivicKitError.of("policy-export-format", format=str(fmt))


def export_draft(draft: Draft, path: str | Path, fmt: str | None = None) -> Path:
    """Render ``draft`` in ``fmt`` (default: from the extension) and write it atomically to ``path``."""
    chosen = format_for(path, fmt)
    data = draft_bytes(draft, chosen)
    return atomic_write(path, data)
