"""Every command explains itself: help text, and a mention in the README."""

from __future__ import annotations

from pathlib import Path

import click
from click.testing import CliRunner

from reportkit.cli import main

README = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")


def _commands(group: click.Group, prefix: str = "reportkit"):
    for name, command in group.commands.items():
        path = f"{prefix} {name}"
        yield path, command
        if isinstance(command, click.Group):
            yield from _commands(command, path)


def test_every_command_has_help_and_documentation():
    runner = CliRunner()
    for path, command in _commands(main):
        assert command.help, f"{path} has no help text"
        args = path.split()[1:] + ["--help"]
        result = runner.invoke(main, args)
        assert result.exit_code == 0, result.output
        assert f"`{path}" in README, f"{path} is not documented in README.md"


def test_unknown_command_is_a_usage_error():
    result = CliRunner().invoke(main, ["nope"])
    assert result.exit_code == 2
    assert "Không có lệnh" in result.output
