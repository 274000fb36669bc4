"""``civic-kit doctor``: each check passes on a good installation and explains a broken one."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest

from civic_kit import doctor
from civic_kit.cli import main
from civic_kit.i18n import LANGUAGES
from civic_kit.problems import Issue

GOOD_WIDGETS = {"ipywidgets": "8.1.9", "jupyterlab_widgets": "3.0.17", "widgetsnbextension": "4.0.16"}


@pytest.mark.parametrize(
    ("versions", "status", "code"),
    [
        (GOOD_WIDGETS, "ok", None),
        ({**GOOD_WIDGETS, "jupyterlab_widgets": "1.1.7"}, "error", "ops-widgets-mismatch"),
        ({**GOOD_WIDGETS, "widgetsnbextension": "3.6.6"}, "error", "ops-widgets-mismatch"),
        ({**GOOD_WIDGETS, "widgetsnbextension": None}, "error", "ops-package-missing"),
        ({**GOOD_WIDGETS, "ipywidgets": "6.0.0"}, "error", "ops-widgets-unsupported"),
        ({**GOOD_WIDGETS, "ipywidgets": "nightly"}, "error", "ops-widgets-unsupported"),
        ({"ipywidgets": "7.8.1", "jupyterlab_widgets": "1.1.7", "widgetsnbextension": "3.6.6"}, "ok", None),
    ],
    ids=["matching", "lab-ext-from-v7", "nbext-from-v7", "nbext-missing", "too-old", "garbage-version", "v7-line"],
)
def test_widget_versions(versions, status, code):
    check = doctor.check_widgets(versions)
    assert check.status == status
    assert [issue.code for issue in check.issues] == ([code] if code else [])


def test_installed_widget_packages_are_compatible():
    assert doctor.check_widgets().status == "ok"


@pytest.mark.parametrize(
    ("version", "status"),
    [("0.5.13", "ok"), ("0.5.0", "ok"), ("0.4.6", "error"), ("0.6.0", "error"), ("1", "error"), ("x.y", "error")],
    ids=["installed", "first-0.5", "older", "newer", "no-minor", "garbage"],
)
def test_voila_version(version, status):
    check = doctor.check_voila(version)
    assert check.status == status
    if status == "error":
        assert check.issues[0].code == "ops-voila-version"


def test_voila_missing():
    check = doctor.check_voila(None, installed=False)
    assert (check.status, check.issues[0].code) == ("error", "ops-package-missing")


def test_kernel_of_this_installation_imports_civic_kit():
    check = doctor.check_kernel()
    assert check.status == "ok", check.issues and check.issues[0].message("en")


def test_unknown_kernel_is_reported():
    check = doctor.check_kernel("no-such-kernel-for-civic-kit")
    assert (check.status, check.issues[0].code) == ("error", "ops-kernel-missing")
    assert "no-such-kernel-for-civic-kit" in check.issues[0].message("pt-BR")


def test_kernel_without_civic_kit_is_reported():
    def runner(command: list[str]) -> subprocess.CompletedProcess:
        return subprocess.CompletedProcess(
            command, 1, "", "Traceback...\nModuleNotFoundError: No module named 'civic_kit'"
        )

    check = doctor.check_kernel(runner=runner)
    assert check.status == "error"
    assert check.issues[0].code == "ops-kernel-no-civic-kit"
    assert "No module named 'civic_kit'" in check.issues[0].message("es")


def test_kernel_that_cannot_start_is_reported():
    def runner(command: list[str]) -> subprocess.CompletedProcess:
        raise FileNotFoundError(2, "No such file or directory")

    check = doctor.check_kernel(runner=runner)
    assert (check.status, check.issues[0].code) == ("error", "ops-kernel-broken")


def test_state_dir_writable_and_left_clean(tmp_path):
    folder = tmp_path / "state" / "nested"
    check = doctor.check_state_dir(folder)
    assert check.status == "ok"
    assert folder.is_dir() and list(folder.iterdir()) == []


@pytest.mark.skipif(os.geteuid() == 0, reason="root can write into read-only folders")
def test_read_only_state_dir_is_reported(tmp_path):
    tmp_path.chmod(0o500)
    try:
        check = doctor.check_state_dir(tmp_path / "autosaves")
    finally:
        tmp_path.chmod(0o700)
    assert (check.status, check.issues[0].code) == ("error", "ops-state-not-writable")


def test_state_dir_that_is_a_file_is_reported(tmp_path):
    blocker = tmp_path / "state"
    blocker.write_text("not a folder", encoding="utf-8")
    check = doctor.check_state_dir(blocker)
    assert (check.status, check.issues[0].code) == ("error", "ops-state-not-writable")
    assert str(blocker) in check.issues[0].message("en")


def test_state_dir_follows_the_apps_variable(monkeypatch, tmp_path):
    monkeypatch.setenv("CIVIC_KIT_STATE_DIR", str(tmp_path / "x"))
    assert doctor.default_state_dir() == tmp_path / "x"


def test_chromium_missing_is_only_a_warning(tmp_path):
    check = doctor.check_chromium(str(tmp_path / "no-chromium-here"))
    assert (check.status, check.issues[0].code, check.issues[0].severity) == (
        "warning",
        "ops-chromium-missing",
        "warning",
    )


def test_chromium_found():
    assert doctor.check_chromium(sys.executable).status == "ok"


def test_notebooks_found_with_voila_json():
    check = doctor.check_notebooks()
    assert check.status == "ok" and check.detail.endswith("index.ipynb")


def test_notebooks_missing(tmp_path, monkeypatch):
    import civic_kit.server as server

    monkeypatch.setenv("CIVIC_KIT_NOTEBOOKS", str(tmp_path))
    monkeypatch.setattr(server, "__file__", str(tmp_path / "pkg" / "server.py"))
    check = doctor.check_notebooks(tmp_path)
    assert (check.status, check.issues[0].code) == ("error", "notebooks-not-found")


def test_notebooks_without_voila_json(tmp_path, monkeypatch):
    (tmp_path / "apps").mkdir()
    (tmp_path / "apps" / "index.ipynb").write_text("{}", encoding="utf-8")
    monkeypatch.setenv("CIVIC_KIT_NOTEBOOKS", str(tmp_path))
    check = doctor.check_notebooks()
    assert (check.status, check.issues[0].code) == ("error", "ops-voila-json-missing")


@pytest.mark.parametrize(
    ("validate", "status", "code"),
    [
        (lambda: SimpleNamespace(valid=True, resources=[SimpleNamespace(name="a", valid=True)]), "ok", None),
        (
            lambda: SimpleNamespace(valid=False, resources=[SimpleNamespace(name="contracts", valid=False)]),
            "error",
            "ops-datasets-invalid",
        ),
        (lambda: (_ for _ in ()).throw(ValueError("datapackage.json: bad JSON")), "error", "ops-datasets-unreadable"),
    ],
    ids=["valid", "one-invalid", "unreadable"],
)
def test_datasets(validate, status, code):
    check = doctor.check_datasets(validate)
    assert check.status == status
    assert [issue.code for issue in check.issues] == ([code] if code else [])


def test_a_crashing_check_becomes_a_finding(monkeypatch):
    def broken() -> doctor.Check:
        raise RuntimeError("disk on fire")

    monkeypatch.setitem(doctor.CHECKS, "voila", broken)
    report = doctor.run_checks(["voila"])
    assert not report.valid
    assert report.check("voila").issues[0].code == "ops-check-crashed"


def test_report_validity_ignores_warnings():
    warn = doctor.Check("chromium", "warning", (Issue("ops-chromium-missing", {"path": "x"}, "warning"),))
    assert doctor.DoctorReport((doctor.Check("voila", "ok"), warn)).valid
    assert not doctor.DoctorReport((doctor.Check("voila", "error"), warn)).valid


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_check_and_issue_reads_in_each_language(lang):
    params = {
        "packages": "voila",
        "version": "9",
        "wanted": "0.5",
        "found": "x",
        "expected": "y",
        "ipywidgets": 8,
        "kernel": "python3",
        "python": "/usr/bin/python3",
        "reason": "r",
        "names": "a",
        "path": "/p",
    }
    for name in doctor.CHECKS:
        assert doctor.Check(name, "ok").title(lang)
    codes = {
        "ops-package-missing",
        "ops-widgets-unsupported",
        "ops-widgets-mismatch",
        "ops-voila-version",
        "ops-kernel-missing",
        "ops-kernel-broken",
        "ops-kernel-no-civic-kit",
        "ops-datasets-unreadable",
        "ops-datasets-invalid",
        "ops-state-not-writable",
        "ops-chromium-missing",
        "ops-voila-json-missing",
        "ops-check-crashed",
    }
    for code in codes:
        text = Issue(code, params).message(lang)
        assert "{" not in text and text.strip()


def _fast_checks(monkeypatch, tmp_path, *, voila_version: str = "0.5.13") -> None:
    """Keep the CLI tests quick: the slow checks (kernel start, dataset validation) are replaced."""
    monkeypatch.setitem(doctor.CHECKS, "kernel", lambda: doctor.Check("kernel", "ok", detail="python3"))
    monkeypatch.setitem(doctor.CHECKS, "datasets", lambda: doctor.Check("datasets", "ok"))
    monkeypatch.setitem(doctor.CHECKS, "voila", lambda: doctor.check_voila(voila_version))
    monkeypatch.setitem(doctor.CHECKS, "chromium", lambda: doctor.check_chromium(str(tmp_path / "none")))
    monkeypatch.setenv("CIVIC_KIT_STATE_DIR", str(tmp_path / "state"))


def test_cli_json_equals_the_library(monkeypatch, tmp_path, capsys):
    _fast_checks(monkeypatch, tmp_path)
    assert main(["doctor", "--json", "--lang", "es"]) == 0
    printed = json.loads(capsys.readouterr().out)
    assert printed == doctor.run_checks().to_dict("es")
    assert printed["checks"][-1]["status"] == "warning"


def test_cli_text_names_what_to_fix_and_exits_1(monkeypatch, tmp_path, capsys):
    _fast_checks(monkeypatch, tmp_path, voila_version="0.4.6")
    assert main(["doctor", "--lang", "pt-BR"]) == 1
    out = capsys.readouterr().out
    assert "[FALHA] Versão do Voila (voila 0.4.6)" in out
    assert 'pip install "voila>=0.5,<0.6"' in out
    assert "AVISO" in out and out.strip().endswith("antes de abrir o servidor para as pessoas.")


def test_cli_all_good(monkeypatch, tmp_path, capsys):
    _fast_checks(monkeypatch, tmp_path)
    monkeypatch.setitem(doctor.CHECKS, "chromium", lambda: doctor.check_chromium(sys.executable))
    assert main(["doctor", "--lang", "en"]) == 0
    assert capsys.readouterr().out.strip().endswith("All good: this installation can serve the apps.")


def test_state_check_used_by_the_doctor_points_at_the_autosave_folder(monkeypatch, tmp_path):
    monkeypatch.setenv("CIVIC_KIT_STATE_DIR", str(tmp_path / "s"))
    assert doctor.run_checks(["state"]).check("state").detail == str(Path(tmp_path / "s"))
