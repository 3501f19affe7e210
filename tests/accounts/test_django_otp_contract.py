"""django-otp is used through its public API only, and the two things the fast per-request check takes
from it are pinned: a session is verified exactly when django-otp's own middleware would verify it, and
the device ids loaded with the user row are django-otp's own persistent ids. If an upgrade of django-otp
changes either, these tests fail before a single person is let in, or locked out, wrongly."""

from __future__ import annotations

import ast
from collections.abc import Callable
from pathlib import Path
from typing import Any

import django_otp
import pytest
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.auth.middleware import AuthenticationMiddleware
from django.contrib.sessions.backends.db import SessionStore
from django.http import HttpRequest, HttpResponse
from django.test import RequestFactory
from django_otp.middleware import OTPMiddleware
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.backends import user_with_devices
from accounts.middleware import TwoFactorDeviceMiddleware
from accounts.models import Role, User
from tests.factories import user_in

pytestmark = pytest.mark.django_db

REPO = Path(__file__).resolve().parents[2]
BACKEND = "accounts.backends.ModelBackendWithDevices"


def _request_signed_in(user: User, device_id: str | None, backend: str) -> HttpRequest:
    """A request whose session is signed in as `user` (through `backend`) and names `device_id`."""
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = backend
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    if device_id is not None:
        session[django_otp.DEVICE_ID_SESSION_KEY] = device_id
    session.save()
    request = RequestFactory().get("/cases/")
    request.session = SessionStore(session.session_key)
    return request


def _as_seen_by(middleware: Callable[[Any], Any], request: HttpRequest) -> tuple[bool, str | None, bool]:
    """(verified, the verifying device's id, whether the session still names a device) after `middleware`."""
    AuthenticationMiddleware(lambda r: HttpResponse()).process_request(request)
    middleware(lambda r: HttpResponse())(request)
    user: Any = request.user
    device = user.otp_device
    return (
        user.is_verified(),
        device.persistent_id if device is not None else None,
        django_otp.DEVICE_ID_SESSION_KEY in request.session,
    )


@pytest.fixture
def worker(ref: None) -> User:
    return user_in("centra", Role.PROVIDER_WORKER, username="wren.worker")


@pytest.fixture
def session_devices(worker: User, ref: None) -> dict[str, str | None]:
    """The device ids a session may name, from the ordinary to the ones that must verify nothing."""
    other = user_in("centra", Role.PROVIDER_WORKER, username="otto.other")
    authenticator = TOTPDevice.objects.create(user=worker, name="Authenticator app", confirmed=True)
    recovery = StaticDevice.objects.create(user=worker, name="Recovery codes", confirmed=True)
    unconfirmed = TOTPDevice.objects.create(user=worker, name="Being set up", confirmed=False)
    deleted = TOTPDevice.objects.create(user=worker, name="Lost phone", confirmed=True)
    deleted_id = deleted.persistent_id
    deleted.delete()
    return {
        "none": None,
        "own authenticator": authenticator.persistent_id,
        "own recovery codes": recovery.persistent_id,
        "own unconfirmed device": unconfirmed.persistent_id,
        "another person's device": TOTPDevice.objects.create(user=other, name="Theirs").persistent_id,
        "a deleted device": deleted_id,
        "nonsense": "not-a-device",
    }


@pytest.mark.parametrize("backend", [BACKEND, "django.contrib.auth.backends.ModelBackend"])
def test_a_session_is_verified_exactly_when_django_otp_would_verify_it(
    worker: User, session_devices: dict[str, str | None], backend: str, settings: Any
) -> None:
    settings.AUTHENTICATION_BACKENDS = [*settings.AUTHENTICATION_BACKENDS, "django.contrib.auth.backends.ModelBackend"]
    for case, device_id in session_devices.items():
        ours = _as_seen_by(TwoFactorDeviceMiddleware, _request_signed_in(worker, device_id, backend))
        theirs = _as_seen_by(OTPMiddleware, _request_signed_in(worker, device_id, backend))
        assert ours == theirs, case
    # and the cases do test both answers
    verified = _as_seen_by(
        TwoFactorDeviceMiddleware, _request_signed_in(worker, session_devices["own authenticator"], backend)
    )
    assert verified[0] is True
    unverified = _as_seen_by(
        TwoFactorDeviceMiddleware, _request_signed_in(worker, session_devices["a deleted device"], backend)
    )
    assert unverified == (False, None, False)


def test_someone_signed_out_is_not_verified(rf: RequestFactory) -> None:
    def signed_out() -> HttpRequest:
        request = rf.get("/cases/")
        request.session = SessionStore()
        return request

    assert _as_seen_by(TwoFactorDeviceMiddleware, signed_out()) == _as_seen_by(OTPMiddleware, signed_out())
    assert _as_seen_by(TwoFactorDeviceMiddleware, signed_out()) == (False, None, False)


def test_the_device_ids_loaded_with_the_user_are_django_otps_own(worker: User, session_devices: Any) -> None:
    loaded: Any = user_with_devices(worker.pk)
    assert loaded.confirmed_device_ids == {device.persistent_id for device in django_otp.devices_for_user(worker)}


def test_every_kind_of_device_django_otp_knows_is_loaded_with_the_user() -> None:
    from accounts.backends import DEVICE_MODELS

    assert set(django_otp.device_classes()) == set(DEVICE_MODELS)


def _private_names_of_django_otp() -> set[str]:
    """Names django-otp defines with a leading underscore (its internals, free to change in any release)."""
    names: set[str] = set()
    for path in Path(django_otp.__file__).parent.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
                name = node.name
            elif isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
                name = node.id
            else:
                continue
            if name.startswith("_") and not name.startswith("__") and name != "_":
                names.add(name)
    return names


def _app_python_files() -> list[Path]:
    """The project's own Python files outside tests/ (not the virtualenv's, node_modules' or caches')."""
    not_the_app = {"tests", "node_modules", "static"}
    tops = [p for p in REPO.iterdir() if p.is_dir() and not p.is_symlink() and not p.name.startswith(".")]
    return [*REPO.glob("*.py"), *(path for top in tops if top.name not in not_the_app for path in top.rglob("*.py"))]


def test_the_app_uses_django_otp_only_through_its_public_names() -> None:
    private = _private_names_of_django_otp()
    uses = []
    for path in _app_python_files():
        relative = str(path.relative_to(REPO))
        source = path.read_text()
        if "django_otp" not in source:
            continue
        tree = ast.parse(source)
        for node in ast.walk(tree):
            if isinstance(node, ast.Attribute) and node.attr in private:
                uses.append(f"{relative}:{node.lineno} .{node.attr}")
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("django_otp"):
                uses += [f"{relative}:{node.lineno} {a.name}" for a in node.names if a.name.startswith("_")]
            if isinstance(node, ast.ClassDef):
                uses += [
                    f"{relative}:{node.lineno} subclasses OTPMiddleware"
                    for b in node.bases
                    if ast.unparse(b).endswith("OTPMiddleware")
                ]
    assert uses == []
