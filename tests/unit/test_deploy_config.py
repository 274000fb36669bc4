"""Deployment files stay valid: nginx syntax, Helm values, the TLJH script and ``notebooks/voila.json``.

A typo in one of these files is found by a municipal IT team at the worst moment (the server does not
start, or silently ignores a setting: traitlets only warns about an unknown trait). These tests catch it
in CI instead.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
NGINX_CONF = ROOT / "deploy" / "nginx" / "civic-kit.conf"
HELM_VALUES = ROOT / "deploy" / "helm" / "values.yaml"
TLJH_SCRIPT = ROOT / "deploy" / "tljh" / "setup.sh"
VOILA_JSON = ROOT / "notebooks" / "voila.json"


def _configurable_classes() -> dict[str, type]:
    """The classes a voila.json section can name, as ``civic-kit start`` builds them."""
    from jupyter_server.services.kernels.kernelmanager import AsyncMappingKernelManager, MappingKernelManager
    from voila.app import Voila
    from voila.configuration import VoilaConfiguration
    from voila.execute import VoilaExecutor
    from voila.voila_kernel_manager import voila_kernel_manager_factory

    from civic_kit.server import CivicKitVoila

    pooled = voila_kernel_manager_factory(AsyncMappingKernelManager, True, 1)
    classes = [Voila, CivicKitVoila, VoilaConfiguration, VoilaExecutor, MappingKernelManager, pooled]
    return {cls.__name__: cls for cls in classes}


def _voila_config():
    from traitlets.config.loader import JSONFileConfigLoader

    return JSONFileConfigLoader(VOILA_JSON.name, path=str(VOILA_JSON.parent)).load_config()


def test_voila_json_sections_and_traits_exist():
    config = _voila_config()
    classes = _configurable_classes()
    assert "VoilaKernelManager" in classes, "voila renamed its pooled kernel manager"
    for section, values in config.items():
        assert section in classes, f"voila.json: unknown section {section!r}"
        traits = classes[section].class_trait_names(config=True)
        for name in values:
            assert name in traits, f"voila.json: {section}.{name} is not a configurable trait"


def test_voila_json_values_are_accepted_by_the_traits():
    """Assigning each value to a fresh instance runs the traits' own validation (types, ranges)."""
    config = _voila_config()
    classes = _configurable_classes()
    for section, values in config.items():
        cls = classes[section]
        instance = cls.__new__(cls)  # traits set up, __init__ (which would start things) not run
        for name, value in values.items():
            trait = cls.class_traits(config=True)[name]
            trait.validate(instance, value)


def test_kernel_clean_up_settings_are_the_documented_ones():
    """Tabs that close shut their kernel down at once (Voila's beforeunload beacon); culling catches the rest.

    The values are explained in docs/deploy.md; the load benchmark measures both paths.
    """
    culling = json.loads(VOILA_JSON.read_text("utf-8"))["MappingKernelManager"]
    assert 0 < culling["cull_interval"] <= 120
    assert 300 <= culling["cull_idle_timeout"] <= 3600
    assert culling["cull_connected"] is True  # a tab left open over the weekend must not hold memory
    assert culling["cull_busy"] is False  # never interrupt a computation
    docs = (ROOT / "docs" / "deploy.md").read_text("utf-8")
    assert f"cull_idle_timeout: {culling['cull_idle_timeout']}" in docs


def test_preheated_pools_stay_compatible():
    config = json.loads(VOILA_JSON.read_text("utf-8"))
    assert config["VoilaConfiguration"]["preheat_kernel"] is True
    assert config["VoilaConfiguration"].get("progressive_rendering") is not True  # Voila refuses both
    assert config["VoilaConfiguration"]["show_tracebacks"] is False


@pytest.mark.skipif(
    shutil.which("nginx") is None,
    reason="nginx is not installed (Debian package: nginx-light or nginx); the syntax check needs `nginx -t`",
)
def test_nginx_config_syntax(tmp_path):
    wrapper = tmp_path / "nginx.conf"
    wrapper.write_text(
        "pid {pid};\nerror_log {log} warn;\nevents {{}}\nhttp {{\n"
        "  access_log off;\n  client_body_temp_path {tmp}/body;\n  proxy_temp_path {tmp}/proxy;\n"
        "  include {conf};\n}}\n".format(
            pid=tmp_path / "nginx.pid", log=tmp_path / "error.log", tmp=tmp_path, conf=NGINX_CONF
        ),
        encoding="utf-8",
    )
    result = subprocess.run(
        ["nginx", "-t", "-p", str(tmp_path), "-c", str(wrapper)], capture_output=True, text=True, timeout=30
    )
    assert result.returncode == 0, result.stderr


def test_nginx_config_forwards_websockets():
    """Without these the page loads but no widget ever appears (checked even when nginx is absent)."""
    text = NGINX_CONF.read_text("utf-8")
    for needed in (
        "proxy_http_version 1.1;",
        "proxy_set_header Upgrade $http_upgrade;",
        "proxy_set_header Connection $connection_upgrade;",
        "map $http_upgrade $connection_upgrade",
    ):
        assert needed in text, needed
    assert text.count("{") == text.count("}"), "unbalanced braces"


def _get(mapping: dict, dotted: str):
    value = mapping
    for part in dotted.split("."):
        assert isinstance(value, dict) and part in value, f"values.yaml has no {dotted}"
        value = value[part]
    return value


