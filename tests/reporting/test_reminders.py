"""Reminders 14 and 3 days before each due date and 1 and 14 days after it, each sent exactly
once to the organisation's users, however often (and however concurrently) the sweep runs."""

import datetime as dt
import threading

import pytest
import time_machine
from django.db import connection

from core.models import SweepRun
from organisations.models import Membership, Organisation
from reporting.models import ReportReminder
from reporting.services import report_reminders_send_due, report_save, report_submit
from reporting.tasks import report_reminders_sweep
from tests.factories import member, with_details
from tests.reporting.helpers import Kind, accepted_grant, report_of, team


def run_sweep_on(day, capture):
    moment = dt.datetime.combine(day, dt.time(6, 10), tzinfo=dt.UTC)
    with time_machine.travel(moment, tick=False), capture(execute=True):
        report_reminders_sweep.delay()


@pytest.mark.django_db
def test_each_reminder_is_sent_once_across_repeated_daily_sweeps(mailoutbox, django_capture_on_commit_callbacks):
    people = team()
    grant = accepted_grant()
    status = grant.report_obligations.get(kind=Kind.STATUS)
    day = dt.date(2024, 8, 10)
    while day <= dt.date(2024, 9, 20):
        run_sweep_on(day, django_capture_on_commit_callbacks)
        run_sweep_on(day, django_capture_on_commit_callbacks)
        day += dt.timedelta(days=1)
    reminders = list(status.reminders.order_by("-days_before").values_list("days_before", "due_date", "recipients"))
    assert reminders == [
        (14, dt.date(2024, 9, 1), 3),
        (3, dt.date(2024, 9, 1), 3),
        (-1, dt.date(2024, 9, 1), 3),
        (-14, dt.date(2024, 9, 1), 3),
    ]
    assert all(r.sent_at for r in status.reminders.all())
    # the annual report and the accounts (due 01.02.2025) are not reminded in August
    assert ReportReminder.objects.exclude(obligation=status).count() == 0
    assert len(mailoutbox) == 4 * 3
    recipients = {m.to[0] for m in mailoutbox}
    assert recipients == {u.email for u in people.values()}
    subjects = [m.subject for m in mailoutbox]
    assert subjects[0].startswith("Påminnelse: Statusrapport")
    assert subjects[-1].startswith("Purring: Statusrapport")
    assert "01.09.2024" in mailoutbox[0].body
    assert SweepRun.objects.filter(name="reporting.tasks.report_reminders_sweep").count() == 2 * 42
    first_sent = dict(status.reminders.values_list("days_before", "sent_at"))
    assert first_sent[14].date() == dt.date(2024, 8, 18)
    assert first_sent[3].date() == dt.date(2024, 8, 29)
    assert first_sent[-1].date() == dt.date(2024, 9, 2)
    assert first_sent[-14].date() == dt.date(2024, 9, 15)


@pytest.mark.django_db
def test_submitted_reports_get_no_reminders_and_calls_settings_are_used(mailoutbox, django_capture_on_commit_callbacks):
    people = team()
    grant = accepted_grant()
    grant.call.report_reminder_days_before = [7]
    grant.call.report_reminder_days_after = [5]
    grant.call.save()
    report = report_of(grant, Kind.STATUS)
    for day in (dt.date(2024, 8, 18), dt.date(2024, 8, 25), dt.date(2024, 9, 2)):
        run_sweep_on(day, django_capture_on_commit_callbacks)
    assert list(report.obligation.reminders.values_list("days_before", flat=True)) == [7]
    report_save(
        report=report,
        actor=people["caseworker"],
        fields={"progress": "OK", "activities_done": "OK", "participants": 10, "deviations": "Ingen"},
    )
    report_submit(report=report, actor=people["approver"])
    run_sweep_on(dt.date(2024, 9, 6), django_capture_on_commit_callbacks)
    assert list(report.obligation.reminders.values_list("days_before", flat=True)) == [7]


def test_missed_days_send_only_the_latest_reminder_once():
    from reporting.services import reminder_due_today
    from schemes.models import Call

    call = Call(report_reminder_days_before=[14, 3], report_reminder_days_after=[1, 14])

    class Obligation:
        due_date = dt.date(2024, 9, 1)

    assert reminder_due_today(Obligation, call, today=dt.date(2024, 8, 17)) is None
    assert reminder_due_today(Obligation, call, today=dt.date(2024, 8, 18)) == 14
    assert reminder_due_today(Obligation, call, today=dt.date(2024, 8, 30)) == 3
    assert reminder_due_today(Obligation, call, today=dt.date(2024, 9, 1)) == 3
    assert reminder_due_today(Obligation, call, today=dt.date(2024, 9, 2)) == -1
    assert reminder_due_today(Obligation, call, today=dt.date(2024, 12, 1)) == -14


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_sweeps_send_each_reminder_once(mailoutbox):
    if connection.vendor != "postgresql":
        pytest.skip("Concurrency test needs PostgreSQL (set DATABASE_URL); SQLite serialises writers.")
    orgs = list(Organisation.objects.filter(kind=Organisation.Kind.MUNICIPALITY).order_by("number")[:20])
    for seed, org in ((1000 + 10 * i, org) for i, org in enumerate(orgs)):
        with_details(org, seed=seed)
        member(org, email=f"saksbehandler{seed}@example.no")
        member(org, Membership.Role.APPROVER, email=f"godkjenner{seed}@example.no")
        accepted_grant(org)
    # Committed as in production, the cases' own notices (receipts, letters) went out: count only the sweep's.
    mailoutbox.clear()
    today = dt.date(2024, 8, 29)  # 3 days before the status reports' due date
    barrier = threading.Barrier(4)
    results, errors = [], []

    def sweep():
        try:
            barrier.wait()
            results.append(report_reminders_send_due(today=today))
        except Exception as exc:  # noqa: BLE001
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=sweep) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    assert sum(r["created"] for r in results) == 20
    assert ReportReminder.objects.count() == 20
    assert set(ReportReminder.objects.values_list("days_before", flat=True)) == {3}
    assert ReportReminder.objects.filter(sent_at__isnull=True).count() == 0
    assert len(mailoutbox) == 20 * 2
    assert len({m.to[0] for m in mailoutbox}) == 40
