"""The standalone Voila server civic-kit runs for officials (``civic-kit start``).

It is Voila's own standalone application -- so kernels accept only widget messages, never code, and
tracebacks stay hidden -- with three additions: ``/`` redirects to the gallery instead of showing a file
listing; app pages set the ``_xsrf`` cookie, so the shutdown beacon Voila's page sends when a tab closes
is accepted and the visitor's kernel stops at once (plain standalone Voila 0.5 never sets that cookie,
answers the beacon with 403 and leaves the kernel to the culler); and the configuration (preheated
kernel pools, culling of idle kernels) comes from ``notebooks/voila.json`` so that ``voila`` run by hand
behaves the same.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from pathlib import Path

from voila.app import Voila
from voila.tornado.handler import TornadoVoilaHandler

from civic_kit.jupyter_ext import setting_xsrf_cookie

__all__ = ["GALLERY_PATH", "CivicKitVoila", "find_notebooks_dir", "run"]

#: The gallery notebook, relative to the notebooks folder Voila serves.
GALLERY_PATH = "apps/index.ipynb"


class CivicKitVoila(Voila):
    """Voila's standalone app whose root URL opens the gallery."""

    name = "civic-kit"

    def init_handlers(self) -> list:
        from tornado.web import RedirectHandler

        target = self.server_url.rstrip("/") + "/voila/render/" + GALLERY_PATH
        handlers = []
        for pattern, handler, *rest in super().init_handlers():
            if handler is TornadoVoilaHandler:
                handler = AppPageHandler
            handlers.append((pattern, handler, *rest))
        return [(self.server_url, RedirectHandler, {"url": target, "permanent": False}), *handlers]


class AppPageHandler(TornadoVoilaHandler):
    """Voila's page handler, plus the ``_xsrf`` cookie that the page's closing beacon must send back."""

    prepare = setting_xsrf_cookie(TornadoVoilaHandler.prepare)


def find_notebooks_dir(start: Path | None = None) -> Path:
    """The ``notebooks/`` folder to serve: ``$CIVIC_KIT_NOTEBOOKS``, else ``./notebooks``, else the checkout's."""
    candidates = []
    if os.environ.get("CIVIC_KIT_NOTEBOOKS"):
        candidates.append(Path(os.environ["CIVIC_KIT_NOTEBOOKS"]))
    candidates.append((start or Path.cwd()) / "notebooks")
    candidates.append(Path(__file__).resolve().parent.parent / "notebooks")
    for candidate in candidates:
        if (candidate / GALLERY_PATH).exists():
            return candidate.resolve()
    from civic_kit.problems import CivicKitError

    raise CivicKitError.of("notebooks-not-found", searched=", ".join(str(c) for c in candidates))


def template_root() -> Path:
    """The ``share/jupyter`` folder inside the package that holds the ``civic-kit`` Voila template."""
    return Path(__file__).resolve().parent / "share" / "jupyter"


def run(notebooks: Path, *, host: str, port: int, extra: Sequence[str] = ()) -> None:
    """Serve ``notebooks`` with Voila until interrupted (blocks)."""
    os.chdir(notebooks)  # voila.json beside the notebooks is read from the working directory
    paths = [str(template_root()), *filter(None, os.environ.get("JUPYTER_PATH", "").split(os.pathsep))]
    os.environ["JUPYTER_PATH"] = os.pathsep.join(paths)
    argv = [".", "--no-browser", f"--port={port}", f"--Voila.ip={host}", "--template=civic-kit", *extra]
    sys.argv = ["civic-kit-voila", *argv]
    CivicKitVoila.launch_instance(argv=argv)
