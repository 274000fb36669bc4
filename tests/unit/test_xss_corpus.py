"""No executable markup from user text survives any renderer.

Every renderer of text a user typed or uploaded is fed the same corpus of payloads; the output is
parsed with :mod:`html.parser` and must hold no ``<script>`` element, event-handler attribute or
``javascript:`` URL that carries a payload. Renderers that legitimately contain scripts (folium maps)
are compared by payload, never by counting their own scripts.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Callable
from html import unescape
from html.parser import HTMLParser
from io import BytesIO

import pytest

PAYLOADS = [
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "javascript:alert(1)",
    "[x](javascript:alert(1))",
    "<svg onload=alert(1)>",
    "{{7*7}}",
    "</textarea><script>alert(1)</script>",
    "\u202egpj.exe<script>alert(1)</script>",
    "<a href='javascript:alert(1)'>x</a>",
    "<iframe srcdoc='<script>alert(1)</script>'>",
]
_MARK = "alert(1)"
_RAW_TAG = re.compile(r"<\s*/?\s*(script|img|svg|iframe|a)\b", re.IGNORECASE)
_URL_ATTRS = {"href", "src", "action", "formaction", "xlink:href", "srcdoc", "data"}


class _Executable(HTMLParser):
    """Collects what a browser would run: script bodies, on* handlers, javascript: URLs, iframes."""

    def __init__(self, scripts_hold_data: bool) -> None:
        super().__init__(convert_charrefs=True)
        self.scripts_hold_data = scripts_hold_data
        self.found: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "iframe", "svg", "img") and tag != "script":
            for name, value in attrs:
                if name.startswith("on") or (name == "srcdoc" and value and _MARK in value):
                    self.found.append(f"<{tag} {name}>")
        if tag == "script":
            self._in_script = True
        for name, value in attrs:
            text = (value or "").strip().lower()
            if name.startswith("on") and _MARK in text:
                self.found.append(f"{tag}[{name}]")
            if name in _URL_ATTRS and text.startswith("javascript:"):
                self.found.append(f"{tag}[{name}=javascript:]")

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._in_script = False

    def handle_data(self, data: str) -> None:
        # Inside a script, user text may sit in a JSON string (folium escapes "<" as \u003c); it is
        # executable only if it arrives as raw markup.
        if self._in_script and _MARK in data and (not self.scripts_hold_data or _RAW_TAG.search(data)):
            self.found.append("script body with payload")


def executable(document: str, *, scripts_hold_data: bool = False) -> list[str]:
    """What in ``document`` a browser would run that carries the payload.

    ``scripts_hold_data``: the renderer has its own scripts (folium) that embed user text as JSON
    strings; a payload there counts only if it arrives as raw markup that would end the string.
    """
    parser = _Executable(scripts_hold_data)
    parser.feed(document)
    parser.close()
    return parser.found


# -- renderers ------------------------------------------------------------------------------------


def _ui_html(text: str) -> str:
    from civic_kit.ui import html

    return "".join(
        [
            html.heading(text),
            html.paragraph(text),
            html.note(text),
            html.card(text, text, text, meta=text, link_text=text),
            html.table([text], [[text, text]], caption=text),
            html.bar_chart([(text, 1.0)], caption=text, source=text, format_value=lambda v: text),
            html.download_link(text.encode(), text, "text/plain", text),
        ]
    )


def _policy_draft(text: str) -> object:
    from civic_kit.policy.answers import validate_answers
    from civic_kit.policy.draft import build_draft

    safe = text.replace("\u202e", "")  # bidi controls are refused by validation (own hostile case)
    report = validate_answers(
        {"municipality": safe, "population": 1000, "issuing_authority": safe, "justification": safe}
    )
    assert report.answers is not None, [i.code for i in report.issues]
    return build_draft(report.answers, "pt-BR")


def _policy_html(text: str) -> str:
    from civic_kit.policy.render import render_html

    return render_html(_policy_draft(text))


def _policy_markdown_as_html(text: str) -> str:
    """Markdown is shown through a Markdown renderer: convert it and check the HTML it would give."""
    from markdown_it import MarkdownIt

    from civic_kit.policy.render import render_markdown

    # CommonMark with raw HTML allowed, as notebooks and most viewers render Markdown.
    return MarkdownIt("commonmark").render(render_markdown(_policy_draft(text)))


def _transparency_html(text: str) -> str:
    from civic_kit.transparency.assessment import SelfAssessment, assess
    from civic_kit.transparency.render import render_html

    assessment = SelfAssessment(municipality=text[:200], population=5000, notes={"x": text})
    return render_html(assess(assessment), assessment, "pt-BR")


def _story_html(text: str) -> str:
    from civic_kit.journalism import story_html

    return story_html(title=text, paragraphs=[text, text], source=text, byline=text, lang="pt-BR")


def _map_html(text: str) -> str:
    from civic_kit.ui.maps import choropleth, map_html

    square = [[[-47.9, -22.5], [-47.8, -22.5], [-47.8, -22.4], [-47.9, -22.4], [-47.9, -22.5]]]
    geojson = {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "properties": {"district_id": "01", "name": text},
                "geometry": {"type": "Polygon", "coordinates": square},
            }
        ],
    }
    fmap = choropleth(geojson, {"01": 1.0}, title=text, legend_title=text, format_value=str, tooltip_label=text)
    return map_html(fmap, title=text)


RENDERERS: dict[str, Callable[[str], str]] = {
    "ui-html": _ui_html,
    "policy-html": _policy_html,
    "policy-markdown": _policy_markdown_as_html,
    "transparency-html": _transparency_html,
    "journalism-story": _story_html,
    "ui-maps": _map_html,
}


@pytest.mark.parametrize("payload", PAYLOADS, ids=range(len(PAYLOADS)))
@pytest.mark.parametrize("renderer", list(RENDERERS))
def test_no_executable_markup_from_user_text(renderer: str, payload: str) -> None:
    document = RENDERERS[renderer](payload)
    found = executable(document, scripts_hold_data=renderer == "ui-maps")
    assert found == []
    if payload == "{{7*7}}":
        # A template expression in user text is shown, never evaluated by Jinja2.
        assert "7*7" in unescape(document).replace("\\", "")


def test_checker_catches_raw_payloads() -> None:
    """The checker itself must fail on unescaped payloads (a test that cannot fail is a defect)."""
    assert executable("<p><script>alert(1)</script></p>")
    assert executable('<img src=x onerror="alert(1)">')
    assert executable("<a href='javascript:alert(1)'>x</a>")
    assert executable('<script>var s = "<img src=x onerror=alert(1)>";</script>', scripts_hold_data=True)
    assert not executable('<script>var s = "\\u003cimg onerror=alert(1)";</script>', scripts_hold_data=True)


def _docx_text(data: bytes) -> str:
    with zipfile.ZipFile(BytesIO(data)) as archive:
        return archive.read("word/document.xml").decode("utf-8")


@pytest.mark.parametrize("payload", PAYLOADS[:3], ids=range(3))
def test_docx_keeps_payload_as_text(payload: str) -> None:
    from civic_kit.policy.docx_export import draft_to_docx
    from civic_kit.transparency.assessment import SelfAssessment, assess
    from civic_kit.transparency.render import render_docx

    for data in (
        draft_to_docx(_policy_draft(payload)),
        render_docx(assess(a := SelfAssessment(municipality=payload, population=5000)), a, "pt-BR"),
    ):
        xml = _docx_text(data)
        # Word stores text as XML character data: markup in user text must arrive escaped.
        assert "<script>" not in xml and "<img " not in xml
