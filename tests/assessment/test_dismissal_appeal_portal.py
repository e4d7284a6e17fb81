"""Appeals against a dismissal in the portal (issue 15 item 4): the applicant's approver writes
the appeal with reasons and attachments inside the window (three weeks, moved to the next
working day); IMDi forwards it to the appeal body or reverses the dismissal."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from applications.models import Appeal, AppealAttachment, Application, Decision
from applications.services.appeal import appeal_forward, appeal_reverse, dismissal_appeal_submit
from core.models import CaseEvent, Notification
from tests.applications import files
from tests.factories import member, municipality, officer, on_day
from tests.factories_appeal import applicant_approver, dismissal_decided

pytestmark = pytest.mark.django_db


def _submit(decision, user, text="Søknaden kom inn i tide; se kvitteringen.", uploads=()):
    return dismissal_appeal_submit(decision=decision, actor=user, text=text, uploads=uploads)


def test_within_the_window_the_approver_appeals_with_an_attachment(django_capture_on_commit_callbacks):
    decision = dismissal_decided(decided_on=dt.date(2024, 3, 1), received_on=dt.date(2024, 3, 4))
    user = applicant_approver(decision)
    with on_day(dt.date(2024, 3, 25)), django_capture_on_commit_callbacks(execute=True):  # the last day
        appeal = _submit(decision, user, uploads=[files.upload("kvittering.pdf", files.PDF_BYTES)])
    appeal.refresh_from_db()
    assert appeal.via_portal and appeal.received_on == dt.date(2024, 3, 25)
    assert appeal.deadline == dt.date(2024, 3, 25) and not appeal.is_late
    attachment = AppealAttachment.objects.get(appeal=appeal)
    assert attachment.content_type == "application/pdf" and attachment.original_name == "kvittering.pdf"
    event = CaseEvent.objects.get(action="dismissal_appeal_submitted")
    assert event.actor == user and event.data["attachments"] == 1
    # The officer who proposed the dismissal is told, once.
    notices = Notification.objects.filter(kind=Notification.Kind.DISMISSAL_APPEAL)
    assert [n.user_id for n in notices] == [decision.proposed_by_id]


def test_without_a_receipt_date_the_window_runs_from_the_letter():
    decision = dismissal_decided(decided_on=dt.date(2024, 3, 1))
    assert decision.appeal_deadline == dt.date(2024, 3, 22)


def test_a_last_day_on_saturday_moves_to_monday():
    # Received Saturday 1 June 2024: three weeks end Saturday 22 June, moved to Monday 24 June.
    decision = dismissal_decided(decided_on=dt.date(2024, 5, 31), received_on=dt.date(2024, 6, 1))
    assert decision.appeal_deadline == dt.date(2024, 6, 24)
    user = applicant_approver(decision)
    with on_day(dt.date(2024, 6, 24)):
        appeal = _submit(decision, user)
    assert appeal.deadline == dt.date(2024, 6, 24)


def test_after_the_window_the_appeal_is_refused_and_nothing_saved():
    decision = dismissal_decided(decided_on=dt.date(2024, 5, 31), received_on=dt.date(2024, 6, 1))
    user = applicant_approver(decision)
    with on_day(dt.date(2024, 6, 25)), pytest.raises(ValidationError) as exc:
        _submit(decision, user, uploads=[files.upload("a.pdf", files.PDF_BYTES)])
    assert "Klagefristen gikk ut 24.06.2024" in " ".join(exc.value.messages)
    assert not Appeal.objects.exists() and not AppealAttachment.objects.exists()


def test_a_caseworker_may_not_appeal():
    decision = dismissal_decided()
    caseworker = member(decision.application.organisation)
    with on_day(dt.date(2024, 3, 5)), pytest.raises(PermissionDenied):
        _submit(decision, caseworker)
    assert not Appeal.objects.exists()


def test_another_municipalitys_approver_may_not_appeal():
    decision = dismissal_decided()
    stranger = applicant_approver(dismissal_decided(org=municipality("0301")))
    with on_day(dt.date(2024, 3, 5)), pytest.raises(PermissionDenied):
        _submit(decision, stranger)


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("rapport.pdf", files.EXE_BYTES),  # an executable with a PDF's name
        ("tom.pdf", b""),
        ("arkiv.zip", files.PLAIN_ZIP_BYTES),
    ],
)
def test_a_hostile_attachment_is_refused_and_nothing_saved(name, data):
    decision = dismissal_decided()
    user = applicant_approver(decision)
    good = files.upload("ok.pdf", files.PDF_BYTES)
    with on_day(dt.date(2024, 3, 5)), pytest.raises(ValidationError):
        _submit(decision, user, uploads=[good, files.upload(name, data)])
    assert not Appeal.objects.exists() and not AppealAttachment.objects.exists()


def test_empty_or_huge_text_is_refused():
    decision = dismissal_decided()
    user = applicant_approver(decision)
    with on_day(dt.date(2024, 3, 5)):
        for text in ("", "   ", "x" * 20001):
            with pytest.raises(ValidationError) as exc:
                _submit(decision, user, text=text)
            assert "text" in exc.value.message_dict
    assert not Appeal.objects.exists()


def test_a_second_submit_is_refused_one_appeal_stands():
    decision = dismissal_decided()
    user = applicant_approver(decision)
    with on_day(dt.date(2024, 3, 5)):
        _submit(decision, user)
        with pytest.raises(ValidationError) as exc:
            _submit(decision, user, text="En gang til")
    assert "allerede klaget" in " ".join(exc.value.messages)
    assert Appeal.objects.filter(decision=decision).count() == 1


def test_forward_names_the_appeal_body_from_the_call_and_tells_the_municipality(django_capture_on_commit_callbacks):
    decision = dismissal_decided()
    user = applicant_approver(decision)
    with on_day(dt.date(2024, 3, 5)):
        appeal = _submit(decision, user)
    call = decision.application.call
    call.appeal_body = "Klagenemnda for test"
    call.save(update_fields=["appeal_body"])
    with on_day(dt.date(2024, 3, 8)), django_capture_on_commit_callbacks(execute=True):
        appeal_forward(appeal=appeal, forwarded_on=dt.date(2024, 3, 8), actor=officer(), note="Vedtaket står.")
    appeal.refresh_from_db()
    assert appeal.is_forwarded and appeal.appeal_body == "Klagenemnda for test"
    notice = Notification.objects.get(key__contains=":forwarded:", user=user)
    assert "Klagenemnda for test" in notice.body
    with pytest.raises(ValidationError):
        appeal_reverse(appeal=appeal, actor=officer(), note="For sent")


def test_reversal_returns_the_application_to_assessment_through_the_state_machine():
    decision = dismissal_decided()
    with on_day(dt.date(2024, 3, 5)):
        appeal = _submit(decision, applicant_approver(decision))
    with pytest.raises(ValidationError):
        appeal_reverse(appeal=appeal, actor=officer(), note="  ")
    o = officer()
    with on_day(dt.date(2024, 3, 8)):
        appeal_reverse(appeal=appeal, actor=o, note="Søknaden kom inn før fristen.")
    appeal.refresh_from_db()
    decision.refresh_from_db()
    assert appeal.is_reversed and appeal.reversed_on == dt.date(2024, 3, 8)
    assert decision.status == Decision.Status.REVERSED
    application = Application.objects.get(pk=decision.application_id)
    assert application.status == Application.Status.IN_ASSESSMENT
    event = CaseEvent.objects.get(action="application_reassessment")
    assert (event.from_state, event.to_state) == ("dismissed", "in_assessment")
    with pytest.raises(ValidationError):
        appeal_forward(appeal=appeal, forwarded_on=dt.date(2024, 3, 9), actor=o)


def test_a_municipal_user_may_not_reverse_or_forward():
    decision = dismissal_decided()
    user = applicant_approver(decision)
    with on_day(dt.date(2024, 3, 5)):
        appeal = _submit(decision, user)
    with pytest.raises((PermissionDenied, ValidationError)):
        appeal_reverse(appeal=appeal, actor=user, note="Vi omgjør selv")
    with pytest.raises((PermissionDenied, ValidationError)):
        appeal_forward(appeal=appeal, forwarded_on=dt.date(2024, 3, 6), actor=user)
    assert Decision.objects.get(pk=decision.pk).status == Decision.Status.APPROVED


# --- the portal pages


def test_page_within_the_window_offers_the_form_and_takes_the_appeal(client):
    decision = dismissal_decided()
    user = applicant_approver(decision)
    client.force_login(user)
    url = reverse("decisions:appeal", args=[decision.pk])
    with on_day(dt.date(2024, 3, 5)):
        detail = client.get(reverse("decisions:detail", args=[decision.pk]))
        assert url in detail.content.decode()
        page = client.get(url)
        assert page.status_code == 200 and 'name="text"' in page.content.decode()
        response = client.post(
            url,
            {
                "text": "Vi sendte vedlegget.",
                "files": [files.upload("a.pdf", files.PDF_BYTES), files.upload("b.png", files.PNG_BYTES)],
            },
        )
        assert response.status_code == 302
        appeal = Appeal.objects.get(decision=decision)
        assert appeal.attachments.count() == 2
        first = appeal.attachments.first()
        download = client.get(reverse("decisions:appeal_file", args=[decision.pk, first.pk]))
        assert download.status_code == 200
        client.force_login(officer())
        assert client.get(reverse("decisions:appeal_file", args=[decision.pk, first.pk])).status_code == 200
        client.force_login(applicant_approver(dismissal_decided(org=municipality("0301"))))
        assert client.get(reverse("decisions:appeal_file", args=[decision.pk, first.pk])).status_code == 404


def test_page_after_the_window_shows_why_and_no_form(client):
    decision = dismissal_decided()
    client.force_login(applicant_approver(decision))
    url = reverse("decisions:appeal", args=[decision.pk])
    with on_day(dt.date(2024, 3, 23)):
        page = client.get(url)
        assert page.status_code == 200
        body = page.content.decode()
        assert 'name="text"' not in body and "klagefristen er ute" in body
        detail = client.get(reverse("decisions:detail", args=[decision.pk])).content.decode()
        assert url not in detail and "Klagefristen er ute" in detail
        response = client.post(url, {"text": "For sent"})
    assert response.status_code == 200 and "Klagefristen gikk ut 22.03.2024" in response.content.decode()
    assert not Appeal.objects.exists()


def test_page_refuses_hostile_input_next_to_the_field(client):
    decision = dismissal_decided()
    client.force_login(applicant_approver(decision))
    url = reverse("decisions:appeal", args=[decision.pk])
    with on_day(dt.date(2024, 3, 5)):
        renamed = client.post(url, {"text": "Se vedlegg", "files": [files.upload("x.pdf", files.EXE_BYTES)]})
        too_many = client.post(
            url, {"text": "Se vedlegg", "files": [files.upload(f"{i}.pdf", files.PDF_BYTES) for i in range(6)]}
        )
        empty = client.post(url, {"text": ""})
        script = client.post(url, {"text": "<script>alert(1)</script>", "files": []})
        detail = client.get(reverse("decisions:detail", args=[decision.pk])).content.decode()
    for response in (renamed, too_many, empty):
        assert response.status_code == 200 and "is-invalid" in response.content.decode()
    assert "Legg ved høyst 5 filer" in too_many.content.decode()
    assert script.status_code == 302
    appeal = Appeal.objects.get()
    assert appeal.text == "<script>alert(1)</script>" and not appeal.attachments.exists()
    assert "<script>alert(1)</script>" not in detail and "&lt;script&gt;" in detail


def test_other_municipality_gets_404_and_a_caseworker_403(client):
    decision = dismissal_decided()
    url = reverse("decisions:appeal", args=[decision.pk])
    stranger = applicant_approver(dismissal_decided(org=municipality("0301")))
    client.force_login(stranger)
    with on_day(dt.date(2024, 3, 5)):
        assert client.get(url).status_code == 404
        assert client.post(url, {"text": "Fremmed klage"}).status_code == 404
        client.force_login(member(decision.application.organisation))
        assert client.get(url).status_code == 403
        assert client.post(url, {"text": "Saksbehandlers klage"}).status_code == 403
        client.force_login(officer())
        assert client.get(url).status_code == 404
    assert not Appeal.objects.exists()


def test_a_reversed_dismissal_stays_visible_with_the_outcome(client):
    decision = dismissal_decided()
    user = applicant_approver(decision)
    with on_day(dt.date(2024, 3, 5)):
        appeal = _submit(decision, user)
        appeal_reverse(appeal=appeal, actor=officer(), note="Søknaden kom i tide.")
        client.force_login(user)
        body = client.get(reverse("decisions:detail", args=[decision.pk])).content.decode()
    assert "Vedtaket er omgjort" in body and "Søknaden kom i tide." in body
