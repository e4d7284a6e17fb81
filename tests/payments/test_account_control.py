"""Accounts under control: a new payout account takes effect only when a second person at
IMDi (officer or finance) confirms it; until then the organisation's payments are held, with
the reason shown to finance and to the municipality."""

import datetime as dt

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from core.models import CaseEvent
from organisations.models import BankAccountChange
from payments.models import Payment
from payments.services import (
    ACCOUNT_PENDING_REASON,
    bank_account_change_confirm,
    bank_account_change_refuse,
    bank_account_change_request,
    payments_due_update,
    payout_batch_create,
    payout_batch_payment_file_create,
)
from tests.factories import budget_holder, finance, member, officer, valid_bank_account
from tests.payments.helpers import batch_approved, due_grants

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def clock():
    with time_machine.travel(dt.datetime(2024, 5, 16, 9, 0), tick=False):
        yield


def request_change(org, user, seed=901, source=BankAccountChange.Source.ACCEPTANCE):
    return bank_account_change_request(
        organisation=org, new_account=valid_bank_account(seed), actor=user, source=source
    )


def test_request_holds_the_payments_until_someone_else_confirms():
    (grant,) = due_grants(1)
    org = grant.organisation
    confirmed = org.bank_account
    municipal = member(org)
    change = request_change(org, municipal)
    org.refresh_from_db()
    assert org.bank_account == confirmed  # the confirmed account stays for payments
    payment = grant.payments.get(term_number=1)
    assert payment.status == Payment.Status.WITHHELD
    assert payment.withheld_reason == str(ACCOUNT_PENDING_REASON)
    with pytest.raises(ValidationError, match="Ingen utbetalinger"):
        payout_batch_create(actor=finance(), due_until=dt.date(2024, 5, 31))
    payments_due_update(today=dt.date(2024, 5, 16))  # the sweep keeps the hold
    assert Payment.objects.get(pk=payment.pk).status == Payment.Status.WITHHELD
    reviewer = finance()
    bank_account_change_confirm(change=change, actor=reviewer, new_account=change.new_account)
    org.refresh_from_db()
    assert org.bank_account == change.new_account
    assert Payment.objects.get(pk=payment.pk).status == Payment.Status.DUE
    actions = list(
        CaseEvent.objects.filter(object_id=org.pk, action__startswith="bank_account").values_list("action", "actor")
    )
    assert actions == [
        ("bank_account_change_requested", municipal.pk),
        ("bank_account_change_confirmed", reviewer.pk),
    ]


@pytest.mark.parametrize("make_user", [officer, finance])
def test_whoever_entered_the_change_cannot_confirm_it(make_user):
    (grant,) = due_grants(1)
    user = make_user()
    user.is_superuser = True
    user.save()
    change = request_change(grant.organisation, user, source=BankAccountChange.Source.ADMIN)
    with pytest.raises(PermissionDenied):
        bank_account_change_confirm(change=change, actor=user, new_account=change.new_account)
    with pytest.raises(PermissionDenied):
        bank_account_change_refuse(change=change, actor=user, new_account=change.new_account, note="nei")
    assert BankAccountChange.objects.get(pk=change.pk).status == "pending"
    # The database refuses it too.
    with pytest.raises(IntegrityError), transaction.atomic():
        BankAccountChange.objects.filter(pk=change.pk).update(status="confirmed", decided_by=user)


def test_only_officers_and_finance_confirm():
    (grant,) = due_grants(1)
    change = request_change(grant.organisation, member(grant.organisation))
    for user in (budget_holder(), member(grant.organisation, role="approver")):
        with pytest.raises(PermissionDenied):
            bank_account_change_confirm(change=change, actor=user, new_account=change.new_account)


def test_confirmation_is_bound_to_the_number_shown():
    (grant,) = due_grants(1)
    org = grant.organisation
    first = request_change(org, member(org), seed=902)
    second = request_change(org, member(org), seed=903)  # replaces the first
    assert BankAccountChange.objects.get(pk=first.pk).status == "superseded"
    with pytest.raises(ValidationError):
        bank_account_change_confirm(change=first, actor=officer(), new_account=first.new_account)
    with pytest.raises(ValidationError, match="ikke det samme"):
        bank_account_change_confirm(change=second, actor=officer(), new_account=first.new_account)
    org.refresh_from_db()
    assert org.bank_account not in (first.new_account, second.new_account)


def test_refusal_keeps_the_confirmed_account_and_releases_the_payments():
    (grant,) = due_grants(1)
    org = grant.organisation
    before = org.bank_account
    change = request_change(org, member(org))
    with pytest.raises(ValidationError) as exc:
        bank_account_change_refuse(change=change, actor=officer(), new_account=change.new_account, note=" ")
    assert "note" in exc.value.message_dict
    bank_account_change_refuse(
        change=change, actor=officer(), new_account=change.new_account, note="Ikke bekreftet av kommunen"
    )
    org.refresh_from_db()
    assert org.bank_account == before
    assert grant.payments.get(term_number=1).status == Payment.Status.DUE
    assert CaseEvent.objects.filter(object_id=org.pk, action="bank_account_change_refused").exists()


