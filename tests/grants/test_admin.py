"""The admin for grant letters: officers preview, extend and let lapse; budget holders sign and
send one letter or all of a call (a background job with a progress page polling JSON); finance
only reads. The sweep admin shows each sweep's last run."""

import datetime as dt
import json

import pytest
import time_machine
from django.urls import reverse

from applications.jobs import GRANT_LETTER_PREVIEW
from applications.models import Grant, GrantLetter, LetterSendJob
from applications.tasks import acceptance_sweep
from core.models import Job, SweepRun
from organisations.models import Membership
from tests.factories import finance, member, municipality, officer
from tests.grants.helpers import development_grant, pdf_text, sent_grant, signer

pytestmark = pytest.mark.django_db


def test_officer_previews_but_cannot_send(client, django_capture_on_commit_callbacks):
    grant = development_grant()
    officer_user = officer()
    client.force_login(officer_user)
    page = client.get(reverse("admin:applications_grant_change", args=[grant.pk]))
    assert page.status_code == 200
    html = page.content.decode()
    assert reverse("admin:applications_grant_preview", args=[grant.pk]) in html
    assert reverse("admin:applications_grant_send", args=[grant.pk]) not in html

    # The preview is made by the worker (core.jobs): GET asks, POST queues it and shows its page.
    preview_url = reverse("admin:applications_grant_preview", args=[grant.pk])
    asked = client.get(preview_url)
    assert asked.status_code == 200 and not Job.objects.exists()
    assert 'method="post"' in asked.content.decode()
    with django_capture_on_commit_callbacks(execute=False) as queued:
        response = client.post(preview_url)
    job = Job.objects.get(kind=GRANT_LETTER_PREVIEW)
    assert response.status_code == 302 and response["Location"] == reverse("jobs:detail", args=[job.pk])
    assert job.status == Job.Status.QUEUED and len(queued) == 1
    assert client.get(reverse("jobs:download", args=[job.pk])).status_code == 404  # not made yet
    # A second click while it is queued gets the same job.
    client.post(preview_url)
    assert Job.objects.filter(kind=GRANT_LETTER_PREVIEW).count() == 1
    with django_capture_on_commit_callbacks(execute=True):
        queued[0]()
    job.refresh_from_db()
    assert job.status == Job.Status.DONE
    page = client.get(reverse("jobs:detail", args=[job.pk])).content.decode()
    assert reverse("jobs:download", args=[job.pk]) in page
    download = client.get(reverse("jobs:download", args=[job.pk]))
    pdf = b"".join(download.streaming_content)
    assert download["Content-Type"] == "application/pdf" and pdf.startswith(b"%PDF-")
    assert "FORHÅNDSVISNING" in pdf_text(pdf).upper()
    # Another officer does not read it; the grant is unchanged and no letter exists.
    client.force_login(officer(username="annen-radgiver"))
    assert client.get(reverse("jobs:download", args=[job.pk])).status_code == 404
    client.force_login(officer_user)

    client.post(reverse("admin:applications_grant_send", args=[grant.pk]))
    grant.refresh_from_db()
    assert grant.status == Grant.Status.DECIDED
    assert not GrantLetter.objects.exists()


def test_budget_holder_sends_from_the_change_page(client, django_capture_on_commit_callbacks, mailoutbox):
    grant = development_grant()
    client.force_login(signer())
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("admin:applications_grant_send", args=[grant.pk]))
    assert response.status_code == 302
    grant.refresh_from_db()
    assert grant.status == Grant.Status.LETTER_SENT
    # One message to each member: the caseworker who applied and the approver who submitted.
    assert sorted(m.to[0] for m in mailoutbox) == sorted(
        {grant.application.created_by.email, grant.application.submitted_by.email}
    )
    letter = grant.letters.get()
    pdf = client.get(reverse("admin:applications_grantletter_pdf", args=[letter.pk]))
    assert b"".join(pdf.streaming_content) == letter.pdf.open("rb").read()
    # Sending again from the admin is refused with a message; nothing changes.
    client.post(reverse("admin:applications_grant_send", args=[grant.pk]))
    assert grant.letters.count() == 1


def test_sending_one_letter_only_queues_it_and_the_worker_sends(client, django_capture_on_commit_callbacks):
    """The PDF is rendered, signed and sent by the letters job (issue 17 item 4): the request
    queues a job of this one grant and shows its progress page."""
    grant, other = development_grant(), development_grant(municipality("4601"))
    client.force_login(signer())
    send_url = reverse("admin:applications_grant_send", args=[grant.pk])
    with django_capture_on_commit_callbacks(execute=False) as queued:
        response = client.post(send_url)
    job = LetterSendJob.objects.get()
    assert response["Location"] == reverse("admin:applications_grant_send_job", args=[job.pk])
    assert list(job.grants.all()) == [grant] and (job.status, job.total) == ("queued", 1)
    assert len(queued) == 1 and not GrantLetter.objects.exists()
    grant.refresh_from_db()
    assert grant.status == Grant.Status.DECIDED

    page = client.get(response["Location"]).content.decode()
    assert f"Tilbake til sak {grant.case_number}" in page and "<progress" in page
    change = client.get(reverse("admin:applications_grant_change", args=[grant.pk])).content.decode()
    assert "Brevet er i kø for utsending" in change and f'href="{send_url}"' not in change
    # Pressed again while it waits: refused with a message, no second job.
    again = client.post(send_url, follow=True)
    assert "allerede under utsending" in again.content.decode() and LetterSendJob.objects.count() == 1

    queued[0]()  # the worker picks the job up
    job.refresh_from_db()
    assert (job.status, job.done, job.failed) == ("done", 1, 0)
    grant.refresh_from_db()
    other.refresh_from_db()
    assert grant.status == Grant.Status.LETTER_SENT and grant.letters.count() == 1
    assert other.status == Grant.Status.DECIDED  # the job sent only the grant it was given
    change = client.get(reverse("admin:applications_grant_change", args=[grant.pk])).content.decode()
    assert "Brevet er i kø for utsending" not in change


