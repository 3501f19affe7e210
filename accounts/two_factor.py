"""Two-factor sign-in: an authenticator app (TOTP) and single-use recovery codes (django-otp).

Every member of staff who signs in has one confirmed TOTP device. Setting it up is part of the
first sign-in; the recovery codes are made when it is confirmed and shown once.
"""

from __future__ import annotations

import io
import re
from base64 import b32encode
from binascii import unhexlify

import qrcode
import qrcode.image.svg
from django.conf import settings
from django.db import transaction
from django_otp.models import Device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import User

AUTHENTICATOR_NAME = "Authenticator app"
RECOVERY_NAME = "Recovery codes"
_SIX_DIGITS = re.compile(r"^\d{6}$")


def totp_device_of(user: User) -> TOTPDevice | None:
    """The user's confirmed authenticator, if they have set one up."""
    return TOTPDevice.objects.filter(user=user, confirmed=True).order_by("pk").first()


def totp_enrolment_device(*, user: User) -> TOTPDevice:
    """The authenticator being set up: the same secret until it is confirmed, so a reload shows the same QR code."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    return device or TOTPDevice.objects.create(user=user, name=AUTHENTICATOR_NAME, confirmed=False)


def totp_secret_text(device: TOTPDevice) -> str:
    """The secret as people type it into an app: base32 in groups of four."""
    secret = b32encode(unhexlify(device.key)).decode()
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def totp_qr_svg(device: TOTPDevice) -> bytes:
    """The otpauth:// address of the device as an SVG QR code (no script, no inline style)."""
    image = qrcode.make(device.config_url, image_factory=qrcode.image.svg.SvgPathFillImage, box_size=12)
    out = io.BytesIO()
    image.save(out)
    return out.getvalue()


def _clean(code: str) -> str:
    return re.sub(r"[\s-]", "", code or "").lower()


@transaction.atomic
def totp_enrolment_confirm(*, user: User, code: str) -> tuple[TOTPDevice, list[str]] | None:
    """Confirm the authenticator being set up with a code from it; returns it and fresh recovery codes."""
    device = TOTPDevice.objects.select_for_update().filter(user=user, confirmed=False).order_by("pk").first()
    if device is None or not _SIX_DIGITS.match(_clean(code)) or not device.verify_token(_clean(code)):
        return None
    TOTPDevice.objects.filter(user=user, confirmed=True).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    return device, recovery_codes_issue(user=user)


@transaction.atomic
def recovery_codes_issue(*, user: User) -> list[str]:
    """New single-use recovery codes, replacing any the user had. Only their holder sees them, once."""
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name=RECOVERY_NAME, confirmed=True)
    codes = [StaticToken.random_token() for _ in range(settings.RECOVERY_CODE_COUNT)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


def recovery_codes_left(user: User) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


def two_factor_verify(*, user: User, code: str) -> Device | None:
    """The device that accepts `code`: six digits are checked against the authenticator, anything else
    against the recovery codes (a recovery code is used up). Wrong codes slow the device down (django-otp
    throttling); None when the code is wrong or the device is waiting out its delay."""
    cleaned = _clean(code)
    if not cleaned:
        return None
    with transaction.atomic():
        if _SIX_DIGITS.match(cleaned):
            device: Device | None = (
                TOTPDevice.objects.select_for_update().filter(user=user, confirmed=True).order_by("pk").first()
            )
        else:
            device = StaticDevice.objects.select_for_update().filter(user=user, confirmed=True).first()
        if device is not None and device.verify_token(cleaned):
            return device
    return None


def two_factor_waiting(user: User) -> bool:
    """True while the authenticator refuses every code after repeated wrong ones."""
    device = totp_device_of(user)
    return device is not None and not device.verify_is_allowed()[0]
