"""cli.main's command table: every command and action the parser offers runs through one entry of COMMANDS."""

from __future__ import annotations

import argparse
import importlib

from cli.main import COMMANDS, build_parser


def _actions(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    return dict(sub.choices)


def test_every_command_and_action_has_one_runner_and_nothing_else_does() -> None:
    offered = set()
    for name, parser in _actions(build_parser()).items():
        nested = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
        offered |= {f"{name} {action}" for action in _actions(parser)} if nested else {name}
    assert offered == set(COMMANDS)
    for target in COMMANDS.values():
        module, _, function = target.partition(":")
        assert callable(getattr(importlib.import_module(module), function)), target
