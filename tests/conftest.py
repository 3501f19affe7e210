from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.db import connection
from django.test import Client, override_settings
from rest_framework.test import APIClient

from accounts.models import Role, User
from marac.models import Marac, MaracMembership
from providers.services import reference_data_load
from referrals.models import ChecklistVersion
from tests import calendar_clock
from tests.factories import answers, user_in


def pytest_configure(config: pytest.Config) -> None:
    """The calendar check (`make calendar`): with KIDAS_TEST_NOW set, the run starts at that moment (tests/calendar_clock.py)."""
    calendar_clock.start()


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix: None) -> None:
    """A stand-in read replica (kidas/db/replica.py): a second connection to the test database (a test
    mirror). Nothing reads from it unless a test turns READ_REPLICA on (tests/reports/test_replica.py)."""
    from django.conf import settings

    default: dict[str, Any] = settings.DATABASES["default"]
    settings.DATABASES.setdefault(
        "replica", {**default, "ATOMIC_REQUESTS": False, "TEST": {**default["TEST"], "MIRROR": "default"}}
    )


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup: None, django_db_blocker: Any) -> None:
    """Reference data once per test database, outside the per-test transactions."""
    with django_db_blocker.unblock():
        reference_data_load()
        with connection.cursor() as cursor:
            calendar_clock.install_database_clock(cursor)


@pytest.fixture(scope="session", autouse=True)
def _fast_password_hashing() -> Iterator[None]:
    """PBKDF2 is meant to be slow (half a second a password on two cores); tests create many users and sign in
    often, some in fixtures that outlive one test (tests/test_access_matrix.py's world): the whole session hashes
    with MD5."""
    with override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]):
        yield


@pytest.fixture(autouse=True)
def _test_settings(settings: Any) -> None:
    # Tests read static files from the source folders, not a collectstatic manifest.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture(autouse=True)
def _force_login_passes_two_factor(monkeypatch: pytest.MonkeyPatch) -> None:
    """Two-factor sign-in stays enforced in tests, and `client.force_login(user)` signs in as someone who
    has entered their code: the user gets an authenticator and the session is marked verified.
    tests/accounts/test_two_factor.py signs in through the real steps to prove the redirects."""
    from tests.two_factor import verify_session

    sign_in = Client._login

    def _login_verified(self: Client, user: Any, backend: str | None = None) -> None:
        sign_in(self, user, backend)
        verify_session(self, user)

    monkeypatch.setattr(Client, "_login", _login_verified)


@pytest.fixture
def ref(db: None) -> None:
    """The reference data of domain.md. Loaded once per database; reloaded after a transactional test flushed it."""
    if not Marac.objects.exists():
        reference_data_load()


@pytest.fixture
def question_keys(ref: None) -> list[str]:
    return list(ChecklistVersion.objects.get(is_current=True).questions.values_list("key", flat=True))


@pytest.fixture
def answers_with(question_keys: list[str]) -> Callable[[int], dict[str, str]]:
    return lambda yes: answers(yes, question_keys)


# Personas: who does what, and the outsiders who must see nothing.
@pytest.fixture
def triage(ref: None) -> User:
    return user_in("victim-support", Role.TRIAGE_WORKER, username="tara.triage")


@pytest.fixture
def centra_worker(ref: None) -> User:
    return user_in("centra", Role.PROVIDER_WORKER, username="cara.centra")


@pytest.fixture
def centra_manager(ref: None) -> User:
    return user_in("centra", Role.PROVIDER_MANAGER, username="colin.centra")


@pytest.fixture
def oasis_worker(ref: None) -> User:
    return user_in("oasis", Role.PROVIDER_WORKER, username="olu.oasis")


@pytest.fixture
def lookahead_worker(ref: None) -> User:
    return user_in("look-ahead", Role.PROVIDER_WORKER, username="lena.lookahead")


@pytest.fixture
def swale_coordinator(ref: None) -> User:
    user = user_in("kent-marac-coordination", Role.MARAC_COORDINATOR, username="corin.swale")
    MaracMembership.objects.create(user=user, marac=Marac.objects.get(slug="swale-marac"))
    return user


@pytest.fixture
def thanet_coordinator(ref: None) -> User:
    user = user_in("kent-marac-coordination", Role.MARAC_COORDINATOR, username="tom.thanet")
    MaracMembership.objects.create(user=user, marac=Marac.objects.get(slug="thanet-marac"))
    return user


@pytest.fixture
def police_user(ref: None) -> User:
    return user_in("kent-police", Role.PARTNER_USER, username="pat.police")


@pytest.fixture
def commissioner(ref: None) -> User:
    return user_in("kcc-commissioning", Role.COMMISSIONER, username="cam.commissioner")


@pytest.fixture
def administrator(ref: None) -> User:
    return user_in(None, Role.ADMINISTRATOR, username="ada.admin")


@pytest.fixture
def api() -> Callable[[User | None], APIClient]:
    def client_for(user: User | None) -> APIClient:
        client = APIClient()
        if user is not None:
            client.force_authenticate(user)
        return client

    return client_for


@pytest.fixture
def create_referral(triage: User, api: Callable[..., APIClient]) -> Callable[..., dict[str, Any]]:
    """Record a referral through the API as the triage worker; returns the response body."""

    def create(**overrides: Any) -> dict[str, Any]:
        from tests.factories import referral_payload

        response = api(triage).post("/api/v1/referrals/", referral_payload(**overrides), format="json")
        assert response.status_code == 201, response.json()
        return response.json()

    return create


@pytest.fixture
def assess(
    triage: User, api: Callable[..., APIClient], answers_with: Callable[[int], dict[str, str]]
) -> Callable[..., Any]:
    """Complete the checklist through the API with `yes` yes-answers; returns the response."""

    def run(referral_id: int, yes: int, user: User | None = None, **extra: Any) -> Any:
        body = {"answers": answers_with(yes), **extra}
        return api(user or triage).post(f"/api/v1/referrals/{referral_id}/risk-assessment/", body, format="json")

    return run


@pytest.fixture
def routed_case(create_referral: Callable[..., dict[str, Any]], assess: Callable[..., Any]) -> Callable[..., int]:
    """A referral recorded and assessed by triage, so routed by the rules; returns its id."""

    def make(district: str = "swale", yes: int = 11, **overrides: Any) -> int:
        referral = create_referral(district=district, **overrides)
        response = assess(referral["id"], yes)
        assert response.status_code == 201, response.json()
        return int(referral["id"])

    return make


@pytest.fixture
def open_case(routed_case: Callable[..., int], api: Callable[..., APIClient]) -> Callable[..., int]:
    """A case accepted by `worker` (routed by the rules to the worker's provider)."""

    def make(worker: User, district: str = "swale", yes: int = 11, **overrides: Any) -> int:
        referral_id = routed_case(district=district, yes=yes, **overrides)
        response = api(worker).post(f"/api/v1/referrals/{referral_id}/accept/", {}, format="json")
        assert response.status_code == 200, response.json()
        return referral_id

    return make
