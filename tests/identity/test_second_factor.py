"""IMDi staff act in no IMDi role until they verified a second factor in this session
(IMDI_REQUIRE_SECOND_FACTOR on, as in production)."""

import re

import pytest
from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from organisations import rules as org_rules
from tests.factories import UserFactory, member, municipality, officer

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def second_factor_required(settings):
    settings.IMDI_REQUIRE_SECOND_FACTOR = True


def _token(device: TOTPDevice) -> str:
    return f"{TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift).token():06d}"


def _enrol(client, user) -> list[str]:
    client.force_login(user)
    response = client.get(reverse("second_factor_setup"))
    assert response.status_code == 200
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    response = client.post(reverse("second_factor_setup"), {"token": _token(device)})
    assert response.status_code == 200
    return re.findall(r"<li>([a-z0-9]{10})</li>", response.content.decode())


def test_a_password_only_officer_holds_no_imdi_role():
    user = officer()
    user.is_verified = lambda: False  # as OTPMiddleware leaves a session without a device
    assert not org_rules.officer(user)
    assert not org_rules.imdi_staff(user)
    assert not user.has_perm("organisations.act_as_officer")
    assert org_rules.second_factor_needed(user)


def test_a_verified_officer_holds_the_role():
    user = officer()
    user.is_verified = lambda: True
    assert org_rules.officer(user)
    assert not org_rules.budget_holder(user)
    assert not org_rules.second_factor_needed(user)


def test_a_user_object_that_never_saw_the_middleware_is_not_verified():
    assert not org_rules.officer(officer())


def test_a_password_only_superuser_is_kept_out_of_the_admin(client):
    admin_user = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(admin_user)
    response = client.get(reverse("admin:applications_application_changelist"))
    assert response.status_code == 302
    response = client.get(response["Location"])
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("second_factor_verify"))


def test_start_sends_an_unverified_officer_to_the_second_factor(client):
    client.force_login(officer())
    response = client.get(reverse("start"))
    assert response["Location"] == reverse("second_factor_verify")
    response = client.get(reverse("second_factor_verify"))
    assert response["Location"] == reverse("second_factor_setup")


def test_enrolment_shows_an_inline_qr_code_and_recovery_codes_once(client):
    user = officer()
    client.force_login(user)
    page = client.get(reverse("second_factor_setup")).content.decode()
    assert "<svg" in page and "<img" not in page.split("<main", 1)[1]
    codes = _enrol(client, user)
    assert len(codes) == 10 and len(set(codes)) == 10
    assert TOTPDevice.objects.get(user=user).confirmed
    # Verified in this session: the admin opens.
    assert client.get(reverse("admin:index")).status_code == 200
    # Verified, the officer starts on their own queue (not sent back to the second factor).
    assert client.get(reverse("start"))["Location"] == reverse("admin:applications_application_queue") + "?who=mine"
    # The codes are not shown again: with a confirmed device a new setup needs... this very session,
    # and a new setup page shows a new secret, never the old codes.
    assert codes[0] not in client.get(reverse("second_factor_setup")).content.decode()


def test_a_wrong_code_is_a_field_error_and_confirms_nothing(client):
    user = officer()
    client.force_login(user)
    client.get(reverse("second_factor_setup"))
    response = client.post(reverse("second_factor_setup"), {"token": "000000x"})
    assert response.status_code == 200
    assert "Koden stemmer ikke" in response.content.decode()
    assert not TOTPDevice.objects.filter(user=user, confirmed=True).exists()
    assert not StaticToken.objects.filter(device__user=user).exists()


def test_a_new_session_must_verify_again_and_a_recovery_code_works_once(client, django_user_model):
    user = officer()
    codes = _enrol(client, user)
    client.logout()
    client.force_login(user)
    assert client.get(reverse("admin:index")).status_code == 302
    # A password alone cannot replace the app.
    assert client.get(reverse("second_factor_setup"))["Location"].startswith(reverse("second_factor_verify"))
    response = client.post(reverse("second_factor_verify"), {"token": codes[0]})
    assert response.status_code == 302
    assert client.get(reverse("admin:index")).status_code == 200

    client.logout()
    client.force_login(user)
    response = client.post(reverse("second_factor_verify"), {"token": codes[0]})
    assert response.status_code == 200
    assert "brukt før" in response.content.decode()
    assert client.get(reverse("admin:index")).status_code == 302


def test_a_totp_code_verifies_a_new_session(client):
    user = officer()
    _enrol(client, user)
    client.logout()
    client.force_login(user)
    device = TOTPDevice.objects.get(user=user)
    device.last_t = -1  # the enrolment used the current time step; a new step would come in 30 s
    device.save(update_fields=["last_t"])
    response = client.post(reverse("second_factor_verify"), {"token": _token(device)})
    assert response.status_code == 302
    assert client.get(reverse("admin:index")).status_code == 200


def test_municipal_users_have_no_second_factor_pages(client):
    client.force_login(member(municipality("4601")))
    assert client.get(reverse("second_factor_setup")).status_code == 404
    assert client.get(reverse("second_factor_verify")).status_code == 404
    assert client.get(reverse("start"))["Location"] == reverse("applications:dashboard")


def test_production_settings_require_the_second_factor():
    from imdi_portal.settings import base

    assert base.IMDI_REQUIRE_SECOND_FACTOR is True


def test_check_deploy_warns_when_the_second_factor_is_off(settings):
    from organisations.checks import second_factor_required_check

    assert second_factor_required_check(None) == []
    settings.IMDI_REQUIRE_SECOND_FACTOR = False
    assert [w.id for w in second_factor_required_check(None)] == ["organisations.W001"]
