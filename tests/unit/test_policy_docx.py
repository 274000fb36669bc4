"""The .docx export, re-opened with python-docx: real headings, bold article labels, plain user text."""

from __future__ import annotations

import io
from dataclasses import replace
from pathlib import Path

import pytest
from docx import Document

from civic_kit.i18n import LANGUAGES
from civic_kit.policy.answers import load_answers
from civic_kit.policy.docx_export import draft_to_docx
from civic_kit.policy.draft import build_draft
from civic_kit.policy.export import export_draft

EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "drafter"
COMPLETE = load_answers(EXAMPLES / "complete.yaml")[0]
EVIL = "<script>alert(1)</script> [x](javascript:alert(1)) <w:t>&amp;"


def _open(data: bytes):
    return Document(io.BytesIO(data))


@pytest.mark.parametrize("lang", LANGUAGES)
def test_round_trip_headings_and_articles(lang, tmp_path):
    draft = build_draft(COMPLETE, lang)
    path = export_draft(draft, tmp_path / "draft.docx")
    document = Document(str(path))
    paragraphs = document.paragraphs
    assert [p.text for p in paragraphs if p.style.name == "Title"] == [draft.title]
    headings = [p.text for p in paragraphs if p.style.name == "Heading 1"]
    expected = [f"{c.label} – {c.title}" for c in draft.chapters]
    expected += [draft.labels.justification_heading, draft.labels.notes_heading]
    assert headings == expected
    by_label = {p.runs[0].text: p for p in paragraphs if p.runs}
    for article in draft.articles():
        paragraph = by_label[article.label]
        assert paragraph.runs[0].bold is True
        assert paragraph.text.startswith(f"{article.label} {article.text}")
        notes = "".join(run.text for run in paragraph.runs[2:])
        assert notes == "".join(str(n) for n in article.notes)
        assert all(run.font.superscript for run in paragraph.runs[2:])
    texts = [p.text for p in paragraphs]
    for article in draft.articles():
        for item in article.items:
            assert f"{item.label} {item.text}" in " ".join(texts)
    assert document.core_properties.title == draft.title
    assert document.core_properties.language == lang


def test_unverified_references_are_listed_as_endnotes():
    draft = build_draft(COMPLETE, "pt-BR")
    texts = [p.text for p in _open(draft_to_docx(draft)).paragraphs]
    start = texts.index(draft.labels.notes_heading)
    notes = texts[start + 2 : start + 2 + len(draft.notes)]
    assert [line.split(". ", 1)[0] for line in notes] == [str(n.number) for n in draft.notes]
    flagged = [line for line in notes if "[referência a confirmar]" in line]
    assert len(flagged) == sum(not n.confirmed for n in draft.notes) > 0


def test_user_text_is_plain_text_in_word():
    """Markup-looking text (HTML, Markdown links, even WordprocessingML) is stored as escaped run text."""
    evil = replace(COMPLETE, municipality=EVIL, issuing_authority=EVIL, justification=f"{EVIL}\n\nfim")
    document = _open(draft_to_docx(build_draft(evil, "pt-BR")))
    texts = [p.text for p in document.paragraphs]
    assert EVIL in texts  # the signature line, character for character
    assert sum(EVIL in text for text in texts) >= 5
    assert not any(rel.reltype.endswith("/hyperlink") for rel in document.part.rels.values())
    body = document.element.body.xml
    assert "&lt;w:t&gt;&amp;amp;" in body  # the typed "<w:t>&amp;" did not become XML
    assert "<script>" not in body
