"""A batch job killed midway resumes without loss or duplicates (issue 17 item 4): sending
every grant letter of a call, the worker killed after two of four letters; the message comes
back (acks_late, CELERY_TASK_REJECT_ON_WORKER_LOST) and the task runs again. Every grant then
has exactly one letter, every member exactly one notice and one e-mail per letter, and the
job counts four of four. Real database state on PostgreSQL in CI."""

from collections import Counter

import pytest
from django.conf import settings

from applications.models import Grant, GrantLetter
from applications.services import grant as grant_services
from applications.services.letter_job import letter_send_job_start
from applications.tasks import grant_letters_send_job
from core.models import Notification
from tests.factories import municipality
from tests.factories_jobs import WorkerKilled
from tests.grants.helpers import development_grant, signer

pytestmark = pytest.mark.django_db


def test_the_settings_put_a_lost_workers_message_back():
    assert settings.CELERY_TASK_ACKS_LATE is True
    assert settings.CELERY_TASK_REJECT_ON_WORKER_LOST is True
    from core.tasks import job_run

    assert job_run.acks_late is True and job_run.reject_on_worker_lost is True


def test_letter_job_killed_after_two_of_four_resumes_without_loss_or_duplicates(
    monkeypatch, django_capture_on_commit_callbacks, mailoutbox
):
    grants = [development_grant(municipality(n)) for n in ("4601", "0301", "5001", "1103")]
    holder = signer()
    with django_capture_on_commit_callbacks(execute=False):  # the worker is started by hand below
        job = letter_send_job_start(call=grants[0].call, actor=holder)

    real_send = grant_services.grant_letter_send
    sent = []

    def send_then_die(*, grant, actor):
        if len(sent) == 2:
            raise WorkerKilled  # the third letter: the worker dies before it is written
        letter = real_send(grant=grant, actor=actor)
        sent.append(letter.grant_id)
        return letter

    monkeypatch.setattr(grant_services, "grant_letter_send", send_then_die)
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(WorkerKilled):
        grant_letters_send_job(job.pk)
    job.refresh_from_db()
    assert (job.status, job.done, GrantLetter.objects.count()) == ("running", 2, 2)
    mails_before = len(mailoutbox)
    assert mails_before > 0  # the two letters' notices went out with their transactions

    # The message comes back; the task runs again, with the worker alive this time.
    monkeypatch.setattr(grant_services, "grant_letter_send", real_send)
    with django_capture_on_commit_callbacks(execute=True):
        grant_letters_send_job(job.pk)
    job.refresh_from_db()
    assert (job.status, job.total, job.done, job.failed, job.errors) == ("done", 4, 4, 0, [])
    assert Counter(GrantLetter.objects.values_list("grant_id", flat=True)) == {g.pk: 1 for g in grants}
    assert set(Grant.objects.filter(pk__in=[g.pk for g in grants]).values_list("status", flat=True)) == {
        Grant.Status.LETTER_SENT
    }
    notices = Notification.objects.filter(kind=Notification.Kind.GRANT_LETTER)
    per_recipient = Counter(notices.values_list("case_number", "user_id"))
    assert per_recipient and set(per_recipient.values()) == {1}
    assert {case for case, _user in per_recipient} == {g.case_number for g in grants}
    sent_mails = Counter((m.to[0], m.subject) for m in mailoutbox)
    assert set(sent_mails.values()) == {1} and len(mailoutbox) == notices.count()

    # Delivered once more (a duplicate message): nothing new happens.
    with django_capture_on_commit_callbacks(execute=True):
        grant_letters_send_job(job.pk)
    assert GrantLetter.objects.count() == 4 and len(mailoutbox) == notices.count()
