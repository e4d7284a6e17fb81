"""Acceptance by an approver of the organisation: details confirmed and validated (Norwegian
messages), who and when recorded, receipt stored with its hash, report obligations and payment
plan created in the same transaction. Caseworkers prepare; other municipalities get 404."""

import datetime as dt
import hashlib

import pytest
import time_machine
from django.urls import reverse

from applications.models import Acceptance, AcceptanceDraft, Grant
from core.models import CaseEvent
from organisations.models import Membership
from tests.factories import member, municipality, valid_bank_account, valid_org_number
from tests.grants.helpers import pdf_text, sent_grant

pytestmark = pytest.mark.django_db

SENT = dt.datetime(2024, 3, 4, 9, 0, tzinfo=dt.UTC)  # deadline 18.03.2024


def _details(**overrides):
    data = {
        "organisation_name": "Bergen kommune",
        "address": "Rådhusgata 10, 5014 Bergen",
        "phone": "55 56 60 00",
        "email": "post@bergen.kommune.no",
        "org_number": valid_org_number(77),
        "bank_account": valid_bank_account(77),
        "contact_persons": "Kari Kontakt, kari@bergen.kommune.no, 55 00 00 01",
        "competence": "Vi har drevet språkpraksis i ti år.",
        "earlier_grants": "12.05.2022 – saksnr. 22/01234",
    }
    data.update(overrides)
    return data


@pytest.fixture
def setup():
    org = municipality()
    with time_machine.travel(SENT, tick=False):
        grant, letter = sent_grant(org)
    approver = member(org, Membership.Role.APPROVER, first_name="Dina", last_name="Direktør")
    caseworker = member(org, Membership.Role.CASEWORKER)
    return grant, letter, approver, caseworker


@pytest.fixture
def hooks(monkeypatch):
    """Record the cross-app calls, and that they ran inside the acceptance's transaction."""
    from django.db import connection

    calls = []

    def report(*, grant):
        calls.append(("reports", grant.pk, grant.status, connection.in_atomic_block))

    def payments(*, grant):
        calls.append(("payments", grant.pk, grant.status, connection.in_atomic_block))

    monkeypatch.setattr("reporting.services.report_obligations_create_for_grant", report)
    monkeypatch.setattr("payments.services.payment_plan_create_for_grant", payments)
    return calls


def _accept(client, grant, **overrides):
    data = {**_details(**overrides), "confirm": "on", "action": "accept"}
    return client.post(reverse("grants:acceptance", args=[grant.pk]), data)


