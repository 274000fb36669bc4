"""Installation checks behind ``civic-kit doctor``: is this machine ready to serve the apps?

The usual reasons a Voila deployment fails are not bugs in an app but in the installation: the kernel
Voila starts runs another Python (without civic-kit), the three widget packages drifted apart (the page
loads and the widgets never appear), the folder for autosaves is read-only (work is silently lost), or
the notebooks folder is not where the server looks. Each check here returns a :class:`Check` whose
problem is an :class:`~civic_kit.problems.Issue`, so the text a municipal IT team reads is translated and
the ``--json`` form is stable for scripts.

Checks never raise: whatever goes wrong while checking becomes a failed check. The public check functions
take what they inspect as parameters (versions, paths), so tests exercise the failures without breaking
the machine they run on.

Example
-------
>>> report = run_checks(checks=("voila",))
>>> report.checks[0].name
'voila'
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from typing import Any, Literal

from civic_kit.i18n import t
from civic_kit.problems import Issue

__all__ = [
    "CHECKS",
    "Check",
    "DoctorReport",
    "Status",
    "check_chromium",
    "check_datasets",
    "check_kernel",
    "check_notebooks",
    "check_state_dir",
    "check_voila",
    "check_widgets",
    "default_state_dir",
    "installed_versions",
    "run_checks",
]

Status = Literal["ok", "warning", "error"]

#: Widget packages that must come from the same ipywidgets release line: ipywidgets 8 talks to
#: jupyterlab_widgets 3 and widgetsnbextension 4 (ipywidgets 7 pairs with 1.x and 3.x).
WIDGET_LINES: Mapping[int, Mapping[str, int]] = {
    8: {"jupyterlab_widgets": 3, "widgetsnbextension": 4},
    7: {"jupyterlab_widgets": 1, "widgetsnbextension": 3},
}
#: civic-kit's template extends Voila 0.5's "lab" template and uses its kernel pools.
VOILA_MAJOR_MINOR = (0, 5)
#: Kernelspec commands jupyter_client replaces with the server's interpreter when it starts a kernel.
_SERVER_PYTHON_NAMES = frozenset(
    {"python", f"python{sys.version_info[0]}", f"python{sys.version_info[0]}.{sys.version_info[1]}"}
)
#: Seconds the kernel's Python gets to import civic_kit (a cold import on a slow disk takes a few).
KERNEL_IMPORT_TIMEOUT = 60.0


@dataclass(frozen=True)
class Check:
    """The outcome of one check.

    ``essential`` checks make the doctor exit 1 when they fail; the others (Chromium, which only the
    browser tests need) are reported as warnings.
    """

    name: str
    """Stable identifier (``kernel``, ``widgets``...); the title's message key is ``ops.check.<name>``."""
    status: Status
    issues: tuple[Issue, ...] = ()
    detail: str = ""
    """What was found (a version, a path), shown after the title; not translated because it is data."""

    def title(self, lang: str | None = None) -> str:
        """What the check looks at, in plain words."""
        return t(f"ops.check.{self.name}", lang)

    def to_dict(self, lang: str | None = None) -> dict[str, Any]:
        """JSON-ready form used by ``civic-kit doctor --json``."""
        return {
            "name": self.name,
            "title": self.title(lang),
            "status": self.status,
            "detail": self.detail,
            "issues": [issue.to_dict(lang) for issue in self.issues],
        }


@dataclass(frozen=True)
class DoctorReport:
    """Every check run, in order; ``valid`` is false when any essential check failed."""

    checks: tuple[Check, ...] = field(default_factory=tuple)

    @property
    def valid(self) -> bool:
        return not any(check.status == "error" for check in self.checks)

    def check(self, name: str) -> Check:
        """The check called ``name`` (``KeyError`` if it was not run)."""
        for item in self.checks:
            if item.name == name:
                return item
        raise KeyError(name)

    def to_dict(self, lang: str | None = None) -> dict[str, Any]:
        return {"valid": self.valid, "checks": [check.to_dict(lang) for check in self.checks]}


def _ok(name: str, detail: str = "") -> Check:
    return Check(name=name, status="ok", detail=detail)


def _fail(name: str, code: str, detail: str = "", severity: Status = "error", **params: Any) -> Check:
    issue = Issue(code=code, params=params, severity="warning" if severity == "warning" else "error")
    return Check(name=name, status=severity, issues=(issue,), detail=detail)


