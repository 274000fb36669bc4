"""Escaped HTML snippets for widgets: text from data or users is always escaped here, never in callers."""

from __future__ import annotations

import html
from collections.abc import Callable, Iterable, Sequence
from urllib.parse import urlsplit

__all__ = ["bar_chart", "card", "download_link", "escape", "heading", "note", "paragraph", "safe_href", "table"]

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


def safe_href(href: str) -> str:
    """``href`` if it is a relative link or an http(s)/mailto URL, else ``"#"``.

    Escaping keeps quotes from breaking out of the attribute, but ``javascript:``, ``data:`` and
    ``vbscript:`` URLs would still run when clicked, so any other scheme is dropped.
    """
    text = str(href).strip()
    scheme = urlsplit(text).scheme.lower()
    compact = "".join(ch for ch in text.lower() if ch.isprintable() and not ch.isspace())
    if scheme in ("", "http", "https", "mailto") and not compact.startswith(("javascript:", "data:", "vbscript:")):
        return text
    return "#"


def card(title: str, body: str, href: str, meta: str = "", link_text: str = "", kind: str = "app") -> str:
    """A gallery card: a titled link with a short description (the whole card is one link target)."""
    meta_html = f'<p class="ck-card-meta">{escape(meta)}</p>' if meta else ""
    action = f'<span class="ck-card-action" aria-hidden="true">{escape(link_text)} →</span>' if link_text else ""
    return (
        f'<a class="ck-card ck-card-{escape(kind)}" href="{escape(safe_href(href), quote=True)}">'
        f'<h3 class="ck-card-title">{escape(title)}</h3>'
        f'<p class="ck-card-body">{escape(body)}</p>{meta_html}{action}</a>'
    )


def table(headers: Sequence[str], rows: Iterable[Sequence[object]], *, caption: str = "") -> str:
    """A simple accessible table (caption, header cells with scope)."""
    head = "".join(f'<th scope="col">{escape(str(h))}</th>' for h in headers)
    body = "".join("<tr>" + "".join(f"<td>{escape(str(c))}</td>" for c in row) + "</tr>" for row in rows)
    cap = f"<caption>{escape(caption)}</caption>" if caption else ""
    return f'<table class="ck-table">{cap}<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>'


def bar_chart(
    rows: Sequence[tuple[str, float]],
    *,
    caption: str,
    format_value: Callable[[float], str],
    source: str = "",
    max_value: float | None = None,
) -> str:
    """A horizontal bar chart in plain HTML/CSS: zero baseline, values printed, readable by screen readers.

    Bars start at zero and share one scale (``max_value`` or the largest value), so lengths compare
    honestly. The chart is a ``<figure>`` whose rows are real text, so it needs no alt text of its own and
    works without JavaScript or images.
    """
    top = max_value if max_value is not None else max((v for _, v in rows), default=0.0)
    items = []
    for label, value in rows:
        share = 0.0 if top <= 0 else max(0.0, min(1.0, value / top))
        items.append(
            '<div class="ck-bar-row">'
            f'<span class="ck-bar-label">{escape(label)}</span>'
            f'<span class="ck-bar-track" aria-hidden="true"><span class="ck-bar" style="width:{share * 100:.1f}%">'
            "</span></span>"
            f'<span class="ck-bar-value">{escape(format_value(value))}</span></div>'
        )
    source_html = f'<p class="ck-chart-source">{escape(source)}</p>' if source else ""
    return f'<figure class="ck-bars"><figcaption>{escape(caption)}</figcaption>{"".join(items)}{source_html}</figure>'


def download_link(data: bytes, filename: str, mime: str, label: str) -> str:
    """A link that saves ``data`` as ``filename`` from the browser, with no server round trip.

    The bytes travel inside a ``data:`` URL, so this works offline and behind any proxy; keep it for
    files of a few megabytes at most.
    """
    import base64

    payload = base64.b64encode(data).decode("ascii")
    return (
        f'<a class="ck-download" download="{escape(filename, quote=True)}" '
        f'href="data:{escape(mime, quote=True)};base64,{payload}">{escape(label)}</a>'
    )