@time_machine.travel(dt.datetime(2024, 3, 10, 12, 0, tzinfo=dt.UTC), tick=False)
def test_approver_accepts_and_everything_is_recorded(client, setup, hooks, django_capture_on_commit_callbacks):
    grant, letter, approver, _ = setup
    client.force_login(approver)
    with django_capture_on_commit_callbacks() as callbacks:
        response = _accept(client, grant)
    assert response.status_code == 302
    # The request only enqueued the receipt (issue 17): no PDF yet, the grant page says so.
    assert not Acceptance.objects.get(grant=grant).receipt_pdf
    page = client.get(reverse("grants:detail", args=[grant.pk])).content.decode()
    assert "Kvitteringen lages" in page and "Last ned kvittering (PDF)" not in page
    assert client.get(reverse("grants:receipt", args=[grant.pk])).status_code == 404
    with django_capture_on_commit_callbacks(execute=True):
        for callback in callbacks:
            callback()
    grant.refresh_from_db()
    assert grant.status == Grant.Status.ACCEPTED

    acceptance = Acceptance.objects.get(grant=grant)
    assert acceptance.accepted is True
    assert acceptance.decided_by == approver
    assert acceptance.decided_at == dt.datetime(2024, 3, 10, 12, 0, tzinfo=dt.UTC)
    assert acceptance.letter == letter
    assert acceptance.bank_account == _details()["bank_account"]
    assert acceptance.competence.startswith("Vi har drevet")

    with acceptance.receipt_pdf.open("rb") as handle:
        receipt = handle.read()
    assert hashlib.sha256(receipt).hexdigest() == acceptance.receipt_sha256
    text = pdf_text(receipt)
    assert "Kvittering for aksept" in text and "Dina Direktør" in text and "10.03.2024 kl. 13:00" in text
    assert letter.sha256 in text
    stored = CaseEvent.objects.get(action="acceptance_receipt_stored", object_id=grant.pk)
    assert stored.data == {"acceptance": acceptance.pk, "receipt_sha256": acceptance.receipt_sha256}
    assert "Last ned kvittering (PDF)" in client.get(reverse("grants:detail", args=[grant.pk])).content.decode()

    assert hooks == [
        ("reports", grant.pk, "accepted", True),
        ("payments", grant.pk, "accepted", True),
    ]
    event = CaseEvent.objects.get(action="grant_accepted", object_id=grant.pk)
    assert (event.actor, event.from_state, event.to_state) == (approver, "letter_sent", "accepted")
    # The payout account is only requested: a second person at IMDi confirms it.
    grant.organisation.refresh_from_db()
    assert grant.organisation.bank_account != _details()["bank_account"]
    assert grant.organisation.bank_account_changes.get(status="pending").new_account == _details()["bank_account"]


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("bank_account", "1234 56 78901", "Kontonummeret er ikke gyldig (kontrollsifferet stemmer ikke)."),
        ("bank_account", "1234 56 789", "Kontonummeret må ha nøyaktig elleve siffer."),
        ("org_number", "123456789", "Organisasjonsnummeret er ikke gyldig (kontrollsifferet stemmer ikke)."),
        ("org_number", "12345", "Organisasjonsnummeret må ha ni siffer."),
        ("email", "ikke-en-adresse", "Skriv en gyldig e-postadresse."),
        ("contact_persons", "", "Dette feltet må fylles ut."),
        ("competence", "  ", "Dette feltet må fylles ut."),
    ],
)
def test_acceptance_refuses_bad_details_with_a_norwegian_message(client, setup, hooks, field, value, message):
    grant, _, approver, _ = setup
    client.force_login(approver)
    with time_machine.travel(dt.datetime(2024, 3, 10, 12, 0, tzinfo=dt.UTC), tick=False):
        response = _accept(client, grant, **{field: value})
    assert response.status_code == 200
    assert message in response.content.decode()
    assert response.context["form"].errors[field] == [message]
    grant.refresh_from_db()
    assert grant.status == Grant.Status.LETTER_SENT
    assert not Acceptance.objects.filter(grant=grant).exists()
    assert hooks == []


def test_acceptance_needs_the_confirmation(client, setup, hooks):
    grant, _, approver, _ = setup
    client.force_login(approver)
    with time_machine.travel(dt.datetime(2024, 3, 10, 12, 0, tzinfo=dt.UTC), tick=False):
        response = client.post(reverse("grants:acceptance", args=[grant.pk]), {**_details(), "action": "accept"})
    assert response.status_code == 200
    assert "Kryss av for at dere aksepterer vilkårene." in response.content.decode()
    grant.refresh_from_db()
    assert grant.status == Grant.Status.LETTER_SENT


def test_caseworker_prepares_but_cannot_accept(client, setup, hooks):
    grant, _, approver, caseworker = setup
    client.force_login(caseworker)
    with time_machine.travel(dt.datetime(2024, 3, 10, 12, 0, tzinfo=dt.UTC), tick=False):
        page = client.get(reverse("grants:acceptance", args=[grant.pk]))
        assert page.status_code == 200
        assert 'value="accept"' not in page.content.decode()
        saved = client.post(
            reverse("grants:acceptance", args=[grant.pk]), {**_details(bank_account=""), "action": "save"}
        )
        assert saved.status_code == 302
        refused = _accept(client, grant)
    assert refused.status_code == 403
    grant.refresh_from_db()
    assert grant.status == Grant.Status.LETTER_SENT
    draft = AcceptanceDraft.objects.get(grant=grant)
    assert draft.updated_by == caseworker
    assert draft.competence.startswith("Vi har drevet")
    assert hooks == []

    # The approver starts from the caseworker's draft.
    client.force_login(approver)
    with time_machine.travel(dt.datetime(2024, 3, 11, 12, 0, tzinfo=dt.UTC), tick=False):
        page = client.get(reverse("grants:acceptance", args=[grant.pk]))
    assert page.context["form"].initial["competence"] == "Vi har drevet språkpraksis i ti år."


