"""The draft as a tree of frozen dataclasses: Draft > Chapter > Article > Paragraph / Item > Subitem.

Building and rendering are separate on purpose. :func:`build_draft` decides the structure, the
numbering (``Art. 1º`` … ``Art. 10.``, ``Parágrafo único.``, ``I –``, ``a)``) and the wording in one
language; Markdown, HTML and .docx exports (and the app's live preview) only lay the tree out, so they
can never disagree about what the law says. Every string in the tree is plain text: escaping is the
renderers' job.

Building a draft is pure and takes a few milliseconds, well inside the app's 100 ms preview budget.

Example
-------
>>> from civic_kit.policy.answers import Answers
>>> draft = build_draft(Answers("Exemplópolis", 8500, "O Prefeito Municipal"), "pt-BR")
>>> draft.articles()[0].label
'Art. 1º'
"""

from __future__ import annotations

import string
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from civic_kit import __version__
from civic_kit.i18n import normalize_language, t
from civic_kit.policy.answers import Answers
from civic_kit.policy.catalogue import Catalogue, Entry, Provision, RefUse, catalogue
from civic_kit.policy.numbering import (
    article_label,
    chapter_label,
    item_label,
    join_words,
    list_ending,
    paragraph_label,
    subitem_label,
)
from civic_kit.policy.selection import Selection, select

__all__ = [
    "CONTEXT_FIELDS",
    "Article",
    "Chapter",
    "Draft",
    "DraftLabels",
    "Item",
    "Note",
    "Paragraph",
    "Recital",
    "Subitem",
    "build_draft",
    "draft_context",
    "placeholders",
]


@dataclass(frozen=True)
class Note:
    """A legal reference cited in the draft, listed once at the end with its verification status."""

    number: int
    ref: str
    label: str
    status: str
    status_text: str
    confirmed: bool

    def text(self, to_confirm: str) -> str:
        """``Lei nº 12.527/2011, art. 11`` or, when not verified, followed by the to-confirm flag."""
        if self.confirmed:
            return self.label
        return f"{self.label} {to_confirm} ({self.status_text})"


@dataclass(frozen=True)
class Subitem:
    label: str
    text: str


@dataclass(frozen=True)
class Item:
    label: str
    text: str
    subitems: tuple[Subitem, ...] = ()
    provision: str | None = None
    notes: tuple[int, ...] = ()


@dataclass(frozen=True)
class Paragraph:
    label: str
    text: str
    items: tuple[Item, ...] = ()
    provision: str | None = None
    notes: tuple[int, ...] = ()


@dataclass(frozen=True)
class Article:
    """One article: its caput (``text``), items under the caput, then paragraphs."""

    number: int
    label: str
    text: str
    provision: str
    items: tuple[Item, ...] = ()
    paragraphs: tuple[Paragraph, ...] = ()
    notes: tuple[int, ...] = ()

    def plain_text(self) -> str:
        """The whole article as one plain string without its label (what :mod:`compare` diffs)."""
        lines = [self.text]
        for item in self.items:
            lines.append(f"{item.label} {item.text}")
            lines.extend(f"{s.label} {s.text}" for s in item.subitems)
        for paragraph in self.paragraphs:
            lines.append(f"{paragraph.label} {paragraph.text}")
            lines.extend(f"{i.label} {i.text}" for i in paragraph.items)
        return "\n".join(lines)


@dataclass(frozen=True)
class Chapter:
    id: str
    number: int
    label: str
    title: str
    articles: tuple[Article, ...]


@dataclass(frozen=True)
class Recital:
    lead: str
    """``CONSIDERANDO`` / ``WHEREAS``."""
    text: str
    provision: str
    notes: tuple[int, ...] = ()


@dataclass(frozen=True)
class DraftLabels:
    """Fixed headings and notices of the document, already in the draft's language."""

    notes_heading: str
    notes_intro: str
    to_confirm: str
    disclaimer: str
    justification_heading: str
    cover_heading: str
    generated_by: str


