"""Markdown and HTML versions of a :class:`~civic_kit.policy.draft.Draft`, escaped by default.

Everything in a draft may contain text an official typed (a municipality called
``<script>alert(1)</script>`` or ``[x](javascript:alert(1))`` must show as those characters), so:

- HTML uses a Jinja2 environment with ``autoescape=True``; no HTML is ever built with f-strings.
- Markdown uses an environment whose ``finalize`` hook escapes *every* ``{{ expression }}`` with
  :func:`escape_markdown`, so a template cannot forget to escape; only the template's own literal
  text is Markdown syntax.

The HTML page is standalone and printable: inline CSS, ``<html lang=...>``, no scripts, fonts, images
or links to anything outside the file. ``standalone=False`` gives the same document as a fragment for
the app's live preview.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any

from civic_kit.policy.draft import Draft

__all__ = ["escape_markdown", "render_html", "render_markdown"]

# Characters that can start Markdown (CommonMark, GFM, pandoc) syntax anywhere in a line: emphasis,
# code, links and images, raw HTML, entities, tables, strike-through, footnotes, maths, superscript.
_INLINE = re.compile(r"([\\`*_\[\]<>|~&$^])")
# At the start of a line these also start blocks: headings, quotes, lists, rules, setext underlines.
_LINE_START = re.compile(r"^([#>+\-=:]|\d+[.)])")


def escape_markdown(value: Any) -> str:
    """Make any text print literally in Markdown (every renderer we know of), keeping it readable.

    Leading indentation is dropped (four spaces would start a code block) and each line is escaped on
    its own, so multi-line text (the justification) keeps its paragraphs.
    """
    if value is None:
        return ""
    lines = []
    for line in str(value).split("\n"):
        line = _INLINE.sub(r"\\\1", line.strip())
        match = _LINE_START.match(line)
        if match:
            line = "\\" + line
        lines.append(line)
    return "\n".join(lines)


@cache
def _environment(kind: str) -> Any:
    from jinja2 import Environment, PackageLoader, StrictUndefined

    options: dict[str, Any] = {
        "loader": PackageLoader("civic_kit.policy", "templates"),
        "undefined": StrictUndefined,
        "trim_blocks": True,
        "lstrip_blocks": True,
        "keep_trailing_newline": True,
    }
    if kind == "html":
        return Environment(autoescape=True, **options)
    return Environment(autoescape=False, finalize=escape_markdown, **options)


def render_markdown(draft: Draft) -> str:
    """The draft as Markdown (pandoc/GFM footnotes ``[^1]`` for legal references)."""
    text = _environment("md").get_template("draft.md.j2").render(draft=draft)
    return re.sub(r"\n{3,}", "\n\n", text).strip() + "\n"


def render_html(draft: Draft, *, standalone: bool = True) -> str:
    """The draft as HTML: a complete printable page, or (``standalone=False``) a fragment for previews."""
    return _environment("html").get_template("draft.html.j2").render(draft=draft, standalone=standalone)
