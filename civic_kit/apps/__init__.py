"""Voila apps, one module each; every module exposes ``build_app(lang) -> widget``.

:data:`APPS` is the catalogue the gallery home shows. An app appears on the home page only when its
notebook exists next to the gallery, so unfinished apps are simply not listed.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["APPS", "AppInfo"]


@dataclass(frozen=True)
class AppInfo:
    """What the gallery needs to show one app."""

    slug: str
    notebook: str
    """File name of the app's notebook in ``notebooks/apps/``."""
    title_key: str
    description_key: str
    audience_key: str = "gallery.audience-officials"


APPS: tuple[AppInfo, ...] = (
    AppInfo("policy-drafter", "policy_drafter.ipynb", "app.policy-drafter.title", "app.policy-drafter.description"),
    AppInfo("transparency", "transparency.ipynb", "app.transparency.title", "app.transparency.description"),
    AppInfo("pb-simulator", "pb_simulator.ipynb", "app.pb-simulator.title", "app.pb-simulator.description"),
    AppInfo("access", "access.ipynb", "app.access.title", "app.access.description"),
)
