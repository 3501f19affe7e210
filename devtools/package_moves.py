"""The package moves that made every package sit in one layer (ARCHITECTURE.md), as a script that can be run
again, e.g. after merging work written against the old paths: files still at an old path are moved
(`git mv`), and every reference to a moved module in the tracked text files is rewritten. Migrations are
left alone (they name models, not modules). Running it on a tree already moved changes nothing.

    .venv/bin/python -m devtools.package_moves            # both moves
    .venv/bin/python -m devtools.package_moves kidas      # only the project wiring out of kidas
    .venv/bin/python -m devtools.package_moves audit      # only the access trail out of audit

- kidas: the wiring (settings, root URLs, the Celery app, WSGI, the permission map) moves to `config`;
  `kidas` keeps the plumbing at the bottom. `kidas.auth` (the signed-in user) moves to `accounts.auth`.
- audit: the access trail (the access-event model, recording reads, the API mixins, the middleware) moves
  to the package `access_trail`, low in the layers; what belongs to the referral's own record (the
  corrections model and the restricted fields rule) moves into `referrals`; `audit` keeps the change
  history. The models keep their app label "audit" (so no table, trigger or migration changes).
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

# module (dotted) -> its new home
MOVES: dict[str, dict[str, str]] = {
    "kidas": {
        "kidas.settings_production": "config.settings_production",
        "kidas.settings": "config.settings",
        "kidas.urls": "config.urls",
        "kidas.api_urls": "config.api_urls",
        "kidas.celery": "config.celery",
        "kidas.wsgi": "config.wsgi",
        "kidas.permissions": "config.permissions",
        "kidas.auth": "accounts.auth",
    },
    "audit": {
        "audit.access": "access_trail.access",
        "audit.services": "access_trail.services",
        "audit.mixins": "access_trail.mixins",
        "audit.middleware": "access_trail.middleware",
        "audit.correction": "referrals.correction",
        "audit.restricted": "referrals.restricted",
    },
}
NEW_PACKAGES = {
    "kidas": {
        "config": '"""The project\'s wiring, on top of every layer: settings, root URLs, the Celery app, WSGI, the\n'
        'permission map (ARCHITECTURE.md)."""\n\nfrom __future__ import annotations\n\n'
        'from .celery import app as celery_app\n\n__all__ = ["celery_app"]\n',
    },
    "audit": {
        "access_trail": '"""The access trail: who looked at or changed which referrals. Low in the layers, so every feature\n'
        'records its reads (ARCHITECTURE.md). Not an app of its own: its model keeps the app label "audit"."""\n',
    },
}
KIDAS_INIT = '"""Plumbing at the bottom of the layers: environment, errors, API base, database helpers, the queue,\nthe page runner (ARCHITECTURE.md). The project\'s wiring is `config`."""\n'
# Models whose module moved out of the audit package keep their app label.
KEEP_APP_LABEL = {"access_trail/access.py": "AccessEvent", "referrals/correction.py": "Correction"}
TEXT_SUFFIXES = {".py", ".html", ".txt", ".md", ".toml", ".cfg", ".ini", ".sh", ".yml", ".yaml", ".json", ""}
COMMAND_LINES = [
    (re.compile(r"(celery\s+-A\s+)kidas\b"), r"\1config"),
    (re.compile(r'("-A",\s*)"kidas"'), r'\1"config"'),
]


def _git(*args: str) -> str:
    return subprocess.run(["git", *args], cwd=ROOT, check=True, capture_output=True, text=True).stdout


def _path(module: str) -> Path:
    return ROOT / (module.replace(".", "/") + ".py")


def move_files(group: str) -> None:
    for package in NEW_PACKAGES[group]:
        (ROOT / package).mkdir(exist_ok=True)
    if group == "kidas" and not (ROOT / "config/__init__.py").exists():
        _git("mv", "kidas/__init__.py", "config/__init__.py")
        (ROOT / "kidas/__init__.py").write_text(KIDAS_INIT)
        _git("add", "kidas/__init__.py")
    for package, init in NEW_PACKAGES[group].items():
        if not (ROOT / package / "__init__.py").exists():
            (ROOT / package / "__init__.py").write_text(init)
            _git("add", f"{package}/__init__.py")
    for old, new in MOVES[group].items():
        if _path(old).exists() and not _path(new).exists():
            _git("mv", str(_path(old).relative_to(ROOT)), str(_path(new).relative_to(ROOT)))


def _rewrites(group: str) -> list[tuple[re.Pattern[str], str]]:
    rules: list[tuple[re.Pattern[str], str]] = []
    for old, new in MOVES[group].items():
        old_package, old_name = old.rsplit(".", 1)
        new_package, new_name = new.rsplit(".", 1)
        rules.append((re.compile(rf"\b{re.escape(old)}\b"), new))
        rules.append((re.compile(rf"\b{old_package}/{old_name}\.py\b"), f"{new_package}/{new_name}.py"))
        rules.append(
            (re.compile(rf"\bfrom {old_package} import {old_name}\b"), f"from {new_package} import {new_name}")
        )
    if group == "kidas":
        rules += COMMAND_LINES
    return rules


def rewrite_references(group: str) -> list[str]:
    rules = _rewrites(group)
    changed = []
    for name in _git("ls-files").splitlines():
        path = ROOT / name
        if "/migrations/" in name or path.suffix not in TEXT_SUFFIXES or not path.is_file():
            continue
        if name.startswith(("static/", "node_modules/")) or name == "devtools/package_moves.py":
            continue
        text = path.read_text()
        new_text = text
        for pattern, replacement in rules:
            new_text = pattern.sub(replacement, new_text)
        if new_text != text:
            path.write_text(new_text)
            changed.append(name)
    return changed


def keep_app_labels() -> None:
    for name, model in KEEP_APP_LABEL.items():
        path = ROOT / name
        if not path.exists():
            continue
        text = path.read_text()
        if 'app_label = "audit"' in text:
            continue
        start = text.index(f"class {model}(")
        meta = text.index("    class Meta:\n", start) + len("    class Meta:\n")
        text = (
            text[:meta]
            + '        app_label = "audit"  # the model moved package, not app: same table, same triggers\n'
            + text[meta:]
        )
        path.write_text(text)


def main(argv: list[str]) -> int:
    groups = argv[1:] or list(MOVES)
    for group in groups:
        move_files(group)
        changed = rewrite_references(group)
        if group == "audit":
            keep_app_labels()
        print(f"{group}: {len(changed)} files rewritten")
    # The moved imports sorted and formatted as the rest of the tree.
    subprocess.run([str(ROOT / ".venv/bin/ruff"), "check", "--fix", "--quiet", "."], cwd=ROOT, check=False)
    subprocess.run([str(ROOT / ".venv/bin/ruff"), "format", "--quiet", "."], cwd=ROOT, check=False)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
