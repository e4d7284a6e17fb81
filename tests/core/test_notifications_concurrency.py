"""A notification is sent once even when two delivery tasks run at the same moment (a broker
redelivery, a retry racing the first run): the row lock and the status check decide."""

import pytest
from django.core import mail

from core.models import Notification
from core.notifications import notification_deliver, notification_send
from tests.concurrency import run_in_threads, skip_unless_postgres
from tests.factories import make_application, member, municipality

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_two_deliveries_at_once_send_one_message(mailoutbox):
    skip_unless_postgres()
    application = make_application(municipality())
    user = member(application.organisation, email="en@example.no")
    (notification,) = notification_send(
        kind=Notification.Kind.RECEIPT,
        key="concurrency:1",
        users=[user],
        subject="Emne",
        template="applications/email/receipt.txt",
        context={"application": application, "portal_url": "http://portal"},
        deliver=False,
    )
    results = run_in_threads([lambda: notification_deliver(notification_id=notification.pk)] * 2)
    assert sorted(result for _status, result in results) == ["already_sent", "sent"]
    assert len(mail.outbox) == 1
    notification.refresh_from_db()
    assert (notification.status, notification.attempts) == ("sent", 1)
