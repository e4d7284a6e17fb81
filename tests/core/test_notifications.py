"""One notification path (issue 11 item 6): one message per active recipient, in the
recipient's language, recorded as a Notification, delivered once by a retrying Celery task, and
shown on the case."""

import pytest
import time_machine
from django.urls import reverse

from applications.services import application as application_services
from applications.services import assessment as assessment_services
from core.models import Notification
from core.notifications import notification_send
from core.tasks import notification_deliver
from tests.applications.helpers import approver_of, awaiting_approval
from tests.assessment.helpers import submitted
from tests.factories import budget_holder, member, municipality, officer

pytestmark = pytest.mark.django_db

TEMPLATE = "applications/email/receipt.txt"


@pytest.fixture(autouse=True)
def open_call(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    with time_machine.travel("2024-02-01 10:00:00+01:00", tick=True):
        yield


def _send(application, **kw):
    kw.setdefault("users", [])
    return notification_send(
        kind=Notification.Kind.RECEIPT,
        key=kw.pop("key", f"test:{application.pk}"),
        case_number=application.case_number or "",
        subject=lambda: "Emne",
        template=TEMPLATE,
        context={"application": application, "portal_url": "http://portal"},
        **kw,
    )


def _submitted_with_members():
    application = awaiting_approval()
    org = application.organisation
    colleague = member(org, email="Kollega@Example.no")
    gone = member(org, email="sluttet@example.no", is_active=False)
    return application, org, colleague, gone


def test_one_message_per_active_recipient_without_duplicates(mailoutbox):
    application, org, colleague, gone = _submitted_with_members()
    same_person = member(municipality("0301"), email="kollega@example.no")
    sent = _send(application, users=[colleague, gone, same_person], addresses=["KOLLEGA@example.no", "post@x.no"])
    assert [n.address for n in sent] == ["Kollega@Example.no", "post@x.no"]
    assert sorted(m.to for m in mailoutbox) == [["Kollega@Example.no"], ["post@x.no"]]
    assert {n.status for n in Notification.objects.all()} == {"sent"}


def test_the_receipt_goes_one_message_per_user_and_not_to_inactive_users(
    mailoutbox, django_capture_on_commit_callbacks
):
    # Regression: the receipt used to put every recipient in one To header.
    application, org, colleague, gone = _submitted_with_members()
    approver = approver_of(org, email="leder@example.no")
    with django_capture_on_commit_callbacks(execute=True):
        application = application_services.application_submit(application=application, user=approver)
    assert all(len(m.to) == 1 for m in mailoutbox)
    to = {m.to[0] for m in mailoutbox}
    assert {"Kollega@Example.no", "leder@example.no", application.created_by.email} == to
    assert gone.email not in to
    receipts = Notification.objects.filter(kind="receipt", case_number=application.case_number)
    assert receipts.count() == 3 and {n.status for n in receipts} == {"sent"}


def test_the_decision_letter_goes_to_each_recipient_alone_and_never_to_inactive_users(
    mailoutbox, django_capture_on_commit_callbacks
):
    # Regression: every recipient in one To header, and inactive users mailed.
    org = municipality()
    application = submitted(org, contact_email="kontakt@example.no")
    active = member(org, email="aktiv@example.no")
    member(org, email="inaktiv@example.no", is_active=False)
    decision = assessment_services.decision_propose(
        application=application, actor=officer(), outcome="reject", reason="Svak søknad."
    )
    with django_capture_on_commit_callbacks(execute=True):
        assessment_services.decision_approve(decision=decision, actor=budget_holder())
    assert mailoutbox and all(len(m.to) == 1 for m in mailoutbox)
    to = [m.to[0] for m in mailoutbox]
    assert "inaktiv@example.no" not in to
    assert {active.email, "kontakt@example.no", org.email} <= set(to)
    assert len(to) == len({address.lower() for address in to})
    assert all(m.attachments[0][2] == "application/pdf" for m in mailoutbox)


def test_each_recipient_gets_the_message_in_their_language(mailoutbox, django_capture_on_commit_callbacks):
    application, org, colleague, gone = _submitted_with_members()
    colleague.language = "en"
    colleague.save(update_fields=["language"])
    with django_capture_on_commit_callbacks(execute=True):
        application = application_services.application_submit(application=application, user=approver_of(org))
    by_address = {m.to[0]: m for m in mailoutbox}
    english = by_address["Kollega@Example.no"]
    norwegian = by_address[application.created_by.email]
    assert english.subject.startswith("Receipt: application")
    assert norwegian.subject.startswith("Kvittering: søknad")
    assert Notification.objects.get(address="Kollega@Example.no").language == "en"


def test_sending_again_for_the_same_event_sends_nothing_new(mailoutbox):
    application, org, colleague, gone = _submitted_with_members()
    first = _send(application, users=[colleague])
    again = _send(application, users=[colleague])
    assert [n.pk for n in first] == [n.pk for n in again]
    assert len(mailoutbox) == 1
    assert notification_deliver.delay(first[0].pk).get() == "already_sent"
    assert len(mailoutbox) == 1


def test_a_failed_send_is_recorded_and_retried(mailoutbox, monkeypatch):
    application, org, colleague, gone = _submitted_with_members()
    import core.notifications

    real = core.notifications._message_send
    calls = []

    def flaky(notification):
        calls.append(notification.pk)
        if len(calls) == 1:
            raise OSError("SMTP nede")
        return real(notification)

    monkeypatch.setattr("core.notifications._message_send", flaky)
    (notification,) = _send(application, users=[colleague])
    notification.refresh_from_db()
    assert (notification.status, notification.attempts, len(mailoutbox)) == ("sent", 2, 1)


def test_a_send_that_keeps_failing_stays_failed_with_the_error(mailoutbox, monkeypatch):
    application, org, colleague, gone = _submitted_with_members()

    def broken(notification):
        raise OSError("SMTP nede")

    monkeypatch.setattr("core.notifications._message_send", broken)
    (notification,) = _send(application, users=[colleague])
    notification.refresh_from_db()
    assert notification.status == "failed" and notification.attempts == 6
    assert "SMTP nede" in notification.last_error and notification.sent_at is None
    assert mailoutbox == []


def test_notifications_are_shown_on_the_case_and_in_a_read_only_admin(client, django_capture_on_commit_callbacks):
    application, org, colleague, gone = _submitted_with_members()
    with django_capture_on_commit_callbacks(execute=True):
        application = application_services.application_submit(application=application, user=approver_of(org))
    client.force_login(officer())
    timeline = client.get(reverse("admin:core_caseevent_timeline", args=[application.case_number]))
    assert "Kollega@Example.no" in timeline.content.decode()
    changelist = client.get(reverse("admin:core_notification_changelist"))
    assert changelist.status_code == 200 and "Kollega@Example.no" in changelist.content.decode()
    notification = Notification.objects.filter(case_number=application.case_number).first()
    assert client.get(reverse("admin:core_notification_change", args=[notification.pk])).status_code == 200
    assert client.get(reverse("admin:core_notification_add")).status_code == 403
    response = client.post(reverse("admin:core_notification_delete", args=[notification.pk]), {"post": "yes"})
    assert response.status_code == 403
    client.force_login(colleague)
    assert client.get(reverse("admin:core_notification_changelist")).status_code == 302


def test_a_receipt_task_that_runs_twice_mails_each_user_once(mailoutbox, django_capture_on_commit_callbacks):
    from applications.tasks import application_receipt_send

    application, org, colleague, gone = _submitted_with_members()
    with django_capture_on_commit_callbacks(execute=True):
        application = application_services.application_submit(application=application, user=approver_of(org))
    sent = len(mailoutbox)
    assert sent == 3
    application_receipt_send.delay(application.pk)
    assert len(mailoutbox) == sent
    assert Notification.objects.filter(kind="receipt").count() == sent
