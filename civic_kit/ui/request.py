"""What the visitor asked for in the URL, read safely inside a Voila kernel.

Voila passes the request's query string to the kernel as ``QUERY_STRING``. With preheated kernels the
notebook starts running before anyone asks for the page, so :func:`request_language` first waits for the
request (``voila.utils.wait_for_request``); everything imported before that call is already warm.
"""

from __future__ import annotations

import os
from urllib.parse import parse_qs

from civic_kit.i18n import get_language, normalize_language

__all__ = ["query_params", "request_language"]


def query_params() -> dict[str, str]:
    """The page's query parameters (first value of each), waiting for the request in preheat mode."""
    if os.environ.get("VOILA_PREHEAT", "False") == "True":
        from voila.utils import wait_for_request

        wait_for_request()
    raw = os.environ.get("QUERY_STRING", "")
    return {key: values[0] for key, values in parse_qs(raw).items() if values}


def request_language(default: str | None = None) -> str:
    """The language in ``?lang=`` (normalised), else ``default``, else the current language.

    Outside Voila (JupyterLab, nbval) there is no request and this returns at once.
    """
    in_voila = "VOILA_KERNEL_ID" in os.environ or "QUERY_STRING" in os.environ
    requested = query_params().get("lang") if in_voila else None
    if requested:
        return normalize_language(requested)
    return normalize_language(default) if default else get_language()
