"""The frame every civic-kit app shares: title, language switch, status line, body and footer.

An app gives the shell a function that builds its body for a language; the shell owns everything around
it. Switching language rebuilds the body (the app keeps its state in its own dataclass, so nothing typed is
lost), and every callback wrapped with :meth:`AppShell.guard` turns errors into a translated message in the
status line instead of a traceback.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from functools import wraps
from importlib import resources
from typing import Any, TypeVar

import ipywidgets as widgets

from civic_kit.i18n import LANGUAGE_NAMES, LANGUAGES, normalize_language, t
from civic_kit.problems import CivicKitError
from civic_kit.ui.html import escape

__all__ = ["STYLE", "AppShell"]

log = logging.getLogger(__name__)
F = TypeVar("F", bound=Callable[..., Any])

#: Shared CSS (``ui/static/civic_kit.css``). Colours meet WCAG AA contrast on white.
STYLE = "<style>" + (resources.files("civic_kit.ui") / "static" / "civic_kit.css").read_text("utf-8") + "</style>"


class AppShell:
    """Title, language switch, status line, body and footer around an app's own widgets.

    Parameters
    ----------
    title_key, subtitle_key
        Message keys of the page title and the one-line explanation under it.
    lang
        Initial language (anything :func:`~civic_kit.i18n.normalize_language` accepts).
    render_body
        ``render_body(lang) -> widget``; called again whenever the language changes.
    footer
        ``footer(lang) -> str`` plain text for the footer (e.g. the data source note).
    """

    def __init__(
        self,
        *,
        title_key: str,
        lang: str,
        render_body: Callable[[str], widgets.Widget],
        subtitle_key: str | None = None,
        footer: Callable[[str], str] | None = None,
        on_language: Callable[[str], None] | None = None,
    ) -> None:
        self.lang = normalize_language(lang)
        self._title_key = title_key
        self._subtitle_key = subtitle_key
        self._render_body = render_body
        self._footer = footer
        self._on_language = on_language
        self.title = widgets.HTML()
        self.language_switch = widgets.Dropdown(
            options=[(LANGUAGE_NAMES[tag], tag) for tag in LANGUAGES],
            value=self.lang,
            layout=widgets.Layout(width="250px"),
        )
        self.status = widgets.HTML()
        self.status.add_class("ck-status")
        self.body = widgets.VBox(layout=widgets.Layout(width="100%"))
        self.footer = widgets.HTML()
        header = widgets.HBox(
            [self.title, self.language_switch],
            layout=widgets.Layout(justify_content="space-between", flex_flow="row wrap", width="100%"),
        )
        header.add_class("ck-header")
        self.container = widgets.VBox(
            [widgets.HTML(STYLE), header, self.status, self.body, self.footer],
            layout=widgets.Layout(width="100%"),
        )
        self.container.add_class("ck-app")
        self.language_switch.observe(self._language_changed, names="value")
        self.render()

    def render(self) -> None:
        """(Re)build every translated part of the page in the current language."""
        lang = self.lang
        self.language_switch.description = t("core.language", lang)
        self.language_switch.tooltip = t("core.language-help", lang)
        subtitle = f'<p class="ck-subtitle">{escape(t(self._subtitle_key, lang))}</p>' if self._subtitle_key else ""
        title = escape(t(self._title_key, lang))
        # data-ck-lost / data-ck-reload: the words of the page script's "connection lost" banner.
        lost, reload = escape(t("ops.kernel-lost", lang)), escape(t("ops.reload", lang))
        self.title.value = (
            f'<div lang="{lang}" data-ck-lang="{lang}" data-ck-title="{title}" data-ck-lost="{lost}" '
            f'data-ck-reload="{reload}"><h1>{title}</h1>{subtitle}</div>'
        )
        self.footer.value = (
            f'<footer class="ck-footer" lang="{lang}">{escape(self._footer(lang))}</footer>' if self._footer else ""
        )
        self.clear_status()
        try:
            self.body.children = [self._render_body(lang)]
        except CivicKitError as error:
            self.notify(error.message(lang), "error")
        except Exception:
            log.exception("building the app body failed")
            self.notify(t("core.app-error", lang), "error")

    def notify(self, text: str, kind: str = "info") -> None:
        """Show one message in the status line (announced by screen readers)."""
        role = "alert" if kind == "error" else "status"
        self.status.value = (
            f'<div class="ck-note ck-note-{escape(kind)}" role="{role}" aria-live="polite" '
            f'lang="{self.lang}">{escape(text)}</div>'
        )

    def clear_status(self) -> None:
        self.status.value = ""

    def guard(self, callback: F) -> F:
        """Wrap a widget callback: ``CivicKitError`` -> its translated message; anything else -> a
        generic translated apology (and the traceback goes to the server log, not the page)."""

        @wraps(callback)
        def guarded(*args: Any, **kwargs: Any) -> Any:
            try:
                return callback(*args, **kwargs)
            except CivicKitError as error:
                self.notify(error.message(self.lang), "error")
            except Exception:
                log.exception("callback %s failed", getattr(callback, "__name__", callback))
                self.notify(t("core.app-error", self.lang), "error")
            return None

        return guarded  # type: ignore[return-value]  # same signature, wrapped

    def _language_changed(self, change: dict[str, Any]) -> None:
        self.lang = normalize_language(change["new"])
        if self._on_language:
            self.guard(self._on_language)(self.lang)
        self.render()
