"""Demo, seeding and benchmark code stays out of the service: no product app uses the devtools app (not
even inside a function, nor by a dotted name in a string), and the settings hold no switch for tests or
benchmarks."""

from __future__ import annotations

import ast
from pathlib import Path

from django.conf import settings

ROOT = Path(__file__).resolve().parents[2]
PRODUCT_APPS = ["accounts", "providers", "referrals", "casework", "marac", "sla", "intake", "audit", "reports"]
# The product's packages that are not apps: the plumbing and the access trail.
PRODUCT_PACKAGES = [*PRODUCT_APPS, "kidas", "access_trail"]


def _uses_devtools(path: Path) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        names: list[str] = []
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [node.module]
        elif isinstance(node, ast.Constant) and isinstance(node.value, str):
            names = [node.value]
        found += [f"{path.relative_to(ROOT)}:{node.lineno}: {name}" for name in names if _is_devtools(name)]
    return found


def _is_devtools(name: str) -> bool:
    return name == "devtools" or name.startswith("devtools.")


def test_no_product_app_imports_the_demo_and_developer_tools() -> None:
    used = [
        hit
        for package in PRODUCT_PACKAGES
        for path in sorted((ROOT / package).rglob("*.py"))
        for hit in _uses_devtools(path)
    ]
    assert used == []


def test_the_demo_and_developer_tools_are_installed_after_every_product_app() -> None:
    apps = settings.INSTALLED_APPS
    assert apps.index("devtools") > max(apps.index(app) for app in PRODUCT_APPS)


def test_the_settings_hold_no_switch_for_tests_or_benchmarks() -> None:
    from config import settings as project_settings

    names = [name for name in dir(project_settings) if name.isupper()]
    assert [name for name in names if "TEST" in name or "BENCH" in name] == []