@pytest.mark.parametrize(
    ("key", "kind"),
    [
        ("singleuser.image.name", str),
        ("singleuser.image.tag", str),
        ("singleuser.defaultUrl", str),
        ("singleuser.memory.guarantee", str),
        ("singleuser.memory.limit", str),
        ("cull.enabled", bool),
        ("cull.timeout", int),
        ("prePuller.continuous.enabled", bool),
        ("scheduling.userPlaceholder.replicas", int),
    ],
    ids=lambda value: value if isinstance(value, str) else value.__name__,
)
def test_helm_values_have_the_documented_keys(key, kind):
    values = yaml.safe_load(HELM_VALUES.read_text("utf-8"))
    value = _get(values, key)
    assert isinstance(value, kind), f"{key} should be a {kind.__name__}, got {value!r}"
    assert key.rsplit(".", 1)[-1] in (ROOT / "docs" / "deploy.md").read_text("utf-8")


def test_helm_values_are_consistent():
    values = yaml.safe_load(HELM_VALUES.read_text("utf-8"))
    units = {"K": 1e3, "M": 1e6, "G": 1e9}

    def size(text: str) -> float:
        return float(text[:-1]) * units[text[-1]]

    assert size(values["singleuser"]["memory"]["guarantee"]) <= size(values["singleuser"]["memory"]["limit"])
    assert values["singleuser"]["defaultUrl"].startswith("/voila/render/")
    assert (ROOT / values["singleuser"]["defaultUrl"].removeprefix("/voila/render/")).is_file()
    assert values["cull"]["timeout"] >= 600


def test_tljh_script_is_valid_bash_with_the_documented_settings():
    result = subprocess.run(["bash", "-n", str(TLJH_SCRIPT)], capture_output=True, text=True, timeout=30)
    assert result.returncode == 0, result.stderr
    text = TLJH_SCRIPT.read_text("utf-8")
    for setting in ("limits.memory", "services.cull.timeout", "tljh-config reload"):
        assert setting in text


# --- Helm values against the chart's own JSON schema ------------------------------------------------
# Helm validates the chart defaults merged with the user's values against values.schema.json, and the
# jupyterhub chart's schema refuses unknown keys (additionalProperties: false) -- so a misspelled key is
# an install error, not a silently ignored setting. The chart is not on a package registry, so CI (which
# reaches only registries) cannot download it: `make helm-check` does, then runs the test below with
# CIVIC_KIT_Z2JH_CHART pointing at it. The checker itself is tested here on a small chart of our own.

HELM_FIXTURE = ROOT / "tests" / "fixtures" / "helm-chart"


def _helm_merge(defaults: object, overrides: object) -> object:
    """Helm's value merge: maps merge key by key, a ``null`` removes a default, anything else replaces."""
    if not isinstance(defaults, dict) or not isinstance(overrides, dict):
        return overrides
    merged = dict(defaults)
    for key, value in overrides.items():
        if value is None:
            merged.pop(key, None)
        else:
            merged[key] = _helm_merge(defaults.get(key), value)
    return merged


def _read_chart(chart: Path) -> tuple[dict, dict]:
    """(default values, schema) of a chart folder or a packaged ``.tgz`` as ``helm pull`` saves it."""
    if chart.is_dir():
        return (
            yaml.safe_load((chart / "values.yaml").read_text("utf-8")),
            json.loads((chart / "values.schema.json").read_text("utf-8")),
        )
    import tarfile

    with tarfile.open(chart) as archive:
        names = {Path(name).name: name for name in archive.getnames() if name.count("/") == 1}
        values = yaml.safe_load(archive.extractfile(names["values.yaml"]).read())
        schema = json.loads(archive.extractfile(names["values.schema.json"]).read())
    return values, schema


def _schema_errors(chart: Path, values_file: Path) -> list[str]:
    import jsonschema

    defaults, schema = _read_chart(chart)
    merged = _helm_merge(defaults, yaml.safe_load(values_file.read_text("utf-8")))
    validator = jsonschema.Draft7Validator(schema)
    return sorted(
        f"{'.'.join(map(str, error.absolute_path)) or '(top)'}: {error.message}"
        for error in validator.iter_errors(merged)
    )


def test_helm_merge_follows_helm_rules():
    defaults = {"a": {"b": 1, "c": [1, 2]}, "d": 1}
    assert _helm_merge(defaults, {"a": {"c": [3]}, "d": None}) == {"a": {"b": 1, "c": [3]}}


def test_schema_check_accepts_good_values_and_names_the_bad_key(tmp_path):
    good = tmp_path / "good.yaml"
    good.write_text("singleuser:\n  memory:\n    limit: 1G\ncull:\n  timeout: 3600\n", "utf-8")
    assert _schema_errors(HELM_FIXTURE, good) == []
    bad = tmp_path / "bad.yaml"
    bad.write_text("singleuser:\n  memmory:\n    limit: 1G\ncull:\n  timeout: one hour\n", "utf-8")
    errors = _schema_errors(HELM_FIXTURE, bad)
    assert any("memmory" in error for error in errors), errors
    assert any(error.startswith("cull.timeout") for error in errors), errors


def test_helm_values_validate_against_the_jupyterhub_chart_schema():
    chart = os.environ.get("CIVIC_KIT_Z2JH_CHART")
    if not chart:
        pytest.skip("the jupyterhub chart is not on a package registry; `make helm-check` downloads it and runs this")
    assert _schema_errors(Path(chart), HELM_VALUES) == []


def test_schema_check_reads_a_packaged_chart(tmp_path):
    import tarfile

    packaged = tmp_path / "jupyterhub-0.0.1.tgz"
    with tarfile.open(packaged, "w:gz") as archive:
        for name in ("values.yaml", "values.schema.json"):
            archive.add(HELM_FIXTURE / name, arcname=f"jupyterhub/{name}")
    assert _read_chart(packaged) == _read_chart(HELM_FIXTURE)
