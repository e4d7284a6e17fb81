"""Core is the bottom layer: it asks by permission name (core.rules) and upper apps register the
answers; the other upward needs (committed awards, bank account requests) go through hooks that
the upper apps register from their AppConfig.ready()."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse
from django.utils import timezone

from core.models import Notification
from core.rules import acts_as_imdi_staff
from organisations import services as organisation_services
from portal.rules import shows_finance_navigation, start_page_of
from tests.factories import (
    UserFactory,
    approver,
    budget_holder,
    finance,
    member,
    municipality,
    officer,
)

pytestmark = pytest.mark.django_db


def test_organisations_answers_cores_imdi_staff_question():
    for user in (officer(), budget_holder(), finance(), UserFactory(is_staff=True, is_superuser=True)):
        assert acts_as_imdi_staff(user)
    org = municipality()
    for user in (member(org), approver(org), UserFactory(is_staff=True), AnonymousUser()):
        assert not acts_as_imdi_staff(user)


def test_the_bank_account_request_comes_from_payments():
    from payments.services import bank_account_change_request

    assert [bank_account_change_request] == organisation_services._BANK_ACCOUNT_REQUEST


def _notification():
    return Notification.objects.create(
        key="test:1:a@example.org", kind="receipt", address="a@example.org", language="nb", subject="S", body="B"
    )


def test_a_notification_fails_then_is_sent_once():
    notification = _notification()
    notification.attempts = 1
    notification.delivery_failed("x" * 3000)
    notification.refresh_from_db()
    assert notification.status == Notification.Status.FAILED and len(notification.last_error) == 2000
    notification.delivery_succeeded(timezone.now())
    notification.refresh_from_db()
    assert notification.status == Notification.Status.SENT and notification.last_error == ""
    assert notification.sent_at is not None
    with pytest.raises(ValueError):
        notification.delivery_succeeded(timezone.now())
    with pytest.raises(ValueError):
        notification.delivery_failed("late")
    notification.refresh_from_db()
    assert notification.status == Notification.Status.SENT


def test_landing_for_combined_roles_and_the_finance_navigation():
    both = finance()
    both.groups.add(*officer().groups.all())
    # An officer (also one who is finance too, and the superuser) starts on their own queue.
    queue = reverse("admin:applications_application_queue") + "?who=mine"
    assert start_page_of(both) == queue
    assert start_page_of(UserFactory(is_staff=True, is_superuser=True)) == queue
    assert start_page_of(finance()) == reverse("payments:overview")
    assert shows_finance_navigation(finance()) and not shows_finance_navigation(officer())
    assert not shows_finance_navigation(None) and not shows_finance_navigation(AnonymousUser())
