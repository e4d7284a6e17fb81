"""The daily acceptance sweep: reminders before the deadline (by default 7 and 2 days before),
each created and sent exactly once however often the sweep runs, across month ends and the
daylight-saving changes; deadlines passed without an answer are flagged; the officer lets the
grant lapse (freeing the frame) or extends the deadline (new reminders)."""

import datetime as dt
from collections import Counter
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import ValidationError

from applications.models import AcceptanceReminder, Grant
from applications.selectors.assessment import budget_used
from applications.services.grant import grant_acceptance_deadline_extend, grant_lapse
from applications.tasks import acceptance_sweep
from core.models import CaseEvent, SweepRun
from tests.factories import grant_accepted_by_approver, municipality, officer
from tests.grants.helpers import sent_grant

pytestmark = pytest.mark.django_db

OSLO = ZoneInfo("Europe/Oslo")
# Several runs a day, also just after and just before midnight in Oslo, where the UTC date differs.
RUN_TIMES = [dt.time(0, 5), dt.time(6, 0), dt.time(6, 0), dt.time(13, 30), dt.time(23, 55)]


def _oslo(day: dt.date, at: dt.time) -> dt.datetime:
    return dt.datetime.combine(day, at, tzinfo=OSLO)


def _send_on(day: dt.date, org=None):
    with time_machine.travel(_oslo(day, dt.time(10, 0)), tick=False):
        grant, letter = sent_grant(org or municipality())
    # The organisation's approver (who submitted the application) and its caseworker are the recipients.
    return grant


def _sweep_days(first: dt.date, last: dt.date, times=RUN_TIMES):
    day = first
    while day <= last:
        for at in times:
            with time_machine.travel(_oslo(day, at), tick=False):
                acceptance_sweep.delay()
        day += dt.timedelta(days=1)


def _sent_on_oslo_days(grant):
    return {
        r.days_before: r.sent_at.astimezone(OSLO).date()
        for r in AcceptanceReminder.objects.filter(grant=grant, sent_at__isnull=False)
    }


@pytest.mark.parametrize(
    ("sent_on", "deadline", "seven", "two"),
    [
        # Ordinary March: 04.03 + 14 = 18.03.
        (dt.date(2024, 3, 4), dt.date(2024, 3, 18), dt.date(2024, 3, 11), dt.date(2024, 3, 16)),
        # Across a month end.
        (dt.date(2024, 1, 25), dt.date(2024, 2, 8), dt.date(2024, 2, 1), dt.date(2024, 2, 6)),
        # Across the end of a leap-year February.
        (dt.date(2024, 2, 20), dt.date(2024, 3, 5), dt.date(2024, 2, 27), dt.date(2024, 3, 3)),
        # Deadline on the spring DST change (last Sunday of March 2024 = 31.03).
        (dt.date(2024, 3, 17), dt.date(2024, 3, 31), dt.date(2024, 3, 24), dt.date(2024, 3, 29)),
        # Deadline on the autumn DST change (last Sunday of October 2024 = 27.10).
        (dt.date(2024, 10, 13), dt.date(2024, 10, 27), dt.date(2024, 10, 20), dt.date(2024, 10, 25)),
        # Across a year end.
        (dt.date(2024, 12, 20), dt.date(2025, 1, 3), dt.date(2024, 12, 27), dt.date(2025, 1, 1)),
    ],
)
def test_each_reminder_is_sent_once_on_its_day(mailoutbox, sent_on, deadline, seven, two):
    grant = _send_on(sent_on)
    assert grant.acceptance_deadline == deadline
    mailoutbox.clear()

    _sweep_days(sent_on, deadline + dt.timedelta(days=3))

    reminders = AcceptanceReminder.objects.filter(grant=grant)
    assert sorted(reminders.values_list("days_before", flat=True)) == [-1, 2, 7]
    assert _sent_on_oslo_days(grant) == {7: seven, 2: two, -1: deadline + dt.timedelta(days=1)}
    recipients = {m.to[0] for m in mailoutbox}
    assert len(recipients) == 2  # the caseworker who applied and the approver
    subjects = Counter(m.subject for m in mailoutbox)
    assert subjects == {
        f"Påminnelse: akseptfrist {deadline:%d.%m.%Y} – sak {grant.case_number}": 2 * len(recipients),
        f"Akseptfristen er passert – sak {grant.case_number}": len(recipients),
    }
    grant.refresh_from_db()
    assert grant.acceptance_overdue_flagged_at.astimezone(OSLO).date() == deadline + dt.timedelta(days=1)
    assert CaseEvent.objects.filter(object_id=grant.pk, action="acceptance_overdue_flagged").count() == 1


