"""Every kind of stored figures is registered when the project starts (kidas.stored_figures): a Celery worker
imports no views, and its beat task forgets, and never counts again, the rows of a kind it does not know."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

STARTED_LIKE_A_WORKER = (
    "import django; django.setup(); from kidas.stored_figures import KINDS; print(' '.join(sorted(KINDS)))"
)


def test_a_process_that_only_starts_django_knows_every_kind_of_stored_figures() -> None:
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings"}
    printed = subprocess.run(  # noqa: S603 (the command is this module's own, never outside input)
        [sys.executable, "-c", STARTED_LIKE_A_WORKER],
        cwd=Path(__file__).resolve().parent.parent,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    assert printed == ["breaches", "marac", "marac-quarters", "return"]
