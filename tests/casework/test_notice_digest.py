"""Each user chooses immediate notices or one daily digest (issue 15 item 5): notification_send
holds a digest user's notices, the daily digest task sends one e-mail per user with them (once,
also when it runs twice), and the Varsler page shows the choice and what was sent."""

import re

import pytest
from django.urls import reverse

from core.models import Notification, User
from core.notifications import notification_digests_send, notification_send
from core.schedule import sweep_by_task
from organisations.models import Membership
from tests.factories import member, municipality

pytestmark = pytest.mark.django_db


def _send(users, key):
    return notification_send(
        kind=Notification.Kind.MESSAGE_RECEIVED,
        key=key,
        users=users,
        case_number="24/00001",
        subject=lambda: f"Emne {key}",
        template="casework/email/message_received.txt",
        context={"thread": {"case_number": "24/00001", "subject": key}, "url": "http://x/"},
    )


@pytest.fixture
def people():
    org = municipality("4601")
    now = member(org, Membership.Role.CASEWORKER)
    daily = member(org, Membership.Role.APPROVER)
    daily.notice_delivery = User.NoticeDelivery.DAILY
    daily.save(update_fields=["notice_delivery"])
    return now, daily


def test_immediate_users_get_mail_at_once_digest_users_once_a_day(people, mailoutbox):
    now, daily = people
    _send([now, daily], "a")
    _send([now, daily], "b")
    assert sorted(m.to[0] for m in mailoutbox) == [now.email, now.email]
    held = Notification.objects.filter(user=daily)
    assert held.count() == 2 and all(n.held and n.status == Notification.Status.QUEUED for n in held)

    mailoutbox.clear()
    assert notification_digests_send()["digests"] == 1
    assert notification_digests_send()["digests"] == 0  # twice the same day: nothing new
    assert [m.to for m in mailoutbox] == [[daily.email]]
    assert "Emne a" in mailoutbox[0].body and "Emne b" in mailoutbox[0].body
    digest = Notification.objects.get(kind=Notification.Kind.DIGEST)
    assert set(digest.carried.values_list("key", flat=True)) == {f"a:{daily.email.lower()}", f"b:{daily.email.lower()}"}
    assert not Notification.objects.filter(user=daily, status=Notification.Status.QUEUED).exists()


def test_the_varsler_page_shows_the_choice_and_what_was_sent(people, client):
    now, daily = people
    _send([daily], "c")
    client.force_login(daily)
    page = client.get(reverse("casework:notices")).content.decode()
    assert "Venter på dagens samlevarsel" in page
    assert re.search(r'<input[^>]*value="daily"[^>]*checked', page)
    assert not re.search(r'<input[^>]*value="immediate"[^>]*checked', page)
    notification_digests_send()
    page = client.get(reverse("casework:notices")).content.decode()
    assert "i samlevarsel" in page and "Daglig samlevarsel" in page


@pytest.mark.parametrize("value", ["", "weekly", "<script>", "daily" * 1000])
def test_bad_choice_is_refused_and_nothing_saved(people, client, value):
    now, _daily = people
    client.force_login(now)
    response = client.post(reverse("casework:notice_settings"), {"notice_delivery": value})
    assert response.status_code == 400
    assert "Velg hvordan du vil få varsler." in response.content.decode()
    now.refresh_from_db()
    assert now.notice_delivery == User.NoticeDelivery.IMMEDIATE


def test_choice_is_saved_for_the_user_only(people, client):
    now, daily = people
    client.force_login(now)
    response = client.post(reverse("casework:notice_settings"), {"notice_delivery": "daily"})
    assert response.status_code == 302
    now.refresh_from_db()
    daily.refresh_from_db()
    assert now.notice_delivery == "daily" and daily.notice_delivery == "daily"
    client.force_login(daily)
    client.post(reverse("casework:notice_settings"), {"notice_delivery": "immediate"})
    now.refresh_from_db()
    assert now.notice_delivery == "daily"


def test_the_digest_is_scheduled():
    from imdi_portal.celery import app

    assert sweep_by_task("core.tasks.notification_digest_sweep") is not None
    assert "core.tasks.notification_digest_sweep" in app.tasks