def installed_versions(names: Iterable[str]) -> dict[str, str | None]:
    """Installed distribution versions by name; ``None`` for a package that is not installed."""
    found: dict[str, str | None] = {}
    for name in names:
        try:
            found[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            found[name] = None
    return found


def _major(version: str) -> int | None:
    head = version.split(".", 1)[0]
    return int(head) if head.isdigit() else None


def check_widgets(versions: Mapping[str, str | None] | None = None) -> Check:
    """ipywidgets, jupyterlab_widgets and widgetsnbextension installed and from one release line.

    A mismatch is the classic "the page loads but no widget appears" failure, with nothing in the page
    saying why, so it is an essential check.
    """
    names = ("ipywidgets", "jupyterlab_widgets", "widgetsnbextension")
    versions = dict(versions) if versions is not None else installed_versions(names)
    detail = ", ".join(f"{name} {versions.get(name) or '-'}" for name in names)
    missing = [name for name in names if not versions.get(name)]
    if missing:
        return _fail("widgets", "ops-package-missing", detail, packages=", ".join(missing))
    major = _major(str(versions["ipywidgets"]))
    line = WIDGET_LINES.get(major) if major is not None else None
    if line is None:
        return _fail("widgets", "ops-widgets-unsupported", detail, version=versions["ipywidgets"])
    wrong = [f"{name} {versions[name]}" for name, wanted in line.items() if _major(str(versions[name])) != wanted]
    if wrong:
        expected = ", ".join(f"{name} {wanted}.x" for name, wanted in line.items())
        return _fail(
            "widgets", "ops-widgets-mismatch", detail, found=", ".join(wrong), expected=expected, ipywidgets=major
        )
    return _ok("widgets", detail)


def check_voila(version: str | None = None, *, installed: bool = True) -> Check:
    """Voila 0.5.x, the release line civic-kit's page template and kernel pools are written for."""
    if version is None and installed:
        version = installed_versions(["voila"])["voila"]
    if not version:
        return _fail("voila", "ops-package-missing", "voila -", packages="voila")
    parts = version.split(".")
    try:
        found = (int(parts[0]), int(parts[1]))
    except (IndexError, ValueError):
        found = None
    if found != VOILA_MAJOR_MINOR:
        wanted = ".".join(str(part) for part in VOILA_MAJOR_MINOR)
        return _fail("voila", "ops-voila-version", f"voila {version}", version=version, wanted=wanted)
    return _ok("voila", f"voila {version}")


def check_kernel(
    kernel_name: str = "python3",
    *,
    runner: Callable[[list[str]], subprocess.CompletedProcess] | None = None,
) -> Check:
    """The kernel Voila starts exists and its Python can import civic_kit.

    The kernel's Python is often not the one that runs Voila (a system-wide ``python3`` kernelspec left
    from another install), and then every app fails with an import error the official never sees.
    """
    try:
        from jupyter_client.kernelspec import KernelSpecManager, NoSuchKernel
    except ImportError:
        return _fail("kernel", "ops-package-missing", "", packages="jupyter_client")
    try:
        spec = KernelSpecManager().get_kernel_spec(kernel_name)
    except NoSuchKernel:
        return _fail("kernel", "ops-kernel-missing", "", kernel=kernel_name)
    argv = list(spec.argv)
    if not argv:
        return _fail("kernel", "ops-kernel-missing", "", kernel=kernel_name)
    python = argv[0]
    if python in _SERVER_PYTHON_NAMES:
        # jupyter_client launches a kernelspec whose argv[0] is plain "python" with the server's own
        # interpreter (the one running this doctor), not whatever "python" is first on PATH.
        python = sys.executable
    command = [python, "-c", "import civic_kit, ipykernel; print(civic_kit.__file__)"]
    run = runner or (
        lambda cmd: subprocess.run(cmd, capture_output=True, text=True, timeout=KERNEL_IMPORT_TIMEOUT, check=False)
    )
    try:
        result = run(command)
    except (OSError, subprocess.TimeoutExpired) as error:
        return _fail("kernel", "ops-kernel-broken", python, kernel=kernel_name, python=python, reason=str(error))
    if result.returncode != 0:
        reason = (result.stderr or "").strip().splitlines()[-1:] or [f"exit {result.returncode}"]
        return _fail("kernel", "ops-kernel-no-civic-kit", python, kernel=kernel_name, python=python, reason=reason[0])
    return _ok("kernel", f"{kernel_name}: {python}")


def check_datasets(validate: Callable[[], Any] | None = None) -> Check:
    """The bundled datasets pass their own validation (the apps read them at start)."""
    if validate is None:
        from civic_kit.data.registry import validate_datasets

        validate = validate_datasets
    try:
        report = validate()
    except Exception as error:  # noqa: BLE001 - a broken datapackage.json must be a finding, not a traceback
        return _fail("datasets", "ops-datasets-unreadable", "", reason=str(error) or type(error).__name__)
    if report.valid:
        return _ok("datasets", ", ".join(r.name for r in getattr(report, "resources", ())))
    bad = [r.name for r in getattr(report, "resources", ()) if not r.valid] or ["datapackage.json"]
    return _fail("datasets", "ops-datasets-invalid", "", names=", ".join(bad))


def default_state_dir() -> Path:
    """Where apps autosave: ``$CIVIC_KIT_STATE_DIR``, else ``~/.local/share/civic-kit`` (as the apps do)."""
    configured = os.environ.get("CIVIC_KIT_STATE_DIR")
    if configured:
        return Path(configured).expanduser()
    return Path.home() / ".local" / "share" / "civic-kit"


def check_state_dir(path: Path | None = None) -> Check:
    """The autosave folder exists (or can be created) and a file can be written and removed in it.

    Autosaves are what survive a killed kernel or a server restart; if they cannot be written, an
    official's work is lost without warning.
    """
    folder = Path(path) if path is not None else default_state_dir()
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=folder, prefix=".doctor-", delete=True) as handle:
            handle.write(b"ok")
            handle.flush()
    except OSError as error:
        return _fail("state", "ops-state-not-writable", str(folder), path=str(folder), reason=error.strerror or "")
    return _ok("state", str(folder))


