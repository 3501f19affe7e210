"""Two-factor helpers for tests: a user's authenticator and the code it shows now."""

from __future__ import annotations

import time
from typing import Any

from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.middleware import LAST_ACTIVITY_SESSION_KEY


def authenticator_of(user: Any) -> TOTPDevice:
    """The user's confirmed authenticator, added if they have none (as if they had set it up)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=True).order_by("pk").first()
    return device or TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=True)


def current_code(device: TOTPDevice) -> str:
    """The code the app shows now; if this time step's code was used already (a code works once), the
    next step's, which the device accepts as one step of clock drift."""
    device.refresh_from_db()
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    if totp.t() <= device.last_t:
        totp.drift += device.last_t + 1 - totp.t()
    return f"{totp.token():0{device.digits}d}"


def verify_session(client: Any, user: Any) -> None:
    """Mark a test client's signed-in session as having passed the two-factor step (and as active now,
    so the first request does not write the activity stamp and query counts stay steady)."""
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = authenticator_of(user).persistent_id
    session[LAST_ACTIVITY_SESSION_KEY] = int(time.time())
    session.save()
