"""Schemathesis against every operation of the OpenAPI schema, in process: no input, however odd,
makes the API answer 500, and every answer matches what the schema documents."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections, transaction
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.renderers import OpenApiJsonRenderer
from hypothesis import HealthCheck, settings
from schemathesis.specs.openapi.checks import ignored_auth, positive_data_acceptance

from accounts.models import User

# Enough for every operation to see valid and invalid data; about a minute on two cores.
MAX_EXAMPLES = int(os.environ.get("KIDAS_FUZZ_EXAMPLES", "30"))
# The suite runs the same examples every time (a red CI is then a real change, not a new draw);
# KIDAS_FUZZ_EXPLORE=1 draws new ones, to look for more.
EXPLORE = os.environ.get("KIDAS_FUZZ_EXPLORE") == "1"
APP = WSGIHandler()
schema = schemathesis.openapi.from_dict(
    json.loads(OpenApiJsonRenderer().render(SchemaGenerator().get_schema(request=None, public=True)))
)
cases_run: list[str] = []


@pytest.fixture(scope="module", autouse=True)
def _count_cases() -> Iterator[None]:
    yield
    # Shown with `pytest -s`: how many generated requests this process sent.
    print(f"\nschemathesis_cases: {len(cases_run)} over {len(set(cases_run))} operations")


@pytest.fixture
def referral_ids(db: None, routed_case: Any, open_case: Any, centra_worker: User) -> list[int]:
    """Real records for the generated ids to land on: a routed referral and an accepted case."""
    return [routed_case(), open_case(centra_worker)]


@pytest.fixture
def token(db: None, administrator: User, referral_ids: list[int]) -> Iterator[str]:
    """An API token of the administrator, who may reach every endpoint. After referral_ids: Django's
    test client, which that fixture uses, reconnects the signal handler disconnected here."""
    from rest_framework.authtoken.models import Token

    # In-process requests run inside the test's transaction: keep Django from closing the
    # connection at the end of each request, as its test client does.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield Token.objects.create(user=administrator).key
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


@schema.parametrize()
@settings(
    max_examples=MAX_EXAMPLES,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    derandomize=not EXPLORE,
    database=None,
)
def test_the_api_never_fails_and_keeps_to_its_schema(case: Any, token: str, referral_ids: list[int]) -> None:
    cases_run.append(case.operation.label)
    # Random ids almost never exist, so bodies would only ever meet a 404: send half of them to real referrals.
    generated = (case.path_parameters or {}).get("id")
    if case.operation.path.startswith("/api/v1/referrals/{id}") and isinstance(generated, int) and generated % 2 == 0:
        case.path_parameters["id"] = referral_ids[generated // 2 % len(referral_ids)]
    # Each call in a savepoint: an error answer rolls back only its own request, as in production.
    with transaction.atomic():
        case.call_and_validate(
            app=APP,
            headers={"Authorization": f"Token {token}"},
            # Valid by the schema is not always valid by the data (a district slug that does not exist,
            # a wrong password); and who may see what is proven by tests/test_access_matrix.py.
            excluded_checks=[positive_data_acceptance, ignored_auth],
        )