@dataclass(frozen=True)
class Draft:
    """A complete draft in one language, ready for any renderer."""

    lang: str
    country: str
    instrument: str
    title: str
    ementa: str
    authority: str
    recitals: tuple[Recital, ...]
    formula: str
    chapters: tuple[Chapter, ...]
    closing: tuple[str, ...]
    justification: str
    notes: tuple[Note, ...]
    labels: DraftLabels
    cover: tuple[tuple[str, str], ...]
    """Title-page facts as (label, value) pairs: municipality, state, country, instrument."""
    provisions: tuple[str, ...]
    """Ids of the provisions in the draft, in document order."""

    def articles(self) -> tuple[Article, ...]:
        return tuple(a for c in self.chapters for a in c.articles)

    def article(self, provision_id: str) -> Article | None:
        """The article written for a provision, if the draft has it."""
        return next((a for a in self.articles() if a.provision == provision_id), None)

    def texts(self) -> Iterator[str]:
        """Every string of the document body (used by tests and search)."""
        yield from (self.title, self.ementa, self.authority, self.formula)
        for recital in self.recitals:
            yield f"{recital.lead} {recital.text}"
        for chapter in self.chapters:
            yield chapter.label
            yield chapter.title
            for article in chapter.articles:
                yield article.label
                yield article.plain_text()
        yield from self.closing
        if self.justification:
            yield self.justification


def draft_context(answers: Answers, lang: str) -> dict[str, Any]:
    """The values clause templates may use (``{municipality}``, ``{deadline_plan}``, ``{of_this_act}``...).

    Every placeholder has a value even when the answer is empty, so a template can never fail; the
    catalogue's conditions make sure a clause naming, say, the oversight body only appears when one is
    named (a test checks this for every clause).
    """
    a = answers
    formats = [t(f"policy.draft.format.{f}", lang) for f in a.formats]
    place = f"{a.municipality} – {a.state}" if a.state else a.municipality
    this_act = t(f"policy.act.{a.instrument}.this", lang)
    return {
        "municipality": a.municipality,
        "state": a.state,
        "place": place,
        "country_name": t(f"policy.opt.country.{a.country.lower()}", lang),
        "population": a.population,
        "issuing_authority": a.issuing_authority,
        "oversight_body": a.oversight_body,
        "dpo": a.dpo,
        "portal_url": a.portal_url,
        "this_act": this_act,
        "this_act_start": this_act[:1].upper() + this_act[1:],
        "of_this_act": t(f"policy.act.{a.instrument}.of", lang),
        "in_this_act": t(f"policy.act.{a.instrument}.in", lang),
        "formats": join_words(formats, lang),
        "plan_period": _years(a.plan_period_years, lang),
        "review_period": _years(a.review_period_years, lang) if a.review_period_years else "",
        "deadline_plan": _days(a.deadline_plan_days, lang),
        "deadline_inventory": _days(a.deadline_inventory_days, lang),
        "deadline_portal": _days(a.deadline_portal_days, lang),
        "access_law": t(f"policy.law.access.{a.country.lower()}", lang),
        "data_protection_law": t(f"policy.law.data-protection.{a.country.lower()}", lang),
    }


#: Placeholder names every clause may use; tests check no clause uses another.
CONTEXT_FIELDS = frozenset(
    {
        "municipality",
        "state",
        "place",
        "country_name",
        "population",
        "issuing_authority",
        "oversight_body",
        "dpo",
        "portal_url",
        "this_act",
        "this_act_start",
        "of_this_act",
        "in_this_act",
        "formats",
        "plan_period",
        "review_period",
        "deadline_plan",
        "deadline_inventory",
        "deadline_portal",
        "access_law",
        "data_protection_law",
    }
)


def _years(n: int, lang: str) -> str:
    return t("policy.unit.years-one" if n == 1 else "policy.unit.years-other", lang, n=n)


def _days(n: int, lang: str) -> str:
    return t("policy.unit.days-one" if n == 1 else "policy.unit.days-other", lang, n=n)


