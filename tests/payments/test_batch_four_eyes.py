"""Four eyes on payout batches (one finance user builds, another approves before the payment
file), the batch page's accounts and totals, and its fixed number of queries."""

import datetime as dt

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import translation

from organisations.models import BankAccountChange
from payments.models import PayoutBatch
from payments.services import (
    bank_account_change_confirm,
    bank_account_change_request,
    batch_can_approve,
    batch_open_sum,
    payments_due_update,
    payout_batch_approve,
    payout_batch_cancel,
    payout_batch_create,
    payout_batch_payment_file_create,
)
from tests.admin.test_no_english import english_data, english_in, visible_text
from tests.factories import UserFactory, finance, member, officer, reception_call, valid_bank_account
from tests.payments.helpers import (
    batch_approved,
    due_grants,
    exported_batch,
    nth_municipality,
    paid_batch,
    planned_grant,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def clock():
    with time_machine.travel(dt.datetime(2024, 5, 16, 9, 0), tick=False):
        yield


def superuser(username="root"):
    return UserFactory(username=username, is_staff=True, is_superuser=True)


def approve(batch, user, **overrides):
    count, total = batch_open_sum(batch)
    return payout_batch_approve(
        batch=batch, actor=user, line_count=overrides.get("line_count", count), total=overrides.get("total", total)
    )


def built(user=None):
    due_grants(2)
    return payout_batch_create(actor=user or finance(username="fin-builder"), due_until=dt.date(2024, 5, 31))


def test_the_builder_never_approves_and_the_file_waits_for_the_approval():
    builder = finance(username="fin-builder")
    batch = built(builder)
    with pytest.raises(ValidationError, match="godkjennes av en annen"):
        payout_batch_payment_file_create(batch=batch, actor=builder)
    assert not batch_can_approve(builder, batch)
    with pytest.raises(PermissionDenied, match="Den som laget bunten"):
        approve(batch, builder)
    second = finance(username="fin-second")
    assert batch_can_approve(second, batch)
    batch = approve(batch, second)
    assert (batch.status, batch.approved_by) == ("approved", second)
    # Now the builder (or anyone in finance) makes the file.
    batch = payout_batch_payment_file_create(batch=batch, actor=builder)
    assert batch.payment_file_exported
    with pytest.raises(ValidationError, match="venter ikke"):
        approve(batch, finance(username="fin-third"))


def test_superusers_are_bound_by_four_eyes_too():
    boss = superuser()
    batch = built(boss)
    assert not batch_can_approve(boss, batch)
    with pytest.raises(PermissionDenied):
        approve(batch, boss)
    other_batch_boss = superuser(username="root2")
    assert approve(batch, other_batch_boss).approved_by == other_batch_boss


@pytest.mark.parametrize("make_user", [officer, lambda: member(nth_municipality(0))], ids=["officer", "municipal"])
def test_only_finance_approves(make_user):
    batch = built()
    user = make_user()
    assert not batch_can_approve(user, batch)
    with pytest.raises(PermissionDenied):
        approve(batch, user)
    assert PayoutBatch.objects.get(pk=batch.pk).status == "open"


def test_the_approval_is_bound_to_what_the_approver_saw():
    batch = built()
    count, total = batch_open_sum(batch)
    with pytest.raises(ValidationError, match="endret siden du åpnet"):
        approve(batch, finance(username="fin-second"), total=total + 1)
    with pytest.raises(ValidationError, match="endret siden du åpnet"):
        approve(batch, finance(username="fin-third"), line_count=count - 1)
    assert PayoutBatch.objects.get(pk=batch.pk).approved_by is None


def test_the_database_refuses_a_builder_as_approver():
    batch = built()
    with pytest.raises(IntegrityError), transaction.atomic():
        PayoutBatch.objects.filter(pk=batch.pk).update(approved_by=batch.created_by)


def test_an_approved_batch_can_still_be_cancelled_before_its_file():
    batch = batch_approved(built())
    payout_batch_cancel(batch=batch, actor=batch.created_by)
    assert PayoutBatch.objects.get(pk=batch.pk).status == "cancelled"


def test_paid_is_never_before_the_payment_date():
    due_grants(1)
    user = finance(username="fin-builder")
    batch = payout_batch_create(actor=user, due_until=dt.date(2024, 5, 31), execution_date=dt.date(2024, 5, 17))
    assert batch.execution_date == dt.date(2024, 5, 21)
    batch = payout_batch_payment_file_create(batch=batch_approved(batch), actor=user)
    from payments.services import payout_batch_mark_paid

    with time_machine.travel(dt.datetime(2024, 5, 23, 9, 0), tick=False):
        with pytest.raises(ValidationError) as exc:
            payout_batch_mark_paid(batch=batch, actor=user, paid_on=dt.date(2024, 5, 20), bank_reference="B1")
        assert "paid_on" in exc.value.message_dict
        batch = payout_batch_mark_paid(batch=batch, actor=user, paid_on=dt.date(2024, 5, 21), bank_reference="B1")
    assert batch.status == "paid"


# --- the batch page ---------------------------------------------------------------------------


def test_batch_page_shows_accounts_organisation_numbers_and_flags_changed_accounts(client):
    """Org 0 was paid a reception grant, then got a new account confirmed: flagged on the next
    batch. Org 1 was never paid and kept its account: not flagged."""
    (reception,) = due_grants(1, amount="42820.00", call=reception_call())
    paid_batch(finance(username="fin-april"), paid_on=dt.date(2024, 5, 16))
    changed = reception.organisation
    change = bank_account_change_request(
        organisation=changed,
        new_account=valid_bank_account(777),
        actor=member(changed),
        source=BankAccountChange.Source.ACCEPTANCE,
    )
    bank_account_change_confirm(change=change, actor=officer(), new_account=change.new_account)
    grants = due_grants(2)
    unchanged = grants[1].organisation
    assert grants[0].organisation == changed
    batch = payout_batch_create(actor=finance(username="fin-may"), due_until=dt.date(2024, 5, 31))
    client.force_login(finance(username="fin-reader"))
    with translation.override("nb"):
        response = client.get(reverse("payments:batch", args=[batch.pk]), HTTP_ACCEPT_LANGUAGE="nb")
    body = response.content.decode()
    changed.refresh_from_db()
    assert changed.bank_account == valid_bank_account(777)
    assert changed.org_number in body and unchanged.org_number in body
    assert changed.bank_account in body and unchanged.bank_account in body
    lines = {line.payment.grant.organisation_id: line for line in response.context["lines"]}
    assert lines[changed.pk].account_changed and not lines[unchanged.pk].account_changed
    assert body.count("Nytt kontonummer siden forrige utbetaling") == 1
    assert "Godkjenn bunt" in body  # someone other than the builder
    assert not english_in(visible_text(body), english_data())


def test_batch_page_uses_a_fixed_number_of_queries(client, django_assert_max_num_queries):
    client.force_login(finance(username="fin-reader"))
    due_grants(1)
    small = exported_batch(finance(username="fin-a"))
    with django_assert_max_num_queries(40) as captured:
        assert client.get(reverse("payments:batch", args=[small.pk])).status_code == 200
    for i in range(2, 10):
        planned_grant(nth_municipality(i))
    payments_due_update(today=dt.date(2024, 5, 15))
    big = exported_batch(finance(username="fin-b"))
    assert big.lines.count() == 8
    with django_assert_max_num_queries(len(captured.captured_queries)):
        assert client.get(reverse("payments:batch", args=[big.pk])).status_code == 200


def test_batch_list_uses_a_fixed_number_of_queries(client, django_assert_max_num_queries):
    client.force_login(finance(username="fin-reader"))
    due_grants(1)
    exported_batch(finance(username="fin-a"))
    with django_assert_max_num_queries(30) as captured:
        assert client.get(reverse("payments:batches")).status_code == 200
    for i in range(2, 6):
        planned_grant(nth_municipality(i))
        payments_due_update(today=dt.date(2024, 5, 15))
        batch_approved(payout_batch_create(actor=finance(username=f"fin-{i}"), due_until=dt.date(2024, 5, 31)))
    assert PayoutBatch.objects.count() == 5
    with django_assert_max_num_queries(len(captured.captured_queries)):
        body = client.get(reverse("payments:batches")).content.decode()
    assert body.count("Godkjent") >= 4
