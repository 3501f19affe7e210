"""The app graph (`make graph`, devtools/app_graph.py): no cycle between the project's packages, nor
between the modules of any one of them, counting every import (module level, inside functions, under
TYPE_CHECKING); and every package is in the import-linter contract."""

from __future__ import annotations

import tomllib
from pathlib import Path

from devtools.app_graph import build, report, strongly_connected

ROOT = Path(__file__).resolve().parents[1]


def test_no_cycle_between_apps_nor_between_the_modules_of_an_app() -> None:
    graph = build(ROOT)
    assert (graph.app_cycles, dict(graph.module_cycles)) == ((), {}), report(graph)


def test_every_package_is_in_the_layers_contract() -> None:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["importlinter"]
    layers = {name.strip("() ") for line in config["contracts"][0]["layers"] for name in line.split("|")}
    assert sorted(config["root_packages"]) == sorted(build(ROOT).packages)
    assert set(config["root_packages"]) <= layers


def test_it_finds_a_cycle_and_leaves_a_chain_alone() -> None:
    edges = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}, "e": {"e"}}
    assert strongly_connected("abcde", edges) == (("a", "b", "c"),)
    assert strongly_connected("abc", {"a": {"b"}, "b": {"c"}}) == ()
