"""Finance pages and the grant's payment page: who may see and do what."""

import csv
import datetime as dt
import io

import pytest
import time_machine
from django.urls import reverse
from lxml import etree
from openpyxl import load_workbook

from core.money import format_nok
from payments.iso20022 import pain001_validate
from payments.models import Payment, PayoutBatch, Reaction
from payments.services import payout_batch_create
from tests.factories import budget_holder, finance, member, officer
from tests.payments.helpers import batch_approved, due_grants, nth_municipality, planned_grant

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def clock():
    with time_machine.travel(dt.datetime(2024, 5, 16, 9, 0), tick=False):
        yield


@pytest.fixture
def batch():
    due_grants(2)
    return payout_batch_create(actor=finance(username="fin-batch"), due_until=dt.date(2024, 5, 31))


def finance_pages(batch):
    return [
        reverse("payments:overview"),
        reverse("payments:due"),
        reverse("payments:batches"),
        reverse("payments:batch", args=[batch.pk]),
    ]


def export_urls(batch):
    return [
        reverse("payments:batch_export", args=[batch.pk, "csv"]),
        reverse("payments:batch_export", args=[batch.pk, "xlsx"]),
        reverse("payments:batch_export", args=[batch.pk, "xml"]),
        reverse("payments:year_export", args=[2024, "csv"]),
        reverse("payments:year_export", args=[2024, "xlsx"]),
    ]


def test_finance_sees_pages_and_exports(client, batch):
    client.force_login(finance())
    # No payment file yet: the download is refused with a message, the file is made by POST.
    response = client.get(export_urls(batch)[2])
    assert response.status_code == 302
    assert client.get(reverse("payments:batch_payment_file", args=[batch.pk])).status_code == 405
    batch_approved(batch)
    response = client.post(reverse("payments:batch_payment_file", args=[batch.pk]))
    assert response["Location"] == reverse("payments:batch", args=[batch.pk])
    for url in finance_pages(batch):
        assert client.get(url).status_code == 200, url
    response = client.get(export_urls(batch)[0])
    assert response.streaming
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    assert len(list(csv.reader(io.StringIO(text), delimiter=";"))) == 3
    response = client.get(export_urls(batch)[1])
    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    assert workbook.active.max_row == 3
    response = client.get(export_urls(batch)[2])
    content = b"".join(response.streaming_content)
    pain001_validate(content)
    assert etree.fromstring(content) is not None
    again = b"".join(client.get(export_urls(batch)[2]).streaming_content)
    assert again == content  # the same stored file, not a new message
    batch.refresh_from_db()
    # Downloads are plain GETs (issue 11): only making the payment file (a POST) is recorded.
    assert batch.export_count == 0


@pytest.mark.parametrize("make_user", [officer, budget_holder])
def test_other_imdi_staff_cannot_use_finance_pages_or_export(client, batch, make_user):
    client.force_login(make_user())
    for url in finance_pages(batch) + export_urls(batch):
        assert client.get(url).status_code == 403, url
    assert (
        client.post(
            reverse("payments:batch_paid", args=[batch.pk]), {"paid_on": "2024-05-16", "bank_reference": "x"}
        ).status_code
        == 403
    )
    assert PayoutBatch.objects.get().status == "open"


def test_municipal_user_cannot_use_finance_pages(client, batch):
    user = member(nth_municipality(0))
    client.force_login(user)
    for url in finance_pages(batch) + export_urls(batch):
        assert client.get(url).status_code == 403, url


def test_anonymous_is_sent_to_login(client, batch):
    response = client.get(reverse("payments:overview"))
    assert response.status_code == 302
    assert reverse("login") in response["Location"]


def test_finance_builds_and_pays_a_batch_through_the_pages(client):
    due_grants(2)
    builder, approver = finance(username="fin-build"), finance(username="fin-approve")
    client.force_login(builder)
    response = client.post(
        reverse("payments:batch_create"), {"due_until": "2024-05-31", "execution_date": "2024-05-17"}
    )
    batch = PayoutBatch.objects.get()
    assert response["Location"] == reverse("payments:batch", args=[batch.pk])
    assert batch.execution_date == dt.date(2024, 5, 21)
    # The builder cannot approve: no button, the confirmation page sends them back.
    page = client.get(reverse("payments:batch", args=[batch.pk])).content.decode()
    assert "En annen i økonomi må godkjenne" in page
    response = client.get(reverse("payments:batch_approve", args=[batch.pk]), follow=True)
    assert "kan ikke godkjenne" in response.content.decode()
    client.post(reverse("payments:batch_payment_file", args=[batch.pk]))
    assert not PayoutBatch.objects.get().payment_file_exported
    client.force_login(approver)
    confirm = client.get(reverse("payments:batch_approve", args=[batch.pk])).content.decode()
    total = sum(batch.lines.values_list("amount", flat=True))
    assert f"2 utbetalinger på til sammen {format_nok(total)}" in confirm
    # What the approver saw must still hold: a different sum is refused.
    client.post(reverse("payments:batch_approve", args=[batch.pk]), {"line_count": 2, "total": "1.00"})
    assert PayoutBatch.objects.get().approved_by is None
    client.post(reverse("payments:batch_approve", args=[batch.pk]), {"line_count": 2, "total": f"{total:.2f}"})
    assert PayoutBatch.objects.get().approved_by == approver
    client.force_login(builder)
    client.post(reverse("payments:batch_payment_file", args=[batch.pk]))
    line = batch.lines.first()
    client.post(reverse("payments:batch_line_fail", args=[batch.pk, line.pk]), {"reason": "Avvist"})
    with time_machine.travel(dt.datetime(2024, 5, 22, 9, 0), tick=False):
        client.force_login(builder)  # the session of six days ago has expired
        paid = reverse("payments:batch_paid", args=[batch.pk])
        # Before the batch's payment date: refused next to the field, nothing recorded.
        response = client.post(paid, {"paid_on": "2024-05-20", "bank_reference": "K-1", "confirmed": "1"})
        assert response.status_code == 400 and "før buntens betalingsdato" in response.content.decode()
        # First the confirmation page, naming the consequence; nothing is recorded yet.
        response = client.post(paid, {"paid_on": "2024-05-21", "bank_reference": "K-1"})
        assert response.status_code == 200 and "Dette kan ikke angres" in response.content.decode()
        assert Payment.objects.filter(status="paid").count() == 0
        client.post(paid, {"paid_on": "2024-05-21", "bank_reference": "K-1", "confirmed": "1"})
    assert Payment.objects.filter(status="paid").count() == 1
    assert Payment.objects.filter(status="due").count() == 1


