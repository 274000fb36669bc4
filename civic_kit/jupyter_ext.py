"""civic-kit as a Jupyter Server extension: Voila pages that close stop their kernel.

Voila's page sends ``POST /voila/api/shutdown/<kernel>`` when its tab closes, with the ``_xsrf`` cookie's
value as the anti-forgery field. Voila's page handler never sets that cookie, so a visitor who lands
directly on a Voila URL -- an official following a JupyterHub or Binder link to the gallery -- has none:
the server answers 403 and the kernel keeps running. Jupyter Server culls no kernels by default, so every
reload leaves ~150 MB behind until the user's server is stopped, and a 1 GB pod dies after a few reloads.

Installing civic-kit enables this extension (``etc/jupyter/jupyter_server_config.d/civic_kit.json``). It
makes Voila's page handler set the cookie, the same fix :mod:`civic_kit.server` applies to the standalone
server. Nothing else changes: the cookie is the one Jupyter Server itself sets on JupyterLab's pages.
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable
from typing import Any

__all__ = ["setting_xsrf_cookie"]


def setting_xsrf_cookie(prepare: Callable[..., Any]) -> Callable[..., Any]:
    """Wrap a Jupyter handler's ``prepare`` so the response carries the ``_xsrf`` cookie."""

    @functools.wraps(prepare)
    async def wrapper(self: Any, *args: Any, **kwargs: Any) -> None:
        result = prepare(self, *args, **kwargs)
        if inspect.isawaitable(result):
            await result
        if not self._finished:  # a redirect to the login page has already answered
            self.xsrf_token  # noqa: B018 - reading the token is what sets the cookie

    wrapper.__civic_kit_xsrf__ = True  # type: ignore[attr-defined]
    return wrapper


def _jupyter_server_extension_points() -> list[dict[str, str]]:
    return [{"module": "civic_kit.jupyter_ext"}]


def _load_jupyter_server_extension(serverapp: Any) -> None:
    try:
        from voila.handler import VoilaHandler
    except ImportError:  # Voila not installed in this environment: nothing to fix
        return
    if not getattr(VoilaHandler.prepare, "__civic_kit_xsrf__", False):
        VoilaHandler.prepare = setting_xsrf_cookie(VoilaHandler.prepare)
    serverapp.log.info("civic-kit: Voila pages set the _xsrf cookie, so a closed tab stops its kernel")