def test_a_draft_with_a_bad_account_is_not_saved(client, setup):
    grant, _, _, caseworker = setup
    client.force_login(caseworker)
    with time_machine.travel(dt.datetime(2024, 3, 10, 12, 0, tzinfo=dt.UTC), tick=False):
        response = client.post(
            reverse("grants:acceptance", args=[grant.pk]), {**_details(bank_account="12345678901"), "action": "save"}
        )
    assert response.status_code == 200
    assert "Kontonummeret er ikke gyldig" in response.content.decode()
    assert not AcceptanceDraft.objects.filter(grant=grant).exists()


def test_another_municipality_gets_404_everywhere(client, setup, hooks):
    grant, letter, _, _ = setup
    stranger = member(municipality("0301"), Membership.Role.APPROVER)
    client.force_login(stranger)
    for url in (
        reverse("grants:detail", args=[grant.pk]),
        reverse("grants:letter", args=[grant.pk, letter.version]),
        reverse("grants:acceptance", args=[grant.pk]),
        reverse("grants:decline", args=[grant.pk]),
        reverse("grants:receipt", args=[grant.pk]),
    ):
        assert client.get(url).status_code == 404, url
    with time_machine.travel(dt.datetime(2024, 3, 10, 12, 0, tzinfo=dt.UTC), tick=False):
        assert _accept(client, grant).status_code == 404
    grant.refresh_from_db()
    assert grant.status == Grant.Status.LETTER_SENT


def test_approver_declines_with_a_reason(client, setup, hooks, django_capture_on_commit_callbacks):
    grant, _, approver, _ = setup
    client.force_login(approver)
    url = reverse("grants:decline", args=[grant.pk])
    with time_machine.travel(dt.datetime(2024, 3, 10, 12, 0, tzinfo=dt.UTC), tick=False):
        missing = client.post(url, {"reason": "", "confirm": "on"})
        assert "Skriv hvorfor dere takker nei." in missing.content.decode()
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(url, {"reason": "Prosjektet kan ikke gjennomføres i år.", "confirm": "on"})
    assert response.status_code == 302
    grant.refresh_from_db()
    assert grant.status == Grant.Status.DECLINED
    acceptance = grant.acceptance
    assert acceptance.accepted is False and acceptance.decline_reason.startswith("Prosjektet")
    assert acceptance.receipt_sha256
    assert hooks == []


def test_acceptance_after_the_deadline_is_refused(client, setup, hooks):
    grant, _, approver, _ = setup
    client.force_login(approver)
    # 18.03.2024 ends at midnight Oslo time (23:00 UTC).
    with time_machine.travel(dt.datetime(2024, 3, 18, 22, 59, tzinfo=dt.UTC), tick=False):
        assert client.get(reverse("grants:acceptance", args=[grant.pk])).status_code == 200
    with time_machine.travel(dt.datetime(2024, 3, 18, 23, 1, tzinfo=dt.UTC), tick=False):
        response = _accept(client, grant)
    assert response.status_code == 200
    assert "Akseptfristen gikk ut 18.03.2024" in response.content.decode()
    grant.refresh_from_db()
    assert grant.status == Grant.Status.LETTER_SENT
    assert hooks == []


def test_an_answered_letter_cannot_be_answered_again(client, setup, hooks):
    grant, _, approver, _ = setup
    client.force_login(approver)
    with time_machine.travel(dt.datetime(2024, 3, 10, 12, 0, tzinfo=dt.UTC), tick=False):
        assert _accept(client, grant).status_code == 302
        again = _accept(client, grant)
    assert again.status_code == 302  # back to the grant page, nothing changed
    assert Acceptance.objects.filter(grant=grant).count() == 1
    assert len(hooks) == 2


def test_acceptance_creates_the_report_obligations_and_payment_plan(client, setup, django_capture_on_commit_callbacks):
    """With the real reporting and payments services: the grant page then shows both panels."""
    grant, _, approver, _ = setup
    client.force_login(approver)
    with time_machine.travel(dt.datetime(2024, 3, 10, 12, 0, tzinfo=dt.UTC), tick=False):
        with django_capture_on_commit_callbacks(execute=True):  # the receipt, off the request
            assert _accept(client, grant).status_code == 302
        page = client.get(reverse("grants:detail", args=[grant.pk]))
    assert grant.report_obligations.count() == grant.call.report_deadlines.count() == 3
    assert grant.payments.count() == grant.call.payout_terms.count() == 2
    assert sum(p.amount for p in grant.payments.all()) == grant.amount
    assert page.status_code == 200
    assert "Last ned kvittering" in page.content.decode()
