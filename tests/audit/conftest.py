from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from accounts.models import Role, User
from casework.models import OUTCOME_MEASURES
from tests.factories import user_in
from tests.marac.conftest import listed, make_case, meeting, swale, swale_housing  # noqa: F401


@pytest.fixture
def oasis_manager(ref: None) -> User:
    return user_in("oasis", Role.PROVIDER_MANAGER, username="omar.oasis")


@pytest.fixture
def close_case(api: Callable[..., Any]) -> Callable[..., None]:
    """Close an open case through the API, as its worker."""

    def close(worker: User, case_id: int) -> None:
        body = {"reason": "support_completed", "outcomes": dict.fromkeys(OUTCOME_MEASURES, "yes"), "notes": "Done"}
        response = api(worker).post(f"/api/v1/referrals/{case_id}/closure/", body, format="json")
        assert response.status_code == 201, response.json()

    return close
