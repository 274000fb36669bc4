"""The draft as a Word document (.docx), the format city halls actually edit and circulate.

Structure that survives editing in Word or LibreOffice: the title page uses the real ``Title`` style,
chapters and the closing sections use ``Heading 1`` (so the navigation pane and tables of contents work),
articles are ordinary paragraphs that start with a bold ``Art. 1º`` run, and items are indented
paragraphs. python-docx has no API for real footnotes, so legal references are superscript numbers
pointing to a numbered endnote list ("Notas"), where unverified references carry the
"[referência a confirmar]" flag.

Everything an official typed is added as run text, which python-docx stores as XML text nodes: it is
plain text in the document, never markup. python-docx is imported lazily (it pulls in lxml).
"""

from __future__ import annotations

import io
from typing import Any

from civic_kit.policy.draft import Draft

__all__ = ["draft_to_docx"]


def draft_to_docx(draft: Draft) -> bytes:
    """Build the .docx for ``draft`` and return its bytes (write them with ``atomic_write``)."""
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
    from docx.shared import Cm, Pt

    document = Document()
    properties = document.core_properties
    properties.title = draft.title
    properties.subject = draft.ementa
    properties.language = draft.lang
    properties.author = "civic-kit"
    properties.comments = draft.labels.disclaimer
    normal = document.styles["Normal"]
    normal.font.name = "Times New Roman"
    normal.font.size = Pt(12)

    # Title page: title, ementa, the facts of the draft and the disclaimer.
    document.add_paragraph(draft.title, style="Title")
    ementa = document.add_paragraph()
    ementa.paragraph_format.left_indent = Cm(7)
    ementa.add_run(draft.ementa).italic = True
    for label, value in draft.cover:
        fact = document.add_paragraph()
        fact.add_run(f"{label}: ").bold = True
        fact.add_run(value)
    disclaimer = document.add_paragraph()
    disclaimer.add_run(draft.labels.disclaimer).italic = True
    disclaimer.add_run().add_break(WD_BREAK.PAGE)

    # Body.
    document.add_paragraph(draft.authority)
    for recital in draft.recitals:
        paragraph = document.add_paragraph()
        paragraph.add_run(recital.lead).bold = True
        paragraph.add_run(f" {recital.text}")
        _notes(paragraph, recital.notes)
    document.add_paragraph().add_run(draft.formula).bold = True
    for chapter in draft.chapters:
        document.add_heading(f"{chapter.label} – {chapter.title}", level=1)
        for article in chapter.articles:
            paragraph = document.add_paragraph()
            paragraph.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
            paragraph.add_run(article.label).bold = True
            paragraph.add_run(f" {article.text}")
            _notes(paragraph, article.notes)
            for item in article.items:
                _line(document, item.label, item.text, Cm(1), item.notes)
                for sub in item.subitems:
                    _line(document, sub.label, sub.text, Cm(2), ())
            for par in article.paragraphs:
                paragraph = document.add_paragraph()
                paragraph.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
                paragraph.add_run(par.label).bold = True
                paragraph.add_run(f" {par.text}")
                _notes(paragraph, par.notes)
                for item in par.items:
                    _line(document, item.label, item.text, Cm(1), item.notes)
    for line in draft.closing:
        closing = document.add_paragraph(line)
        closing.alignment = WD_ALIGN_PARAGRAPH.CENTER

    if draft.justification:
        document.add_heading(draft.labels.justification_heading, level=1)
        for block in draft.justification.split("\n\n"):
            document.add_paragraph(block)
    if draft.notes:
        document.add_heading(draft.labels.notes_heading, level=1)
        document.add_paragraph(draft.labels.notes_intro)
        for note in draft.notes:
            paragraph = document.add_paragraph()
            paragraph.add_run(f"{note.number}. ").bold = True
            paragraph.add_run(note.text(draft.labels.to_confirm))
    footer = document.add_paragraph()
    footer.add_run(draft.labels.generated_by).font.size = Pt(9)

    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _line(document: Any, label: str, text: str, indent: Any, notes: tuple[int, ...]) -> None:
    paragraph = document.add_paragraph()
    paragraph.paragraph_format.left_indent = indent
    paragraph.add_run(f"{label} {text}")
    _notes(paragraph, notes)


def _notes(paragraph: Any, numbers: tuple[int, ...]) -> None:
    for number in numbers:
        paragraph.add_run(str(number)).font.superscript = True