def check_chromium(path: str | None = None) -> Check:
    """Debian's Chromium, which the browser tests drive; only a warning, since serving does not need it."""
    candidate = path or os.environ.get("CIVIC_KIT_CHROMIUM", "/usr/bin/chromium")
    found = candidate if Path(candidate).is_file() else shutil.which(Path(candidate).name)
    if not found or not os.access(found, os.X_OK):
        return _fail("chromium", "ops-chromium-missing", candidate, severity="warning", path=candidate)
    return _ok("chromium", found)


def check_notebooks(start: Path | None = None) -> Check:
    """The notebooks folder with the gallery (``apps/index.ipynb``) that ``civic-kit start`` serves."""
    from civic_kit.problems import CivicKitError
    from civic_kit.server import GALLERY_PATH, find_notebooks_dir

    try:
        folder = find_notebooks_dir(start)
    except CivicKitError as error:
        return Check(name="notebooks", status="error", issues=(error.issue,))
    if not (folder / "voila.json").is_file():
        return _fail("notebooks", "ops-voila-json-missing", str(folder), path=str(folder))
    return _ok("notebooks", str(folder / GALLERY_PATH))


#: Every check by name, in the order the doctor runs and prints them.
CHECKS: Mapping[str, Callable[[], Check]] = {
    "notebooks": check_notebooks,
    "voila": check_voila,
    "widgets": check_widgets,
    "kernel": check_kernel,
    "datasets": check_datasets,
    "state": check_state_dir,
    "chromium": check_chromium,
}


def run_checks(checks: Iterable[str] | None = None) -> DoctorReport:
    """Run the named checks (default: all of :data:`CHECKS`, in order) and collect their outcomes.

    Raises
    ------
    KeyError
        For a name that is not in :data:`CHECKS` (a programming error, not a user's).
    """
    names = list(checks) if checks is not None else list(CHECKS)
    functions = [(name, CHECKS[name]) for name in names]
    results = []
    for name, function in functions:
        try:
            results.append(function())
        except Exception as error:  # noqa: BLE001 - a check that breaks is itself a finding
            results.append(_fail(name, "ops-check-crashed", "", reason=f"{type(error).__name__}: {error}"))
    return DoctorReport(checks=tuple(results))