def test_a_change_after_the_batch_stops_the_payment_file():
    (grant,) = due_grants(1)
    user = finance()
    batch = payout_batch_create(actor=user, due_until=dt.date(2024, 5, 31))
    request_change(grant.organisation, member(grant.organisation))
    with pytest.raises(ValidationError, match="venter på kontroll"):
        payout_batch_payment_file_create(batch=batch_approved(batch), actor=user)
    batch.refresh_from_db()
    assert not batch.payment_file_exported
    assert not batch.lines.exclude(end_to_end_id="").exists()


def test_reason_shown_to_finance_and_to_the_municipality(client):
    (grant,) = due_grants(1)
    org = grant.organisation
    requester = member(org, role="approver")
    change = request_change(org, requester)
    client.force_login(finance())
    due_page = client.get(reverse("payments:due")).content.decode()
    assert str(ACCOUNT_PENDING_REASON) in due_page and change.new_account in due_page
    client.force_login(requester)
    page = client.get(reverse("payments:grant", args=[grant.pk])).content.decode()
    assert str(ACCOUNT_PENDING_REASON) in page  # on the held payment
    assert f"Nytt kontonummer {change.new_account} venter på kontroll i IMDi" in page
    assert client.get(reverse("payments:account_changes")).status_code == 403


def test_confirmation_page_asks_then_confirms(client):
    (grant,) = due_grants(1)
    org = grant.organisation
    change = request_change(org, member(org))
    client.force_login(officer())
    listing = client.get(reverse("payments:account_changes")).content.decode()
    assert change.new_account in listing and org.org_number in listing
    url = reverse("payments:account_change_review", args=[change.pk])
    page = client.get(url).content.decode()
    assert "Bekreft kontonummer" in page and change.old_account in page
    response = client.post(url, {"new_account": valid_bank_account(1), "decision": "confirm"})
    assert response.status_code == 200
    assert "ikke det samme" in response.content.decode()
    assert BankAccountChange.objects.get(pk=change.pk).status == "pending"
    response = client.post(url, {"new_account": change.new_account, "decision": "confirm"})
    assert response.status_code == 302
    org.refresh_from_db()
    assert org.bank_account == change.new_account


def test_the_requester_is_told_on_the_page_and_cannot_confirm(client):
    (grant,) = due_grants(1)
    user = finance()
    change = request_change(grant.organisation, user, source=BankAccountChange.Source.ADMIN)
    client.force_login(user)
    url = reverse("payments:account_change_review", args=[change.pk])
    assert "kan ikke kontrollere den selv" in client.get(url).content.decode()
    response = client.post(url, {"new_account": change.new_account, "decision": "confirm"})
    assert response.status_code == 200
    assert BankAccountChange.objects.get(pk=change.pk).status == "pending"


def test_admin_edit_of_the_account_is_a_request(admin_client, admin_user):
    (grant,) = due_grants(1)
    org = grant.organisation
    before = org.bank_account
    new = valid_bank_account(904)
    url = reverse("admin:organisations_organisation_change", args=[org.pk])
    data = {
        "kind": org.kind,
        "number": org.number,
        "name": org.name,
        "official_name": org.official_name,
        "county": org.county_id,
        "org_number": org.org_number,
        "address": org.address,
        "postal_code": org.postal_code,
        "postal_place": org.postal_place,
        "phone": org.phone,
        "email": org.email,
        "bank_account": new,
        "written_standard": org.written_standard,
        "active": "on",
        "memberships-TOTAL_FORMS": "0",
        "memberships-INITIAL_FORMS": "0",
        "memberships-MIN_NUM_FORMS": "0",
        "memberships-MAX_NUM_FORMS": "1000",
    }
    response = admin_client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    org.refresh_from_db()
    assert org.bank_account == before
    change = BankAccountChange.objects.get(organisation=org, status="pending")
    assert (change.new_account, change.requested_by, change.source) == (new, admin_user, "admin")
    with pytest.raises(PermissionDenied):
        bank_account_change_confirm(change=change, actor=admin_user, new_account=new)


def test_grant_panel_tells_the_municipality_why_payments_are_held():
    from django.template import Context, Template
    from django.test import RequestFactory

    (grant,) = due_grants(1)
    user = member(grant.organisation)
    change = request_change(grant.organisation, user)
    request = RequestFactory().get("/")
    request.user = user
    html = Template("{% load payments_panels %}{% payments_grant_panel grant %}").render(
        Context({"request": request, "grant": grant})
    )
    assert f"Nytt kontonummer {change.new_account} venter på kontroll i IMDi" in html
    assert str(ACCOUNT_PENDING_REASON) in html
