"""Organisation numbers and bank accounts are checked with python-stdnum; the admin refuses
bad ones with Norwegian messages."""

import pytest
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.forms.models import model_to_dict
from django.test import RequestFactory
from django.urls import reverse

from organisations.models import Organisation
from organisations.validators import validate_bank_account, validate_org_number
from tests.factories import UserFactory, municipality, valid_bank_account, valid_org_number

# Real, published numbers: IMDi's organisation number and a well-known valid test account.
GOOD_ORG_NUMBERS = ["974829789", "974 829 789", valid_org_number(7)]
GOOD_ACCOUNTS = ["76940512057", "7694.05.12057", valid_bank_account(3)]


@pytest.mark.parametrize("value", GOOD_ORG_NUMBERS)
def test_good_org_numbers(value):
    validate_org_number(value)


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("974829788", "Organisasjonsnummeret er ikke gyldig (kontrollsifferet stemmer ikke)."),
        ("97482978", "Organisasjonsnummeret må ha ni siffer."),
        ("9748297890", "Organisasjonsnummeret må ha ni siffer."),
        ("97482978X", "Organisasjonsnummeret må ha ni siffer."),
        ("", "Organisasjonsnummeret må ha ni siffer."),
    ],
)
def test_bad_org_numbers(value, message):
    with pytest.raises(ValidationError) as exc:
        validate_org_number(value)
    assert exc.value.messages == [message]


@pytest.mark.parametrize("value", GOOD_ACCOUNTS)
def test_good_bank_accounts(value):
    validate_bank_account(value)


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("76940512058", "Kontonummeret er ikke gyldig (kontrollsifferet stemmer ikke)."),
        ("7694051205", "Kontonummeret må ha nøyaktig elleve siffer."),
        ("769405120577", "Kontonummeret må ha nøyaktig elleve siffer."),
        ("7694051205A", "Kontonummeret må ha nøyaktig elleve siffer."),
    ],
)
def test_bad_bank_accounts(value, message):
    with pytest.raises(ValidationError) as exc:
        validate_bank_account(value)
    assert exc.value.messages == [message]


def organisation_admin_form(org, **changes):
    model_admin = admin.site._registry[Organisation]
    request = RequestFactory().get("/")
    request.user = UserFactory(username="admin-skjema", is_staff=True, is_superuser=True)
    Form = model_admin.get_form(request, org)
    data = {k: v for k, v in model_to_dict(org).items() if v is not None and k != "members"}
    data.update(changes)
    return Form(data=data, instance=org)


@pytest.mark.django_db
def test_organisation_admin_form_accepts_good_numbers():
    org = municipality("4601")
    form = organisation_admin_form(org, org_number="974829789", bank_account="76940512057")
    assert form.is_valid(), form.errors


@pytest.mark.django_db
def test_organisation_admin_form_refuses_bad_org_number_and_account():
    org = municipality("4601")
    form = organisation_admin_form(org, org_number="974829788", bank_account="76940512058")
    assert not form.is_valid()
    assert form.errors["org_number"] == ["Organisasjonsnummeret er ikke gyldig (kontrollsifferet stemmer ikke)."]
    assert form.errors["bank_account"] == ["Kontonummeret er ikke gyldig (kontrollsifferet stemmer ikke)."]


@pytest.mark.django_db
def test_organisation_admin_page_shows_the_message_and_saves_nothing(client):
    client.force_login(UserFactory(username="superbruker", is_staff=True, is_superuser=True))
    org = municipality("4601")
    before = (org.org_number, org.bank_account)
    url = reverse("admin:organisations_organisation_change", args=[org.pk])
    data = {k: v for k, v in model_to_dict(org).items() if v is not None and k != "members"}
    data.update({"org_number": "123456789", "bank_account": "1234567890"})
    for prefix in ("memberships", "membership_set"):
        data.update({f"{prefix}-TOTAL_FORMS": "0", f"{prefix}-INITIAL_FORMS": "0"})
    response = client.post(url, data)
    assert response.status_code == 200
    body = response.content.decode()
    assert "Organisasjonsnummeret er ikke gyldig" in body
    assert "Kontonummeret må ha nøyaktig elleve siffer." in body
    org.refresh_from_db()
    assert (org.org_number, org.bank_account) == before
