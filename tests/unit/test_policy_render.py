"""Markdown and HTML exports: standalone, printable, and everything the user typed shown as text."""

from __future__ import annotations

from collections import Counter
from dataclasses import replace
from html.parser import HTMLParser
from pathlib import Path

import pytest
from markdown_it import MarkdownIt

from civic_kit.i18n import LANGUAGES
from civic_kit.policy.answers import Answers, load_answers
from civic_kit.policy.draft import build_draft
from civic_kit.policy.export import draft_bytes, export_draft, format_for
from civic_kit.policy.render import escape_markdown, render_html, render_markdown
from civic_kit.problems import CivicKitError

EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "drafter"
COMPLETE = load_answers(EXAMPLES / "complete.yaml")[0]

XSS = {
    "script-tag": "<script>alert(1)</script>",
    "img-onerror": '<img src=x onerror="alert(1)">',
    "svg-onload": "</p><svg onload=alert(1)>",
    "attribute-breakout": '" onmouseover="alert(1)',
    "javascript-url": "javascript:alert(document.cookie)",
    "html-link": '<a href="javascript:alert(1)">clique</a>',
    "markdown-link": "[clique aqui](javascript:alert(1))",
    "markdown-image": "![x](https://evil.example/track.png)",
    "markdown-autolink": "<https://evil.example/phish>",
    "reference-link": "[x][1] [1]: javascript:alert(1)",
    "footnote-injection": "Vila[^1] e [^2]: nota falsa",
    "html-entity": "&lt;script&gt; &amp; &#60;b&#62;",
    "emphasis-and-code": "**negrito** _itálico_ `código` ~~riscado~~",
    "table-pipes": "a | b | c",
    "template-syntax": "{{ 7*7 }} {% raw %} {population}",
    "heading-marker": "# Título falso",
    "list-marker": "1. primeiro",
}
ALLOWED_TAGS = {
    "html",
    "head",
    "meta",
    "title",
    "style",
    "body",
    "article",
    "header",
    "p",
    "dl",
    "div",
    "dt",
    "dd",
    "h1",
    "h2",
    "section",
    "strong",
    "span",
    "sup",
    "a",
    "footer",
    "ol",
    "li",
}


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data):
        self.text.append(data)


def _parse(html: str) -> _Collector:
    collector = _Collector()
    collector.feed(html)
    collector.close()
    return collector


def _evil(payload: str) -> Answers:
    return replace(
        COMPLETE,
        municipality=payload,
        state=payload,
        issuing_authority=payload,
        oversight_body=payload,
        dpo=payload,
        justification=f"{payload}\n\n{payload}",
    )


@pytest.mark.parametrize("payload", XSS.values(), ids=XSS.keys())
def test_html_shows_user_text_as_text(payload):
    html = render_html(build_draft(_evil(payload), "pt-BR"))
    parsed = _parse(html)
    assert {tag for tag, _ in parsed.tags} <= ALLOWED_TAGS
    for tag, attrs in parsed.tags:
        assert not any(name.startswith("on") for name in attrs), (tag, attrs)
        assert "src" not in attrs
        if "href" in attrs:
            assert (attrs["href"] or "").startswith("#ck-note-")
    text = "".join(parsed.text)
    assert text.count(payload) >= 6  # cover page, ementa, preamble, articles, signature, justification


@pytest.mark.parametrize("payload", XSS.values(), ids=XSS.keys())
def test_markdown_shows_user_text_as_text(payload):
    """Rendered by a CommonMark parser, the draft has exactly the structure it has with harmless text."""
    commonmark = MarkdownIt("commonmark")
    parsed = _parse(commonmark.render(render_markdown(build_draft(_evil(payload), "pt-BR"))))
    baseline = _parse(commonmark.render(render_markdown(build_draft(_evil("Texto simples"), "pt-BR"))))
    assert Counter(tag for tag, _ in parsed.tags) == Counter(tag for tag, _ in baseline.tags)
    assert not {tag for tag, _ in parsed.tags} & {"script", "img", "svg", "a", "table", "code", "ol", "ul"}
    assert "".join(parsed.text).count(payload) >= 6


def test_escape_markdown_keeps_paragraphs_and_drops_indentation():
    assert escape_markdown("a\n\n    b") == "a\n\nb"
    assert escape_markdown("- item") == "\\- item"
    assert escape_markdown("2) x") == "\\2) x"
    assert escape_markdown(None) == ""


@pytest.mark.parametrize("lang", LANGUAGES)
def test_standalone_html_is_self_contained_and_printable(lang):
    html = render_html(build_draft(COMPLETE, lang))
    assert html.lstrip().startswith("<!DOCTYPE html>")
    assert f'<html lang="{lang}">' in html
    assert "<style>" in html and "@media print" in html and "@page" in html
    for forbidden in ("<script", "<link", "<img", "<iframe", "@import", "url("):
        assert forbidden not in html
    parsed = _parse(html)
    assert all(not attrs.get("src") for _, attrs in parsed.tags)
    draft = build_draft(COMPLETE, lang)
    assert html.count('class="ck-article"') == len(draft.articles())


def test_preview_fragment_has_no_page_wrapper():
    fragment = render_html(build_draft(COMPLETE, "es"), standalone=False)
    assert "<html" not in fragment and "<body" not in fragment
    assert fragment.startswith('<div class="ck-draft-preview" lang="es">')


def test_markdown_structure_and_footnotes():
    draft = build_draft(COMPLETE, "pt-BR")
    markdown = render_markdown(draft)
    assert markdown.count("\n## CAPÍTULO ") == len(draft.chapters)
    assert "**Art. 1º** Fica instituída" in markdown and "**Art. 10.** " in markdown
    assert "\n**Parágrafo único.** " in markdown
    assert "\nI – " in markdown and "\na) saúde;" in markdown
    assert "[^1]" in markdown and "\n[^1]: " in markdown
    assert "[referência a confirmar]" not in markdown  # brackets are escaped in Markdown ...
    assert "\\[referência a confirmar\\]" in markdown  # ... and render as the plain flag


def test_unverified_references_are_flagged_in_html():
    html = render_html(build_draft(COMPLETE, "en"))
    assert "[reference to be confirmed]" in html
    assert 'class="ck-to-confirm"' in html and 'class="ck-confirmed"' in html


@pytest.mark.parametrize(
    ("path", "fmt", "expected"),
    [
        ("a.docx", None, "docx"),
        ("a.HTML", None, "html"),
        ("a.htm", None, "html"),
        ("a.markdown", None, "md"),
        ("a.txt", "md", "md"),
    ],
)
def test_format_for(path, fmt, expected):
    assert format_for(path, fmt) == expected


@pytest.mark.parametrize(("path", "fmt"), [("a.pdf", None), ("a", None), ("a.md", "pdf")])
def test_unknown_export_formats(path, fmt):
    with pytest.raises(CivicKitError) as error:
        format_for(path, fmt)
    assert error.value.issue.code == "policy-export-format"
    with pytest.raises(CivicKitError):
        draft_bytes(build_draft(COMPLETE, "en"), "pdf")


def test_export_writes_atomically(tmp_path):
    draft = build_draft(COMPLETE, "es")
    for name in ("borrador.md", "borrador.html", "borrador.docx"):
        path = export_draft(draft, tmp_path / name)
        assert path.stat().st_size > 1000
    assert sorted(p.name for p in tmp_path.iterdir()) == ["borrador.docx", "borrador.html", "borrador.md"]
    with pytest.raises(CivicKitError) as error:
        export_draft(draft, tmp_path / "missing" / "x.md")
    assert error.value.issue.code == "policy-file-write"
