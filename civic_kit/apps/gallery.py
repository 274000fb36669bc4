"""The gallery home officials and participants land on.

It says what civic-kit is for in two sentences, lists the apps and lessons that exist (in the visitor's
language, with links that keep the language), and shows the teaching city on a map that needs no network.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from functools import cache
from pathlib import Path

import ipywidgets as widgets

from civic_kit.apps import APPS, AppInfo
from civic_kit.i18n import LANGUAGES, t
from civic_kit.i18n.numbers import format_number
from civic_kit.ui.html import card, escape, paragraph
from civic_kit.ui.shell import AppShell

__all__ = ["App", "build_app", "district_density_map", "warm_up"]

CITY_NAME = "Vale Verde"
log = logging.getLogger(__name__)


class App:
    """The gallery: an :class:`AppShell` whose body lists apps and lessons and shows the city map."""

    def __init__(self, lang: str, apps_dir: Path | None = None) -> None:
        self.apps_dir = Path(apps_dir) if apps_dir else Path.cwd()
        self.shell = AppShell(
            title_key="gallery.title",
            subtitle_key="gallery.subtitle",
            lang=lang,
            render_body=self._body,
            footer=lambda lang: t("core.synthetic-note", lang, city=CITY_NAME),
        )
        self.container = self.shell.container

    def available_apps(self) -> list[AppInfo]:
        """Apps whose notebook exists beside the gallery."""
        return [app for app in APPS if (self.apps_dir / app.notebook).exists()]

    def _body(self, lang: str) -> widgets.Widget:
        parts: list[widgets.Widget] = [
            widgets.HTML(f'<div lang="{lang}">{paragraph(t("gallery.purpose", lang))}</div>')
        ]
        apps = self.available_apps()
        if apps:
            cards = "".join(
                card(
                    t(app.title_key, lang),
                    t(app.description_key, lang),
                    f"{app.notebook}?lang={lang}",
                    meta=t(app.audience_key, lang),
                    link_text=t("gallery.open", lang),
                )
                for app in apps
            )
            parts.append(
                widgets.HTML(
                    f'<section lang="{lang}"><h2>{escape(t("gallery.apps", lang))}</h2>'
                    f'<div class="ck-cards">{cards}</div></section>'
                )
            )
        lessons = lesson_cards(lang, self.apps_dir)
        if lessons:
            parts.append(
                widgets.HTML(
                    f'<section lang="{lang}"><h2>{escape(t("gallery.lessons", lang))}</h2>'
                    f'<div class="ck-cards">{"".join(lessons)}</div></section>'
                )
            )
        parts.append(widgets.HTML(f'<h2 lang="{lang}">{escape(t("gallery.map-heading", lang))}</h2>'))
        parts.append(district_density_map(lang))
        parts.append(widgets.HTML(f'<p lang="{lang}">{escape(t("gallery.map-caption", lang))}</p>'))
        return widgets.VBox(parts, layout=widgets.Layout(width="100%"))


def lesson_cards(lang: str, apps_dir: Path) -> Sequence[str]:
    """Cards for the lessons that exist, from the lesson catalogue (empty until lessons are built)."""
    try:
        from civic_kit.lessons.catalogue import catalogue

        lessons = catalogue(lang, apps_dir.parent)
    except Exception:  # the apps must stay usable even if the lesson list cannot be read
        log.exception("could not read the lesson catalogue")
        return []
    cards = []
    for lesson in lessons:
        notebook = apps_dir.parent / "lessons" / lesson.lang_dir / f"{lesson.slug}.ipynb"
        if not notebook.exists():
            continue
        meta = t("gallery.lesson-meta", lang, minutes=lesson.minutes, level=t(f"lessons.level.{lesson.level}", lang))
        cards.append(
            card(
                lesson.title,
                lesson.summary,
                f"../lessons/{lesson.lang_dir}/{lesson.slug}.ipynb",
                meta=meta,
                link_text=t("gallery.open-lesson", lang),
                kind="lesson",
            )
        )
    return cards


def district_density_map(lang: str) -> widgets.Widget:
    """Population density (people per km²) of the teaching city's districts, as an offline map widget."""
    from civic_kit.ui.maps import map_frame

    title = t("gallery.map-title", lang, city=CITY_NAME)
    return widgets.HTML(map_frame(_density_map_html(lang), title=title), layout=widgets.Layout(width="100%"))


@cache
def _density_map_html(lang: str) -> str:
    """The density map document for one language (built once per kernel: the data never changes)."""
    from civic_kit.data import load, load_geojson
    from civic_kit.ui.maps import choropleth, map_html

    districts = load("districts")
    density = dict(zip(districts["district_id"], districts["population"] / districts["area_km2"], strict=True))
    title = t("gallery.map-title", lang, city=CITY_NAME)
    fmap = choropleth(
        load_geojson("districts"),
        density,
        title=title,
        legend_title=t("gallery.map-legend", lang),
        tooltip_label=t("gallery.map-legend", lang),
        format_value=lambda value: format_number(round(value), lang),
    )
    return map_html(fmap, lang=lang, title=title)


def warm_up() -> None:
    """Do the slow, visitor-independent work before a visitor arrives (preheated Voila kernels)."""
    for lang in LANGUAGES:
        _density_map_html(lang)


def build_app(lang: str | None = None) -> widgets.Widget:
    """The gallery home for ``lang`` (default: the page's ``?lang=`` or pt-BR)."""
    from civic_kit.ui.request import request_language

    return App(request_language(lang)).container
