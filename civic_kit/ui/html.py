"""Escaped HTML snippets for widgets: text from data or users is always escaped here, never in callers."""

from __future__ import annotations

import html
from collections.abc import Iterable, Sequence

__all__ = ["card", "escape", "heading", "note", "paragraph", "table"]

escape = html.escape


def heading(text: str, level: int = 2, *, lang: str | None = None) -> str:
    """A heading element; ``level`` is clamped to 1..6."""
    level = min(max(level, 1), 6)
    attr = f' lang="{escape(lang)}"' if lang else ""
    return f"<h{level}{attr}>{escape(text)}</h{level}>"


def paragraph(text: str, *, css_class: str = "") -> str:
    cls = f' class="{escape(css_class)}"' if css_class else ""
    return f"<p{cls}>{escape(text)}</p>"


def note(text: str, *, kind: str = "info") -> str:
    """A boxed note; ``kind`` is ``info``, ``warning`` or ``error`` (styled by the app shell's CSS)."""
    return f'<div class="ck-note ck-note-{escape(kind)}">{escape(text)}</div>'


def card(title: str, body: str, href: str, meta: str = "", link_text: str = "") -> str:
    """A gallery card: a titled link with a short description (the whole card is one link target)."""
    meta_html = f'<p class="ck-card-meta">{escape(meta)}</p>' if meta else ""
    action = f'<span class="ck-card-action" aria-hidden="true">{escape(link_text)} →</span>' if link_text else ""
    return (
        f'<a class="ck-card" href="{escape(href, quote=True)}">'
        f'<h3 class="ck-card-title">{escape(title)}</h3>'
        f'<p class="ck-card-body">{escape(body)}</p>{meta_html}{action}</a>'
    )


def table(headers: Sequence[str], rows: Iterable[Sequence[object]], *, caption: str = "") -> str:
    """A simple accessible table (caption, header cells with scope)."""
    head = "".join(f'<th scope="col">{escape(str(h))}</th>' for h in headers)
    body = "".join("<tr>" + "".join(f"<td>{escape(str(c))}</td>" for c in row) + "</tr>" for row in rows)
    cap = f"<caption>{escape(caption)}</caption>" if caption else ""
    return f'<table class="ck-table">{cap}<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>'
