"""The CLI skin: every sub-command loads, --lang works anywhere, errors are translated."""

from __future__ import annotations

import pytest

from civic_kit import cli


def test_every_subcommand_registers():
    parser = cli.build_parser(strict=True)
    names = set(parser._subparsers._group_actions[0].choices)  # argparse keeps sub-parsers here
    assert {"start"} <= names


def test_no_subcommand_prints_help(capsys):
    assert cli.main([]) == 2
    assert "usage" in capsys.readouterr().out


@pytest.mark.parametrize("argv", [["--lang", "es"], ["--lang=es"]])
def test_lang_is_accepted_anywhere(argv):
    assert cli._take_lang([*argv, "start", "--port", "1"]) == ("es", ["start", "--port", "1"])
    assert cli._take_lang(["start", *argv]) == ("es", ["start"])


def test_start_warm_keeps_that_many_kernels_ready_for_every_app(monkeypatch, capsys):
    """``--warm`` reaches Voila as a pool size its own config loader reads, and it replaces voila.json's pools."""
    import civic_kit.server
    from civic_kit.server import CivicKitVoila

    captured: dict = {}
    monkeypatch.setattr(civic_kit.server, "run", lambda notebooks, **kwargs: captured.update(kwargs))
    assert cli.main(["start", "--warm", "6", "--port", "9999", "--", "--debug"]) == 0
    assert captured["extra"][-1] == "--debug"
    from jupyter_server.services.kernels.kernelmanager import AsyncMappingKernelManager
    from voila.voila_kernel_manager import voila_kernel_manager_factory

    app = CivicKitVoila()
    app.parse_command_line(captured["extra"][:-1])
    pooled = voila_kernel_manager_factory(AsyncMappingKernelManager, True, 1)
    trait = pooled.class_traits()["kernel_pools_config"]
    # The kernel manager's class is made at start-up, so traitlets keeps the value as text until then
    # and parses it with the trait's own rules, as done here.
    value = app.config.VoilaKernelManager.kernel_pools_config
    assert value.get_value(trait) == {"default": {"pool_size": 6}}
    assert app.config.VoilaKernelManager.fill_delay.get_value(pooled.class_traits()["fill_delay"]) > 0


@pytest.mark.parametrize("bad", ["0", "-2", "many"])
def test_start_warm_refuses_nonsense(bad, capsys):
    with pytest.raises(SystemExit):
        cli.main(["start", "--warm", bad])
