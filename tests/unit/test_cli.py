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
