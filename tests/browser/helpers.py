"""What every browser test does: open an app, wait until it is interactive, check it is clean."""

from __future__ import annotations

import json
import re
from pathlib import Path

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
TRACEBACK_MARKERS = ("Traceback (most recent call last)", "There was an error when executing cell", "Error:")
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def open_app(page, base_url: str, notebook: str, lang: str | None = None, timeout_ms: int = 90_000) -> None:
    """Navigate to a Voila app and wait until civic-kit's shell and its language switch are on screen."""
    query = f"?lang={lang}" if lang else ""
    page.goto(f"{base_url}/voila/render/{notebook}{query}", wait_until="domcontentloaded", timeout=timeout_ms)
    page.wait_for_selector(".ck-app select", state="visible", timeout=timeout_ms)


def screenshot(page, name: str) -> Path:
    """Save a full-page PNG under test-artifacts/ (looked at by people, not compared by machines)."""
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def serious_violations(page, context: str | None = None) -> list[dict]:
    """axe-core WCAG 2.0/2.1 A and AA violations whose impact is serious or critical."""
    from axe_playwright_python.sync_playwright import Axe

    options = {"runOnly": {"type": "tag", "values": WCAG_TAGS}, "resultTypes": ["violations"]}
    results = Axe().run(page, context=context, options=options)
    violations = results.response.get("violations", [])
    serious = [v for v in violations if v.get("impact") in ("serious", "critical")]
    if violations:
        ARTIFACTS.mkdir(exist_ok=True)
        name = re.sub(r"[^a-z0-9]+", "-", page.url.lower())[-80:]
        (ARTIFACTS / f"axe-{name}.json").write_text(json.dumps(violations, indent=2), encoding="utf-8")
    return serious


def describe(violations: list[dict]) -> str:
    return "; ".join(f"{v['id']} ({v['impact']}): {v['nodes'][0]['target'] if v['nodes'] else ''}" for v in violations)


def page_text(page) -> str:
    return page.inner_text("body")


def assert_no_traceback(page) -> None:
    text = page_text(page)
    for marker in TRACEBACK_MARKERS[:2]:
        assert marker not in text, f"traceback text on the page: {marker!r}"
