"""The acceptance letter's fields have limits that fit a letter (issue 10, item 8): 1 MB of free
text, or an e-mail address longer than its column, is a field error next to the field, never a
500, and nothing is saved (neither the acceptance nor the draft)."""

import datetime as dt

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse

from applications.models import Acceptance, AcceptanceDraft, Grant
from applications.services.grant import (
    DETAIL_MAX_LENGTHS,
    acceptance_details_clean,
    acceptance_draft_save,
    grant_accept,
)
from organisations.models import Membership
from tests.factories import member, municipality
from tests.grants.helpers import sent_grant
from tests.grants.test_acceptance import _details

pytestmark = pytest.mark.django_db

SENT = dt.datetime(2024, 3, 4, 9, 0, tzinfo=dt.UTC)
NOW = dt.datetime(2024, 3, 10, 12, 0, tzinfo=dt.UTC)
MEGABYTE = "x" * (1024 * 1024)
LONG_EMAIL = "a" * 64 + "@" + ".".join(["b" * 63] * 3) + ".no"  # valid shape, 261 characters


@pytest.fixture
def setup():
    org = municipality()
    with time_machine.travel(SENT, tick=False):
        grant, _letter = sent_grant(org)
    approver = member(org, Membership.Role.APPROVER)
    caseworker = member(org, Membership.Role.CASEWORKER)
    return grant, approver, caseworker


def _post(client, grant, action, **overrides):
    data = {**_details(**overrides), "action": action}
    if action == "accept":
        data["confirm"] = "on"
    return client.post(reverse("grants:acceptance", args=[grant.pk]), data)


@time_machine.travel(NOW, tick=False)
@pytest.mark.parametrize("field", ["competence", "earlier_grants", "contact_persons"])
@pytest.mark.parametrize("action", ["accept", "save"])
def test_a_megabyte_of_free_text_is_a_field_error(client, setup, field, action):
    grant, approver, _caseworker = setup
    client.force_login(approver)
    response = _post(client, grant, action, **{field: MEGABYTE})
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert not Acceptance.objects.exists()
    assert not AcceptanceDraft.objects.exists()
    grant.refresh_from_db()
    assert grant.status == Grant.Status.LETTER_SENT


@time_machine.travel(NOW, tick=False)
@pytest.mark.parametrize("action", ["accept", "save"])
def test_an_email_longer_than_the_column_is_a_field_error(client, setup, action):
    grant, approver, _caseworker = setup
    assert len(LONG_EMAIL) > 254
    client.force_login(approver)
    response = _post(client, grant, action, email=LONG_EMAIL)
    assert response.status_code == 200
    assert "email" in response.context["form"].errors
    assert not Acceptance.objects.exists()
    assert not AcceptanceDraft.objects.exists()


@time_machine.travel(NOW, tick=False)
def test_text_at_the_limit_is_accepted(client, setup, monkeypatch):
    monkeypatch.setattr("reporting.services.report_obligations_create_for_grant", lambda **kw: None)
    monkeypatch.setattr("payments.services.payment_plan_create_for_grant", lambda **kw: None)
    grant, approver, _caseworker = setup
    client.force_login(approver)
    limit = DETAIL_MAX_LENGTHS["competence"]
    response = _post(client, grant, "accept", competence="k" * limit)
    assert response.status_code == 302
    assert len(Acceptance.objects.get().competence) == limit


def test_service_refuses_what_the_form_would_refuse(setup):
    # The services check too: another caller (admin, API, a test) cannot store more.
    grant, approver, caseworker = setup
    with pytest.raises(ValidationError) as caught:
        acceptance_details_clean(_details(competence=MEGABYTE, email=LONG_EMAIL))
    assert set(caught.value.message_dict) == {"competence", "email"}
    with pytest.raises(ValidationError) as caught:
        acceptance_details_clean(_details(email="not an address"))
    assert set(caught.value.message_dict) == {"email"}
    with pytest.raises(ValidationError) as caught:
        acceptance_draft_save(grant=grant, actor=caseworker, details=_details(earlier_grants=MEGABYTE))
    assert set(caught.value.message_dict) == {"earlier_grants"}
    assert not AcceptanceDraft.objects.exists()
    with time_machine.travel(NOW, tick=False), pytest.raises(ValidationError):
        grant_accept(grant=grant, actor=approver, details=_details(email=LONG_EMAIL))
    assert not Acceptance.objects.exists()