@pytest.mark.parametrize(
    ("deadline_sent_on", "last_minute_utc", "first_late_utc"),
    [
        # 31.03.2024 is the spring change: the day ends at 22:00 UTC (summer time, UTC+2).
        (
            dt.date(2024, 3, 17),
            dt.datetime(2024, 3, 31, 21, 59, tzinfo=dt.UTC),
            dt.datetime(2024, 3, 31, 22, 1, tzinfo=dt.UTC),
        ),
        # 27.10.2024 is the autumn change: the day ends at 23:00 UTC (winter time, UTC+1).
        (
            dt.date(2024, 10, 13),
            dt.datetime(2024, 10, 27, 22, 59, tzinfo=dt.UTC),
            dt.datetime(2024, 10, 27, 23, 1, tzinfo=dt.UTC),
        ),
    ],
)
def test_the_deadline_ends_at_midnight_in_oslo_across_dst(deadline_sent_on, last_minute_utc, first_late_utc):
    grant = _send_on(deadline_sent_on)
    with time_machine.travel(last_minute_utc, tick=False):
        acceptance_sweep.delay()
    grant.refresh_from_db()
    assert grant.acceptance_overdue_flagged_at is None
    with time_machine.travel(first_late_utc, tick=False):
        acceptance_sweep.delay()
        acceptance_sweep.delay()
    grant.refresh_from_db()
    assert grant.acceptance_overdue_flagged_at is not None
    assert AcceptanceReminder.objects.filter(grant=grant, days_before=-1).count() == 1


def test_a_sweep_after_a_pause_sends_only_the_nearest_reminder(mailoutbox):
    grant = _send_on(dt.date(2024, 3, 4))  # deadline 18.03; reminders due 11.03 and 16.03
    mailoutbox.clear()
    _sweep_days(dt.date(2024, 3, 17), dt.date(2024, 3, 17))
    assert list(AcceptanceReminder.objects.filter(grant=grant).values_list("days_before", flat=True)) == [2]
    _sweep_days(dt.date(2024, 3, 18), dt.date(2024, 3, 18))
    assert AcceptanceReminder.objects.filter(grant=grant).count() == 1


def test_reminder_days_are_configured_per_call(mailoutbox):
    org = municipality()
    grant = _send_on(dt.date(2024, 3, 4), org)
    grant.call.acceptance_reminder_days = [10, 5, 1]
    grant.call.save(update_fields=["acceptance_reminder_days"])
    _sweep_days(dt.date(2024, 3, 4), dt.date(2024, 3, 18))
    assert _sent_on_oslo_days(grant) == {10: dt.date(2024, 3, 8), 5: dt.date(2024, 3, 13), 1: dt.date(2024, 3, 17)}


def test_answered_grants_get_no_reminders(mailoutbox):
    grant = _send_on(dt.date(2024, 3, 4))
    with time_machine.travel(_oslo(dt.date(2024, 3, 4), dt.time(14, 0)), tick=False):
        grant_accepted_by_approver(grant)
    mailoutbox.clear()
    _sweep_days(dt.date(2024, 3, 4), dt.date(2024, 3, 20))
    assert not AcceptanceReminder.objects.filter(grant=grant).exists()
    assert mailoutbox == []


def test_each_run_is_recorded_with_what_it_did():
    _send_on(dt.date(2024, 3, 4))
    with time_machine.travel(_oslo(dt.date(2024, 3, 11), dt.time(6, 0)), tick=False):
        acceptance_sweep.delay()
        acceptance_sweep.delay()
    runs = list(SweepRun.objects.filter(name="applications.tasks.acceptance_sweep").order_by("id"))
    assert len(runs) == 2
    assert runs[0].summary == {
        "date": "2024-03-11",
        "reminders_created": 1,
        "reminders_sent": 1,
        "flagged_overdue": 0,
        "send_failures": 0,
    }
    assert runs[1].summary == {
        "date": "2024-03-11",
        "reminders_created": 0,
        "reminders_sent": 0,
        "flagged_overdue": 0,
        "send_failures": 0,
    }
    assert all(run.finished_at and not run.error for run in runs)


