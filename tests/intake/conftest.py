from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from rest_framework.test import APIClient

from accounts.models import Role, User
from intake import services
from providers.models import Organisation
from tests.factories import user_in


@pytest.fixture
def police(ref: None) -> Organisation:
    return Organisation.objects.get(slug="kent-police")


@pytest.fixture
def health(ref: None) -> Organisation:
    return Organisation.objects.get(slug="nhs-kent-medway")


@pytest.fixture
def health_user(ref: None) -> User:
    return user_in("nhs-kent-medway", Role.PARTNER_USER, username="hana.health")


@pytest.fixture
def police_key(police: Organisation) -> str:
    return services.partner_api_key_issue(organisation=police, name="Athena")[1]


@pytest.fixture
def with_key() -> Callable[[str], APIClient]:
    def client_for(key: str) -> APIClient:
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=f"Api-Key {key}")
        return client

    return client_for


@pytest.fixture
def partner_payload() -> Callable[..., dict[str, Any]]:
    from tests.factories import referral_payload

    return lambda reference="POL-1", **overrides: {"partner_reference": reference, **referral_payload(**overrides)}