def test_the_list_action_queues_the_selected_letters(client, django_capture_on_commit_callbacks):
    chosen = [development_grant(municipality(n)) for n in ("4601", "0301")]
    left = development_grant(municipality("5001"))
    already, _ = sent_grant(municipality("1103"))
    client.force_login(signer())
    selection = [g.pk for g in (*chosen, already)]
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("admin:applications_grant_changelist"),
            {"action": "send_letters", "_selected_action": selection},
            follow=True,
        )
    job = LetterSendJob.objects.get()
    assert response.redirect_chain[-1][0] == reverse("admin:applications_grant_send_job", args=[job.pk])
    html = response.content.decode()
    assert "2 tilskuddsbrev er lagt i kø" in html and "1 valgte tilskudd hadde allerede fått brev" in html
    assert (job.status, job.total, job.done) == ("done", 2, 2)
    sent = {g.pk for g in Grant.objects.filter(status=Grant.Status.LETTER_SENT)}
    assert sent == {*(g.pk for g in chosen), already.pk}
    left.refresh_from_db()
    assert left.status == Grant.Status.DECIDED and already.letters.count() == 1


def test_the_list_action_with_nothing_to_send_says_so(client):
    already, _ = sent_grant()
    client.force_login(signer())
    response = client.post(
        reverse("admin:applications_grant_changelist"),
        {"action": "send_letters", "_selected_action": [already.pk]},
        follow=True,
    )
    assert "hadde allerede fått brev" in response.content.decode()
    assert not LetterSendJob.objects.exists()


def test_send_all_runs_as_a_job_with_progress(client, django_capture_on_commit_callbacks):
    grants = [development_grant(municipality(n)) for n in ("4601", "0301", "5001")]
    already, _ = sent_grant(municipality("1103"))
    client.force_login(signer())
    form = client.get(reverse("admin:applications_grant_send_all"))
    assert form.status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("admin:applications_grant_send_all"), {"call": grants[0].call_id})
    job = LetterSendJob.objects.get()
    assert response["Location"] == reverse("admin:applications_grant_send_job", args=[job.pk])
    assert (job.status, job.total, job.done, job.failed) == ("done", 3, 3, 0)
    assert all(Grant.objects.get(pk=g.pk).status == Grant.Status.LETTER_SENT for g in grants)
    assert already.letters.count() == 1

    page = client.get(response["Location"])
    html = page.content.decode()
    assert "<progress" in html and "js/letters.js" in html
    assert "<script>" not in html.replace('<script src="', "")  # no inline script (CSP)
    status = json.loads(client.get(reverse("admin:applications_grant_send_job_status", args=[job.pk])).content)
    assert status == {
        "status": "done",
        "status_display": "Ferdig",
        "total": 3,
        "done": 3,
        "failed": 0,
        "percent": 100,
        "finished": True,
        "errors": [],
    }

    # Nothing left to send: a second job is refused with a message on the form.
    again = client.post(reverse("admin:applications_grant_send_all"), {"call": grants[0].call_id})
    assert again.status_code == 200
    assert LetterSendJob.objects.count() == 1


def test_a_queued_job_shows_partial_progress(client):
    grant = development_grant()
    job = LetterSendJob.objects.create(call=grant.call, started_by=signer(), total=4, done=1, failed=1)
    client.force_login(officer())
    status = json.loads(client.get(reverse("admin:applications_grant_send_job_status", args=[job.pk])).content)
    assert (status["percent"], status["finished"]) == (50, False)


def test_officer_and_finance_cannot_start_send_all(client):
    grant = development_grant()
    for user in (officer(), finance()):
        client.force_login(user)
        assert client.get(reverse("admin:applications_grant_send_all")).status_code == 403
        assert client.post(reverse("admin:applications_grant_send_all"), {"call": grant.call_id}).status_code == 403
    assert not LetterSendJob.objects.exists()


def test_finance_reads_but_cannot_preview_or_change(client):
    grant = development_grant()
    client.force_login(finance())
    assert client.get(reverse("admin:applications_grant_changelist")).status_code == 200
    assert client.get(reverse("admin:applications_grant_preview", args=[grant.pk])).status_code == 403
    response = client.post(
        reverse("admin:applications_grant_change", args=[grant.pk]), {"special_conditions": "Nytt vilkår"}
    )
    assert response.status_code == 403
    grant.refresh_from_db()
    assert grant.special_conditions == ""


