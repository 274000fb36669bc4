"""The server officials use runs widgets only: no code execution, no tracebacks, no stray files."""

from __future__ import annotations

import json
import time
import urllib.error
import urllib.request
import uuid

import nbformat
import pytest
import websocket

from tests.browser.conftest import VoilaServer
from tests.browser.helpers import open_app

pytestmark = pytest.mark.browser


def _kernel_id(page) -> str:
    return page.evaluate("JSON.parse(document.getElementById('jupyter-config-data').textContent).kernelId")


def _message(msg_type: str, content: dict) -> str:
    session = uuid.uuid4().hex
    return json.dumps(
        {
            "header": {
                "msg_id": uuid.uuid4().hex,
                "username": "intruder",
                "session": session,
                "msg_type": msg_type,
                "version": "5.3",
                "date": "2026-01-01T00:00:00Z",
            },
            "parent_header": {},
            "metadata": {},
            "content": content,
            "channel": "shell",
            "buffers": [],
        }
    )


REQUESTS = {
    "execute_request": {
        "code": "open({marker!r}, 'w').write('pwned')",
        "silent": False,
        "store_history": True,
        "user_expressions": {},
        "allow_stdin": False,
        "stop_on_error": True,
    },
    "complete_request": {"code": "import o", "cursor_pos": 8},
    "inspect_request": {"code": "open", "cursor_pos": 4, "detail_level": 1},
}


@pytest.mark.parametrize("msg_type", list(REQUESTS))
def test_kernel_refuses_code_messages_over_the_websocket(voila, offline_page, tmp_path, msg_type):
    page = offline_page.page
    open_app(page, voila.base_url, "apps/index.ipynb", "pt-BR")
    kernel_id = _kernel_id(page)
    marker = str(tmp_path / "executed.txt")
    content = {k: (v.format(marker=marker) if isinstance(v, str) else v) for k, v in REQUESTS[msg_type].items()}
    ws = websocket.create_connection(
        f"ws://127.0.0.1:{voila.port}/api/kernels/{kernel_id}/channels?session_id={uuid.uuid4().hex}", timeout=10
    )
    try:
        ws.send(_message(msg_type, content))
        replies = []
        deadline = time.monotonic() + 4
        ws.settimeout(0.5)
        while time.monotonic() < deadline:
            try:
                replies.append(json.loads(ws.recv()))
            except websocket.WebSocketTimeoutException:
                continue
    finally:
        ws.close()
    reply_type = msg_type.replace("_request", "_reply")
    assert [m for m in replies if m.get("msg_type") == reply_type] == []
    assert not (tmp_path / "executed.txt").exists()
    assert "which is not allowed" in voila.log()


@pytest.fixture(scope="module")
def failing_server(tmp_path_factory):
    root = tmp_path_factory.mktemp("notebooks")
    (root / "apps").mkdir()
    notebook = nbformat.v4.new_notebook()
    notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    notebook.cells = [
        nbformat.v4.new_code_cell("print('before the failure')"),
        nbformat.v4.new_code_cell("secret_path = '/etc/civic-kit-secret'\n1 / 0"),
        nbformat.v4.new_code_cell("print('after the failure')"),
    ]
    nbformat.write(notebook, root / "apps" / "index.ipynb")
    (root / "apps" / "data.csv").write_text("a,b\n1,2\n", encoding="utf-8")
    server = VoilaServer(notebooks=root)
    try:
        server.wait_ready()
        yield server
    finally:
        server.stop()


def test_a_failing_cell_shows_no_traceback(failing_server, offline_page):
    page = offline_page.page
    page.goto(f"{failing_server.base_url}/voila/render/apps/index.ipynb", wait_until="networkidle", timeout=90_000)
    page.wait_for_function("document.body.innerText.includes('before the failure')", timeout=90_000)
    text = page.inner_text("body")
    assert "ZeroDivisionError" not in text
    assert "Traceback" not in text
    assert "civic-kit-secret" not in text


@pytest.mark.parametrize(
    "path",
    [
        "/voila/files/../../etc/passwd",
        "/voila/files/%2e%2e/%2e%2e/etc/passwd",
        "/voila/files/apps/index.ipynb",
        "/voila/render/../../etc/passwd",
        "/voila/files/apps/data.csv",
    ],
)
def test_no_file_outside_the_allow_list_is_served(failing_server, path):
    try:
        with urllib.request.urlopen(failing_server.base_url + path, timeout=10) as response:
            status, body = response.status, response.read()
    except urllib.error.HTTPError as error:
        status, body = error.code, b""
    assert status in (403, 404), (path, status)
    assert b"root:" not in body
