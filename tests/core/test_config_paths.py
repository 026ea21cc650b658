"""No module loads config/ by itself: loaders take a path, settings come from the entry point, and every caller of
the cleaner in the entry points and the crawler hands it the configuration it was given (read from the source)."""

from __future__ import annotations

import ast
import inspect
from pathlib import Path

import pytest

from core import config
from core.settings import REPO_ROOT

LIBRARY = ("core", "cleaner", "crawler", "indexer", "search_api", "simulator")  # not cli/, benchmarks/, tests/
LOADERS = {"load_provinces", "load_directives", "load_sources"}  # core.config's; and cleaner.rules.load_rules
# Modules that may name the config/ shipped with govnews, and why.
SHIPPED_CONFIG = {
    "core/settings.py": "the default of Settings.config_dir",
    "cleaner/config.py": "bundled(): extract() called with no config (a notebook, a check)",
    "simulator/banks.py": "the simulator's sites are the real units of the shipped provinces.yaml",
}
# Library modules that may build Settings from the environment: the app factory (uvicorn --factory).
SETTINGS_BUILDERS = {"search_api/app.py"}


def _modules(packages: tuple[str, ...]) -> list[tuple[str, ast.Module]]:
    out = []
    for package in packages:
        for path in sorted((REPO_ROOT / package).rglob("*.py")):
            out.append((path.relative_to(REPO_ROOT).as_posix(), ast.parse(path.read_text(encoding="utf-8"))))
    return out


def _name(node: ast.expr) -> str:
    return node.id if isinstance(node, ast.Name) else node.attr if isinstance(node, ast.Attribute) else ""


def _calls(tree: ast.Module, names: set[str]) -> list[ast.Call]:
    return [n for n in ast.walk(tree) if isinstance(n, ast.Call) and _name(n.func) in names]


@pytest.mark.parametrize("loader", sorted(LOADERS))
def test_config_loaders_have_no_default_path(loader: str) -> None:
    path = inspect.signature(getattr(config, loader)).parameters["path"]
    assert path.default is inspect.Parameter.empty
    assert not hasattr(config, "CONFIG_DIR")


def test_the_cleaners_rules_are_an_argument() -> None:
    from cleaner import dom, rules, titles

    assert inspect.signature(rules.load_rules).parameters["path"].default is inspect.Parameter.empty
    for function in (dom.strip_boilerplate, dom.raw_blocks, dom.paragraphs, titles.page_title,
                     titles.strip_site_suffix):
        assert inspect.signature(function).parameters["rules"].default is inspect.Parameter.empty, function


def test_every_config_load_names_its_path() -> None:
    bare = [f"{name}:{call.lineno}" for name, tree in _modules((*LIBRARY, "cli", "benchmarks"))
            for call in _calls(tree, {*LOADERS, "load_rules"}) if not call.args and not call.keywords]
    assert bare == []


def test_only_the_declared_modules_name_the_shipped_config() -> None:
    naming = {name for name, tree in _modules(LIBRARY)
              if any(isinstance(n, ast.Name) and n.id in {"DEFAULT_CONFIG_DIR", "CONFIG_DIR"} for n in ast.walk(tree))
              or any(isinstance(n, ast.Constant) and n.value == "config" for n in ast.walk(tree))}
    assert naming <= set(SHIPPED_CONFIG), naming - set(SHIPPED_CONFIG)


def test_library_code_does_not_build_settings() -> None:
    building = {f"{name}:{call.lineno}" for name, tree in _modules(LIBRARY) if name not in SETTINGS_BUILDERS
                for call in _calls(tree, {"Settings", "get_settings"})
                if _name(call.func) == "Settings" or not (call.args or call.keywords)}
    assert building == set()  # Settings(...) reads the environment: only entry points build it


def test_the_cleaner_is_handed_its_config_by_every_caller_that_has_settings() -> None:
    callers = {"extract", "extract_page"}
    missing = [f"{name}:{call.lineno}" for name, tree in _modules(("cli", "crawler"))
               for call in _calls(tree, callers) if not any(k.arg == "config" for k in call.keywords)]
    assert missing == []
    assert any(_calls(tree, callers) for _, tree in _modules(("cli", "crawler")))  # the check sees the calls


def test_the_worker_pool_is_given_the_config_dir() -> None:
    pools = [call for _, tree in _modules(("crawler",)) for call in _calls(tree, {"worker_pool"})]
    assert pools
    assert all(len(call.args) == 2 and "config_dir" in ast.unparse(call.args[1]) for call in pools)


def test_the_repository_config_is_where_settings_says() -> None:
    from core.settings import DEFAULT_CONFIG_DIR, Settings

    assert Settings.model_fields["config_dir"].default == DEFAULT_CONFIG_DIR == REPO_ROOT / "config"
    assert (Path(DEFAULT_CONFIG_DIR) / "provinces.yaml").is_file()