def build_draft(answers: Answers, lang: str | None = None, selection: Selection | None = None) -> Draft:
    """Write the draft for ``answers`` in ``lang`` (pt-BR, es or en).

    Parameters
    ----------
    answers
        Validated answers.
    lang
        Language of the draft; the country's legal conventions are kept whatever the language, so an
        English draft for a Brazilian city still cites the LAI.
    selection
        A selection already computed for ``answers`` (the app shares one with the coverage report).
    """
    lang = normalize_language(lang)
    cat = catalogue()
    chosen = selection if selection is not None else select(answers, cat)
    return _Builder(answers, lang, cat, chosen).build()


class _Builder:
    """Walks the catalogue once, numbering articles and collecting notes in document order."""

    def __init__(self, answers: Answers, lang: str, cat: Catalogue, selection: Selection) -> None:
        self.answers = answers
        self.values = answers.values()
        self.lang = lang
        self.cat = cat
        self.by_id = cat.by_id()
        self.selection = selection
        self.included = selection.included
        self.context = draft_context(answers, lang)
        self.notes: dict[str, Note] = {}

    def build(self) -> Draft:
        a, lang = self.answers, self.lang
        recitals = tuple(
            Recital(
                lead=t("policy.draft.recital-lead", lang),
                text=self._text(p) + ";",
                provision=p.id,
                notes=self._cite(p.refs),
            )
            for p in self.cat.provisions
            if p.kind == "recital" and p.id in self.included
        )
        chapters = []
        number = 0
        for chapter_id in self.cat.chapters:
            articles = []
            for p in self.cat.provisions:
                if p.kind == "article" and p.chapter == chapter_id and p.id in self.included:
                    number += 1
                    articles.append(self._article(p, number))
            if articles:
                chapters.append(
                    Chapter(
                        id=chapter_id,
                        number=len(chapters) + 1,
                        label=chapter_label(len(chapters) + 1, lang),
                        title=t(f"policy.chapter.{chapter_id}", lang),
                        articles=tuple(articles),
                    )
                )
        labels = DraftLabels(
            notes_heading=t("policy.draft.notes-heading", lang),
            notes_intro=t("policy.draft.notes-intro", lang),
            to_confirm=t("policy.draft.to-confirm", lang),
            disclaimer=t("policy.draft.disclaimer", lang),
            justification_heading=t("policy.draft.justification-heading", lang),
            cover_heading=t("policy.draft.cover-heading", lang),
            generated_by=t("policy.draft.generated-by", lang, version=__version__),
        )
        cover = [
            (t("policy.q.municipality.label", lang), a.municipality),
            (t("policy.q.country.label", lang), self.context["country_name"]),
        ]
        if a.state:
            cover.insert(1, (t("policy.q.state.label", lang), a.state))
        cover.append((t("policy.q.instrument.label", lang), t(f"policy.opt.instrument.{a.instrument}", lang)))
        cover.append((t("policy.q.issuing_authority.label", lang), a.issuing_authority))
        return Draft(
            lang=lang,
            country=a.country,
            instrument=a.instrument,
            title=t(f"policy.act.{a.instrument}.title", lang),
            ementa=t("policy.draft.ementa", lang, **self.context),
            authority=t(f"policy.act.{a.instrument}.authority", lang, **self.context),
            recitals=recitals,
            formula=t(f"policy.act.{a.instrument}.formula", lang, **self.context),
            chapters=tuple(chapters),
            closing=(t("policy.draft.place-date", lang, **self.context), a.issuing_authority),
            justification=a.justification,
            notes=tuple(sorted(self.notes.values(), key=lambda n: n.number)),
            labels=labels,
            cover=tuple(cover),
            provisions=tuple(p.id for p in self.cat.provisions if p.id in self.included),
        )

    # ------------------------------------------------------------------------------------ parts

    def _article(self, p: Provision, number: int) -> Article:
        notes = self._cite(p.refs)
        items = self._items(p, final=".")
        paragraphs = self._paragraphs(p)
        return Article(
            number=number,
            label=article_label(number, self.lang),
            text=self._text(p),
            provision=p.id,
            items=items,
            paragraphs=paragraphs,
            notes=notes,
        )

    def _items(self, p: Provision, final: str) -> tuple[Item, ...]:
        """Items of an article or paragraph, numbered and punctuated as one enumeration."""
        slots: list[tuple[str, Mapping[str, Any]]] = []
        for entry in p.items:
            slot = self._slot(p, entry, "item")
            if slot is not None:
                slots.append(slot)
        items = []
        for index, (text, extra) in enumerate(slots):
            ending = list_ending(index, len(slots), self.lang, final)
            subitems = self._subitems(extra.get("subitems_from"), ending)
            items.append(
                Item(
                    label=item_label(index + 1, self.lang),
                    text=text if subitems else text + ending,
                    subitems=subitems,
                    provision=extra.get("provision"),
                    notes=extra["notes"],
                )
            )
        return tuple(items)

    def _paragraphs(self, p: Provision) -> tuple[Paragraph, ...]:
        slots = []
        for entry in p.paragraphs:
            slot = self._slot(p, entry, "par")
            if slot is not None:
                slots.append(slot)
        paragraphs = []
        for index, (text, extra) in enumerate(slots):
            child = self.by_id.get(extra.get("provision") or "")
            paragraphs.append(
                Paragraph(
                    label=paragraph_label(index + 1, len(slots), self.lang),
                    text=text,
                    items=self._items(child, final=".") if child is not None else (),
                    provision=extra.get("provision"),
                    notes=extra["notes"],
                )
            )
        return tuple(paragraphs)

    def _slot(self, p: Provision, entry: Entry, kind: str) -> tuple[str, Mapping[str, Any]] | None:
        """Text and metadata of one item/paragraph slot, or ``None`` when it is left out."""
        if entry.provision is not None:
            child = self.by_id[entry.provision]
            if child.id not in self.included:
                return None
            return self._text(child), {
                "provision": child.id,
                "notes": self._cite(child.refs),
                "subitems_from": child.subitems_from,
            }
        if entry.when is not None and not entry.when.evaluate(self.values, self.included):
            return None
        text = t(f"policy.prov.{p.id}.{kind}.{entry.id}", self.lang, **self.context)
        return text, {"notes": self._cite(entry.refs), "subitems_from": entry.subitems_from}

    def _subitems(self, field: str | None, ending: str) -> tuple[Subitem, ...]:
        if not field:
            return ()
        values = self.values.get(field) or ()
        return tuple(
            Subitem(
                label=subitem_label(index + 1, self.lang),
                text=t(f"policy.draft.{field}.{value}", self.lang) + list_ending(index, len(values), self.lang, ending),
            )
            for index, value in enumerate(values)
        )

    def _text(self, p: Provision) -> str:
        """The clause text; with variants, the first whose condition holds (the last one has none)."""
        keys = p.text_keys()
        key = keys[0]
        if p.variants:
            key = next(
                k
                for variant, k in zip(p.variants, keys, strict=True)
                if variant.when is None or variant.when.evaluate(self.values, self.included)
            )
        return t(key, self.lang, **self.context)

    def _cite(self, uses: tuple[RefUse, ...]) -> tuple[int, ...]:
        numbers = []
        for use in uses:
            if use.when is not None and not use.when.evaluate(self.values, self.included):
                continue
            note = self.notes.get(use.ref)
            if note is None:
                ref = self.cat.references[use.ref]
                note = Note(
                    number=len(self.notes) + 1,
                    ref=ref.id,
                    label=ref.label(self.lang),
                    status=ref.status,
                    status_text=t(f"policy.status.{ref.status}", self.lang),
                    confirmed=ref.confirmed,
                )
                self.notes[use.ref] = note
            numbers.append(note.number)
        return tuple(numbers)


def placeholders(template: str) -> set[str]:
    """Placeholder names used in a message template (for tests of the catalogue)."""
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}
