"""The gallery, built in Python without a browser."""

from __future__ import annotations

import pytest

from civic_kit.apps import APPS
from civic_kit.apps.gallery import App
from civic_kit.i18n import LANGUAGES, t


def _html(app: App) -> str:
    parts = []

    def walk(widget):
        value = getattr(widget, "value", None)
        if isinstance(value, str):
            parts.append(value)
        for child in getattr(widget, "children", ()):
            walk(child)

    walk(app.container)
    return "\n".join(parts)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_gallery_builds_in_each_language(tmp_path, lang):
    app = App(lang, apps_dir=tmp_path)
    html = _html(app)
    assert t("gallery.title", lang) in html
    assert 'class="ck-map"' in html and "title=" in html
    assert app.shell.status.value == ""


def test_only_existing_apps_are_listed(tmp_path):
    (tmp_path / APPS[0].notebook).write_text("{}", encoding="utf-8")
    app = App("en", apps_dir=tmp_path)
    assert [a.slug for a in app.available_apps()] == [APPS[0].slug]
    html = _html(app)
    assert f'href="{APPS[0].notebook}?lang=en"' in html
    assert t(APPS[1].title_key, "en") not in html


def test_language_switch_rebuilds_and_keeps_links_in_language(tmp_path):
    (tmp_path / APPS[0].notebook).write_text("{}", encoding="utf-8")
    app = App("pt-BR", apps_dir=tmp_path)
    app.shell.language_switch.value = "es"
    html = _html(app)
    assert t("gallery.title", "es") in html
    assert f"{APPS[0].notebook}?lang=es" in html
