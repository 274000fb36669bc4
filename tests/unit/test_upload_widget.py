"""``take_upload``: the one path every app's upload button goes through."""

from __future__ import annotations

import contextlib
import datetime as dt

import ipywidgets as widgets
import pytest

from civic_kit.problems import CivicKitError
from civic_kit.ui.widgets import take_upload


def _chosen(name: str, content: bytes) -> widgets.FileUpload:
    upload = widgets.FileUpload()
    when = dt.datetime(2026, 11, 27, tzinfo=dt.UTC)
    item = {"name": name, "type": "", "size": len(content), "content": memoryview(content), "last_modified": when}
    upload.value = (item,)
    return upload


def test_gives_the_file_to_the_app_and_empties_the_button():
    received = []
    upload = _chosen("escolas.csv", b"nome;lat;lon\n")
    take_upload(upload, lambda content, name: received.append((name, content)))
    assert received == [("escolas.csv", b"nome;lat;lon\n")]
    assert upload.value == ()  # so sending the same corrected file again is seen as a change


def test_nothing_chosen_does_nothing():
    take_upload(widgets.FileUpload(), lambda content, name: pytest.fail("called without a file"))


def test_a_refused_file_reaches_the_caller_and_the_button_is_still_emptied():
    upload = _chosen("ruim.csv", b"x")

    def refuse(content: bytes, name: str) -> None:
        raise CivicKitError.of("upload-too-large", name=name, size_mb=1, limit_mb=0)

    with pytest.raises(CivicKitError):
        take_upload(upload, refuse)
    assert upload.value == ()


def test_too_large_is_refused_before_the_app_sees_it():
    upload = _chosen("enorme.csv", b"x" * 2048)
    with pytest.raises(CivicKitError) as caught:
        take_upload(upload, lambda content, name: pytest.fail("parsed a file over the limit"), max_bytes=1024)
    assert caught.value.issue.code == "upload-too-large"
    assert upload.value == ()


def test_emptying_happens_inside_quietly():
    events = []

    @contextlib.contextmanager
    def quietly():
        events.append("quiet")
        yield
        events.append("loud")

    upload = _chosen("a.json", b"{}")
    upload.observe(lambda change: events.append(("value", len(change["new"]))), names="value")
    take_upload(upload, lambda content, name: events.append("accepted"), quietly=quietly)
    assert events == ["accepted", "quiet", ("value", 0), "loud"]