def test_municipal_users_do_not_get_into_the_admin(client):
    grant = development_grant()
    client.force_login(member(grant.organisation, Membership.Role.APPROVER))
    response = client.get(reverse("admin:applications_grant_change", args=[grant.pk]))
    assert response.status_code == 302


def test_officer_sets_special_conditions_through_the_service(client):
    grant = development_grant()
    client.force_login(officer())
    url = reverse("admin:applications_grant_change", args=[grant.pk])
    management = {
        f"{prefix}-{key}": "0"
        for prefix in ("letters", "acceptance_reminders")
        for key in ("TOTAL_FORMS", "INITIAL_FORMS")
    }
    response = client.post(url, {"special_conditions": "Sluttrapport innen 1. mars.", **management})
    assert response.status_code == 302, response.context["errors"]
    grant.refresh_from_db()
    assert grant.special_conditions == "Sluttrapport innen 1. mars."
    from core.models import CaseEvent

    assert CaseEvent.objects.filter(object_id=grant.pk, action="special_conditions_changed").exists()


def test_lapse_and_extend_pages(client):
    with time_machine.travel(dt.datetime(2024, 3, 4, 9, 0, tzinfo=dt.UTC), tick=False):
        grant, _ = sent_grant()
        second, _ = sent_grant(municipality("0301"))
    client.force_login(officer())
    with time_machine.travel(dt.datetime(2024, 3, 19, 6, 0, tzinfo=dt.UTC), tick=False):
        acceptance_sweep.delay()
        listing = client.get(reverse("admin:applications_grant_changelist") + "?frist=flagget")
        assert grant.case_number in listing.content.decode()
        change = client.get(reverse("admin:applications_grant_change", args=[grant.pk])).content.decode()
        assert reverse("admin:applications_grant_lapse", args=[grant.pk]) in change

        bad = client.post(
            reverse("admin:applications_grant_extend", args=[grant.pk]), {"new_deadline": "", "reason": ""}
        )
        assert bad.status_code == 200 and "Velg en ny frist." in bad.content.decode()
        ok = client.post(
            reverse("admin:applications_grant_extend", args=[grant.pk]),
            {"new_deadline": "2024-04-02", "reason": "Kommunen ba om mer tid."},
        )
        assert ok.status_code == 302
        lapse = client.post(reverse("admin:applications_grant_lapse", args=[second.pk]), {"reason": "Ikke svart."})
        assert lapse.status_code == 302
    grant.refresh_from_db()
    second.refresh_from_db()
    assert (grant.acceptance_deadline, grant.acceptance_overdue_flagged_at) == (dt.date(2024, 4, 2), None)
    assert second.status == Grant.Status.LAPSED


def test_sweep_admin_shows_each_sweeps_last_run(client):
    with time_machine.travel(dt.datetime(2024, 3, 11, 5, 0, tzinfo=dt.UTC), tick=False):
        acceptance_sweep.delay()
    client.force_login(officer())
    page = client.get(reverse("admin:core_sweeprun_changelist"))
    assert page.status_code == 200
    html = page.content.decode()
    assert "Aksept: påminnelser og fristbrudd" in html
    assert "11.03.2024 06:00" in html
    assert "påminnelser sendt: 0" in html
    assert "Har ikke kjørt ennå" in html  # the other sweeps in this test database
    assert SweepRun.objects.count() == 1


def test_a_running_job_blocks_a_second_one_until_it_is_stale():
    from django.core.exceptions import ValidationError

    from applications.services.letter_job import letter_send_job_start

    grant = development_grant()
    holder = signer()
    with time_machine.travel(dt.datetime(2024, 3, 4, 9, 0, tzinfo=dt.UTC), tick=False):
        LetterSendJob.objects.create(call=grant.call, started_by=holder, total=1, status="running")
        with pytest.raises(ValidationError, match="allerede under utsending"):
            letter_send_job_start(call=grant.call, actor=holder)
    with time_machine.travel(dt.datetime(2024, 3, 4, 11, 30, tzinfo=dt.UTC), tick=False):
        job = letter_send_job_start(call=grant.call, actor=holder)
    assert job.total == 1


def test_grant_changelist_query_count_does_not_grow_with_rows(
    client, django_assert_num_queries, django_assert_max_num_queries
):
    client.force_login(officer())
    url = reverse("admin:applications_grant_changelist")
    with time_machine.travel(dt.datetime(2024, 3, 4, 9, 0, tzinfo=dt.UTC), tick=False):
        sent_grant(municipality("4601"))
        development_grant(municipality("0301"))
        client.get(url)  # warm caches (content types, sessions)
        with django_assert_max_num_queries(20) as few:
            client.get(url)
        for number in ("5001", "1103", "3301", "3907", "4204"):
            sent_grant(municipality(number))
        with django_assert_num_queries(len(few.captured_queries)):
            client.get(url)
