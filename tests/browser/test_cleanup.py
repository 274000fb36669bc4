"""What a closed tab leaves behind, and what an open one asks for that does not exist.

- Closing a tab (``beforeunload`` runs, so Voila's page sends its shutdown beacon) must stop that
  visitor's kernel at once, not 15 minutes later when the culler passes: a workshop of 60 people who
  each open and close a few apps would otherwise hold hundreds of idle kernels. Plain standalone Voila
  0.5 answers the beacon with 403 because it never sets the ``_xsrf`` cookie; civic-kit's server does.
- An app page and its maps request nothing that answers 4xx/5xx (Leaflet used to ask for its default
  marker images, which are not served).
"""

from __future__ import annotations

import time
import urllib.error
import urllib.request

import pytest

from tests.browser.helpers import open_app

pytestmark = pytest.mark.browser

MAP_APPS = ("apps/index.ipynb", "apps/pb_simulator.ipynb", "apps/access.ipynb")


def _kernel_exists(base_url: str, kernel_id: str) -> bool:
    try:
        with urllib.request.urlopen(f"{base_url}/api/kernels/{kernel_id}", timeout=5) as reply:
            return reply.status == 200
    except urllib.error.HTTPError as error:
        if error.code == 404:
            return False
        raise


def _kernel_id(page) -> str:
    return page.evaluate("() => JSON.parse(document.getElementById('jupyter-config-data').textContent).kernelId")


def test_closing_a_tab_stops_its_kernel(voila, browser):
    context = browser.new_context(locale="pt-BR")
    try:
        page = context.new_page()
        open_app(page, voila.base_url, "apps/index.ipynb", "pt-BR")
        kernel_id = _kernel_id(page)
        assert _kernel_exists(voila.base_url, kernel_id)
        page.close(run_before_unload=True)
        deadline = time.monotonic() + 30
        while _kernel_exists(voila.base_url, kernel_id) and time.monotonic() < deadline:
            time.sleep(0.25)
        assert not _kernel_exists(voila.base_url, kernel_id), "the closed tab's kernel is still running"
        assert f"403 POST /voila/api/shutdown/{kernel_id}" not in voila.log()
    finally:
        context.close()


@pytest.mark.parametrize("notebook", MAP_APPS)
def test_app_and_its_map_request_nothing_missing(voila, offline_page, notebook):
    page = offline_page.page
    failed: list[str] = []
    page.context.on("response", lambda response: response.status >= 400 and failed.append(response.url))
    open_app(page, voila.base_url, notebook, "pt-BR")
    frame = page.wait_for_selector("iframe.ck-map", timeout=60_000).content_frame()
    frame.wait_for_selector(".leaflet-container", timeout=30_000)
    page.wait_for_timeout(1_000)  # let late image requests from the map arrive
    assert failed == [], f"requests that failed: {failed[:5]}"
    assert offline_page.blocked == []
