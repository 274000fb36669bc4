"""Data flows one way: domain modules never import widgets or maps, so they stay unit-testable."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2] / "civic_kit"
PRESENTATION = {"ui", "apps"}
#: The web-server layer: the standalone Voila server and the Jupyter Server extension wrap Voila itself.
SERVER_MODULES = {"server.py", "jupyter_ext.py"}
FORBIDDEN = ("ipywidgets", "folium", "IPython", "ipyleaflet", "voila")


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


def test_domain_modules_do_not_import_presentation_libraries():
    offenders = {}
    for path in PACKAGE.rglob("*.py"):
        relative = path.relative_to(PACKAGE)
        if relative.parts[0] in PRESENTATION or (len(relative.parts) == 1 and relative.name in SERVER_MODULES):
            continue
        bad = _imports(path) & set(FORBIDDEN)
        if bad:
            offenders[str(relative)] = sorted(bad)
    assert offenders == {}