def test_bad_batch_input_gives_messages_not_errors(client):
    client.force_login(finance())
    response = client.post(reverse("payments:batch_create"), {"due_until": "nonsense"}, follow=True)
    assert response.status_code == 200
    assert not PayoutBatch.objects.exists()
    response = client.post(
        reverse("payments:batch_create"), {"due_until": "2024-05-31", "execution_date": "2024-05-20"}, follow=True
    )
    assert "Ingen utbetalinger" in response.content.decode()


def test_municipal_user_sees_only_own_plan(client):
    own = planned_grant(nth_municipality(0))
    other = planned_grant(nth_municipality(1))
    client.force_login(member(own.organisation))
    response = client.get(reverse("payments:grant", args=[own.pk]))
    assert response.status_code == 200
    body = response.content.decode()
    assert own.payments.first().reference in body
    assert "Frigi" not in body and "Kanseller" not in body
    assert client.get(reverse("payments:grant", args=[other.pk])).status_code == 404
    assert client.get(reverse("payments:grant", args=[99999])).status_code == 404
    assert client.get(reverse("payments:reaction_create", args=[own.pk])).status_code == 403


def test_officer_records_reaction_through_the_page(client):
    grant = planned_grant(nth_municipality(0))
    client.force_login(officer())
    url = reverse("payments:reaction_create", args=[grant.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {"kind": "withholding", "amount": "10", "reason": "Brudd", "decided_on": "2024-05-16"})
    assert response.status_code == 200  # no payment chosen: error next to the field
    assert "Velg utbetalingen" in response.content.decode()
    payment = grant.payments.get(term_number=2)
    response = client.post(
        url,
        {"kind": "withholding", "amount": "10", "reason": "Brudd", "decided_on": "2024-05-16", "payment": payment.pk},
    )
    assert response.status_code == 302
    reaction = Reaction.objects.get()
    assert reaction.payment == payment and reaction.status == "proposed"
    page = client.get(reverse("payments:grant", args=[grant.pk])).content.decode()
    assert "Tilbakeholdelse" in page and "Frigi" not in page
    holder = budget_holder()
    client.force_login(holder)
    review = reverse("payments:reaction_review", args=[reaction.pk])
    assert client.get(review).status_code == 200
    response = client.post(review, {"version": reaction.version, "decision": "approve"})
    assert response.status_code == 302
    client.force_login(officer())
    page = client.get(reverse("payments:grant", args=[grant.pk])).content.decode()
    assert "Frigi" in page


def test_overview_uses_a_fixed_number_of_queries(client, django_assert_max_num_queries):
    client.force_login(finance())
    due_grants(2)
    with django_assert_max_num_queries(20) as small:
        client.get(reverse("payments:overview"))
    for i in range(2, 12):
        planned_grant(nth_municipality(i + 10))
    with django_assert_max_num_queries(len(small.captured_queries)):
        client.get(reverse("payments:overview"))


def test_due_list_uses_a_fixed_number_of_queries(client, django_assert_max_num_queries):
    client.force_login(finance())
    due_grants(1)
    with django_assert_max_num_queries(30) as small:
        client.get(reverse("payments:due"))
    due_grants_more = [planned_grant(nth_municipality(i + 20)) for i in range(8)]
    from payments.services import payments_due_update

    payments_due_update(today=dt.date(2024, 5, 15))
    assert Payment.objects.filter(status="due").count() == 1 + len(due_grants_more)
    with django_assert_max_num_queries(len(small.captured_queries)):
        client.get(reverse("payments:due"))


def test_overview_numbers_are_not_localised_where_machines_read_them(client):
    """USE_THOUSAND_SEPARATOR would turn 2024 into '2 024' and 12.5 into '12,5' in SVG."""
    import re

    due_grants(1)
    client.force_login(finance())
    body = client.get(reverse("payments:overview"), {"year": "2024"}).content.decode()
    assert "<h1>Utbetalinger 2024</h1>" in body
    assert 'value="2024" selected' in body
    assert "/utbetalinger/eksport/2024.csv" in body
    svg = body[body.index("<svg") : body.index("</svg>")]
    assert not re.search(r'(x|y|width|height)="[^"]*,', svg)
    assert 'class="bar-planned"' in svg
