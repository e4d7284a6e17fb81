"""The IMDi staff's second factor (django-otp): a TOTP app and a set of recovery codes.

Enrolment makes an unconfirmed TOTP device; it is confirmed by the first correct code from the
app, and the confirmation makes a fresh set of recovery codes (a static device) that the page
shows once: only their use is stored after that (django-otp deletes a used code)."""

import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

TOTP_DEVICE_NAME = "Autentiseringsapp"
RECOVERY_DEVICE_NAME = "Gjenopprettingskoder"
# Recovery codes: 10 characters from an alphabet without look-alikes (0/O, 1/l/I).
RECOVERY_CODE_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"
RECOVERY_CODE_LENGTH = 10


def second_factor_confirmed_device(user) -> TOTPDevice | None:
    return TOTPDevice.objects.devices_for_user(user, confirmed=True).first()


@transaction.atomic
def second_factor_enrolment_start(*, user) -> TOTPDevice:
    """The user's unconfirmed TOTP device (one; a new secret only when none is waiting)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("-pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=TOTP_DEVICE_NAME, confirmed=False)
    return device


def _recovery_code() -> str:
    return "".join(secrets.choice(RECOVERY_CODE_ALPHABET) for _ in range(RECOVERY_CODE_LENGTH))


@transaction.atomic
def recovery_codes_renew(*, user) -> list[str]:
    """Replace the user's recovery codes with a new set and return them (shown once)."""
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name=RECOVERY_DEVICE_NAME, confirmed=True)
    codes = [_recovery_code() for _ in range(getattr(settings, "OTP_STATIC_RECOVERY_CODES", 10))]
    StaticToken.objects.bulk_create([StaticToken(device=device, token=code) for code in codes])
    return codes


@transaction.atomic
def second_factor_enrolment_confirm(*, user, device_id: int, token: str) -> tuple[TOTPDevice, list[str]]:
    """Confirm the waiting TOTP device with a code from the app; returns it and new recovery codes.
    A wrong code is refused on the field and nothing changes."""
    device = TOTPDevice.objects.select_for_update().filter(pk=device_id, user=user, confirmed=False).first()
    if device is None:
        raise ValidationError({"token": _("Oppsettet er utløpt. Last siden på nytt og skann den nye QR-koden.")})
    token = "".join((token or "").split())
    if not token.isdigit() or not device.verify_token(token):
        raise ValidationError({"token": _("Koden stemmer ikke. Skriv inn den sekssifrede koden appen viser nå.")})
    TOTPDevice.objects.filter(user=user, confirmed=True).delete()
    TOTPDevice.objects.filter(user=user, confirmed=False).exclude(pk=device.pk).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    return device, recovery_codes_renew(user=user)
