"""The production settings pass `manage.py check --deploy` with no warning, and refuse to start with
the public development key or with demo data switched on."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection

ROOT = Path(__file__).resolve().parents[2]
LIVE_ENV = {
    "DJANGO_SETTINGS_MODULE": "config.settings_production",
    "SECRET_KEY": "x9!Lq2#vR7@pZ4$kW1^mN8&tB3*cY6(hJ5)gF0_dS-aE+uI=oP]",
    "ALLOWED_HOSTS": "kidas.example.org",
    "KIDAS_DEMO": "0",
}

# The browser tests set DJANGO_ALLOW_ASYNC_UNSAFE in this process; a live service never has it.
NOT_PASSED_ON = ("DJANGO_SETTINGS_MODULE", "SECRET_KEY", "KIDAS_DEMO", "DJANGO_ALLOW_ASYNC_UNSAFE")


def database_url_of_tests() -> str:
    """The test database (with its reference data): the deploy checks generate the API schema, which reads it."""
    db = connection.settings_dict
    auth = f"{db['USER']}:{db['PASSWORD']}@" if db["USER"] else ""
    port = f":{db['PORT']}" if db["PORT"] else ""
    return f"postgres://{auth}{db['HOST'] or ''}{port}/{db['NAME']}"


def manage(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    environ = {k: v for k, v in os.environ.items() if k not in NOT_PASSED_ON}
    return subprocess.run(  # noqa: S603 (the arguments are this module's own, never outside input)
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**environ, **LIVE_ENV, "DATABASE_URL": database_url_of_tests(), **env},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,  # the tests read the exit code
    )


@pytest.mark.django_db
def test_check_deploy_is_clean_under_the_production_settings() -> None:
    result = manage("check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_the_production_settings_turn_on_https_only() -> None:
    code = (
        "from django.conf import settings as s; "
        "print(s.SECURE_SSL_REDIRECT, s.SECURE_HSTS_SECONDS, s.SECURE_HSTS_INCLUDE_SUBDOMAINS, "
        "s.SECURE_HSTS_PRELOAD, s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.DEBUG)"
    )
    result = manage("shell", "-v", "0", "-c", code)
    assert result.stdout.split() == ["True", "31536000", "True", "True", "True", "True", "False"], result.stderr


def test_the_production_settings_refuse_the_development_key() -> None:
    environ = {k: v for k, v in os.environ.items() if k not in NOT_PASSED_ON}
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env={**environ, **{k: v for k, v in LIVE_ENV.items() if k != "SECRET_KEY"}},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,  # the tests read the exit code
    )
    assert result.returncode != 0
    assert "Set SECRET_KEY" in result.stderr


def test_the_production_settings_refuse_demo_data() -> None:
    result = manage("check", KIDAS_DEMO="1")
    assert result.returncode != 0
    assert "KIDAS_DEMO" in result.stderr


def test_the_production_settings_refuse_to_start_without_the_service_host_names() -> None:
    environ = {k: v for k, v in os.environ.items() if k not in NOT_PASSED_ON and k != "ALLOWED_HOSTS"}
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env={**environ, **{k: v for k, v in LIVE_ENV.items() if k != "ALLOWED_HOSTS"}},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,  # the tests read the exit code
    )
    assert result.returncode != 0
    assert "Set ALLOWED_HOSTS" in result.stderr