def test_a_failed_send_is_recorded_and_retried_by_the_next_run(mailoutbox, monkeypatch):
    # Since issue 11 the sweep queues the reminder's notifications and the delivery task retries
    # a failed send; a send that keeps failing is recorded on the notification, not lost.
    from core.models import Notification

    broken_grant = _send_on(dt.date(2024, 3, 4))
    working_grant = _send_on(dt.date(2024, 3, 4), municipality("0301"))
    mailoutbox.clear()
    real_send = __import__("core.notifications", fromlist=["_message_send"])._message_send

    def send(notification):
        if broken_grant.case_number in notification.subject:
            raise OSError("SMTP nede")
        return real_send(notification)

    monkeypatch.setattr("core.notifications._message_send", send)
    with time_machine.travel(_oslo(dt.date(2024, 3, 11), dt.time(6, 0)), tick=False):
        summary = acceptance_sweep.delay().get()
    assert summary["send_failures"] == 0 and summary["reminders_sent"] == 2
    broken = Notification.objects.filter(case_number=broken_grant.case_number, kind="acceptance_reminder")
    assert broken.count() == 2 and all(n.status == "failed" and "SMTP nede" in n.last_error for n in broken)
    assert all(n.attempts == 6 for n in broken)  # the first try and five retries
    working = Notification.objects.filter(case_number=working_grant.case_number, kind="acceptance_reminder")
    assert {n.status for n in working} == {"sent"}
    assert all(working_grant.case_number in m.subject for m in mailoutbox)
    monkeypatch.undo()
    mailoutbox.clear()
    from core.tasks import notification_deliver

    for notification in broken:
        notification_deliver.delay(notification.pk)
    assert {n.status for n in broken.all()} == {"sent"}
    assert {m.to[0] for m in mailoutbox} and all(broken_grant.case_number in m.subject for m in mailoutbox)
    assert len(mailoutbox) == 2  # the applicant's caseworker and the approver, once each
    with time_machine.travel(_oslo(dt.date(2024, 3, 12), dt.time(6, 0)), tick=False):
        acceptance_sweep.delay()
    assert len(mailoutbox) == 2  # nothing sent twice


def test_lapse_after_the_deadline_frees_the_frame():
    grant = _send_on(dt.date(2024, 3, 4))
    call = grant.call
    used_before = budget_used(call=call)["call"]
    with (
        time_machine.travel(_oslo(dt.date(2024, 3, 18), dt.time(12, 0)), tick=False),
        pytest.raises(ValidationError, match="ikke passert"),
    ):
        grant_lapse(grant=grant, actor=officer())
    _sweep_days(dt.date(2024, 3, 19), dt.date(2024, 3, 19))
    with time_machine.travel(_oslo(dt.date(2024, 3, 20), dt.time(9, 0)), tick=False):
        grant_lapse(grant=grant, actor=officer(username="radgiver"), reason="Ikke akseptert.")
    grant.refresh_from_db()
    assert grant.status == Grant.Status.LAPSED
    assert budget_used(call=call)["call"] == used_before - grant.amount
    event = CaseEvent.objects.get(object_id=grant.pk, action="grant_lapsed")
    assert (event.from_state, event.to_state, event.message) == ("letter_sent", "lapsed", "Ikke akseptert.")


def test_extending_the_deadline_clears_the_flag_and_brings_new_reminders(
    mailoutbox, django_capture_on_commit_callbacks
):
    grant = _send_on(dt.date(2024, 3, 4))
    _sweep_days(dt.date(2024, 3, 4), dt.date(2024, 3, 19))
    grant.refresh_from_db()
    assert grant.acceptance_overdue_flagged_at is not None
    with time_machine.travel(_oslo(dt.date(2024, 3, 20), dt.time(9, 0)), tick=False):
        with pytest.raises(ValidationError):
            grant_acceptance_deadline_extend(grant=grant, actor=officer(), new_deadline=dt.date(2024, 3, 19))
        mailoutbox.clear()
        with django_capture_on_commit_callbacks(execute=True):
            grant_acceptance_deadline_extend(
                grant=grant, actor=officer(username="r2"), new_deadline=dt.date(2024, 4, 5), reason="Ny kontaktperson."
            )
        assert {m.subject for m in mailoutbox} == {f"Ny frist for aksept 05.04.2024 – sak {grant.case_number}"}
    grant.refresh_from_db()
    assert grant.acceptance_deadline == dt.date(2024, 4, 5)
    assert grant.acceptance_overdue_flagged_at is None
    event = CaseEvent.objects.get(object_id=grant.pk, action="acceptance_deadline_extended")
    assert event.data == {"old_deadline": "2024-03-18", "new_deadline": "2024-04-05"}
    mailoutbox.clear()
    _sweep_days(dt.date(2024, 3, 20), dt.date(2024, 4, 6))
    new = AcceptanceReminder.objects.filter(grant=grant, deadline=dt.date(2024, 4, 5))
    assert {r.days_before: r.sent_at.astimezone(OSLO).date() for r in new} == {
        7: dt.date(2024, 3, 29),
        2: dt.date(2024, 4, 3),
        -1: dt.date(2024, 4, 6),
    }
    assert AcceptanceReminder.objects.filter(grant=grant, deadline=dt.date(2024, 3, 18)).count() == 3
    assert len(mailoutbox) == 3 * 2
