"""Requests for more information (issue 15 item 2): the officer asks for named sections with a
deadline; only those sections reopen for the municipality; the caseworker answers, the approver
re-submits, and the case returns to assessment with the change recorded before and after. Each
step tells the one who has the case now, once per recipient."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from applications.models import Application, InformationRequest
from applications.services import information
from applications.services.application import ApplicationError, application_draft_save
from core.models import CaseEvent, Notification
from core.selectors import case_timeline
from tests.applications.information_helpers import REPLY_BY, answer, ask, reload, resubmit, world

pytestmark = pytest.mark.django_db
S = Application.Status
K = Notification.Kind


@pytest.fixture
def w():
    return world()


def test_full_round_returns_to_assessment_with_the_change(w, client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        request = ask(w)
    assert reload(w).status == S.INFO_REQUESTED
    assert request.before["prosjekt"][0][1] == w["a"].application.title

    # The caseworker changes the title in the reopened project section, through the page.
    client.force_login(w["a"].caseworker)
    url = reverse("applications:section", args=[w["a"].application.pk, "prosjekt"])
    page = client.get(url)
    assert page.status_code == 200
    assert "Hvor mange deltakere er bekreftet?" in page.content.decode()
    data = {f: getattr(w["a"].application, f) for f in information.SECTION_FIELDS["prosjekt"]}
    data["title"] = "Ny og bedre tittel"
    assert client.post(url, {**data, "save": "1"}).status_code == 302
    assert reload(w).title == "Ny og bedre tittel"

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("applications:information_answer", args=[w["a"].application.pk]), {"answer": "Tittelen er rettet."}
        )
    assert response.status_code == 302
    assert reload(w).status == S.INFO_ANSWERED
    # Once answered, the sections are closed again until the approver sends the answer back.
    assert client.get(url).status_code == 302

    client.force_login(w["a"].approver)
    confirm = client.get(reverse("applications:information_resubmit", args=[w["a"].application.pk]))
    assert confirm.status_code == 200 and "Dette kan ikke angres" in confirm.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("applications:information_resubmit", args=[w["a"].application.pk]))
    assert reload(w).status == S.IN_ASSESSMENT
    request.refresh_from_db()
    assert request.resubmitted_by == w["a"].approver
    changes = {s["key"]: s for s in information.information_changes(request)}
    title_row = next(r for r in changes["prosjekt"]["rows"] if r["label"] == "Prosjekttittel")
    assert title_row["changed"] and title_row["after"] == "Ny og bedre tittel"
    assert not changes["budsjett"]["changed"]

    actions = list(
        CaseEvent.objects.filter(action__startswith="information_").order_by("pk").values_list("action", flat=True)
    )
    assert actions == ["information_requested", "information_answered", "information_resubmitted"]
    # The municipality sees the steps on its timeline; the other municipality sees nothing.
    timeline = {e.action for e in case_timeline(case_number=reload(w).case_number, user=w["a"].caseworker)}
    assert {"information_requested", "information_resubmitted"} <= timeline
    assert case_timeline(case_number=reload(w).case_number, user=w["b"].caseworker) == []


def test_only_the_named_sections_reopen(w, client):
    ask(w, sections=["kontakt"])
    client.force_login(w["a"].caseworker)
    application = w["a"].application
    assert client.get(reverse("applications:section", args=[application.pk, "kontakt"])).status_code == 200
    for closed in ("prosjekt", "budsjett", "vedlegg", "grunnlag", "gjennomforing"):
        assert client.get(reverse("applications:section", args=[application.pk, closed])).status_code == 302
    # The service refuses too, whatever a crafted request names.
    with pytest.raises(ApplicationError):
        application_draft_save(application=application, user=w["a"].caseworker, section="prosjekt")
    page = client.get(reverse("applications:section", args=[application.pk, "kontakt"])).content.decode()
    assert reverse("applications:section", args=[application.pk, "prosjekt"]) not in page


def test_reopened_attachments_take_files_but_never_lose_one(w, client):
    from tests.applications.files import EXE_BYTES, PDF_BYTES, upload

    ask(w, sections=["vedlegg"])
    client.force_login(w["a"].caseworker)
    application = w["a"].application
    before = application.attachments.count()
    url = reverse("applications:section", args=[application.pk, "vedlegg"])
    assert client.post(url, {"file": upload("nytt-vedlegg.pdf", PDF_BYTES)}).status_code == 302
    assert application.attachments.count() == before + 1
    hostile = client.post(url, {"file": upload("faktura.pdf", EXE_BYTES)})
    assert hostile.status_code == 200 and application.attachments.count() == before + 1
    attachment = application.attachments.latest("uploaded_at")
    assert "Slett" not in client.get(url).content.decode()
    response = client.post(reverse("applications:attachment_delete", args=[application.pk, attachment.pk]))
    assert response.status_code == 302
    assert application.attachments.filter(pk=attachment.pk).exists()


def test_notices_once_per_recipient_per_step(w, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        ask(w)
    asked = Notification.objects.filter(kind=K.INFO_REQUESTED)
    assert {n.user for n in asked} == {w["a"].caseworker, w["a"].approver}
    assert asked.count() == 2
    assert reverse("applications:information", args=[w["a"].application.pk]) in asked.first().body
    event = CaseEvent.objects.get(action="information_requested")
    from applications import notices

    notices.information_requested_notify(application_id=w["a"].application.pk, event_id=event.pk)
    assert Notification.objects.filter(kind=K.INFO_REQUESTED).count() == 2

    with django_capture_on_commit_callbacks(execute=True):
        answer(w)
    answered = Notification.objects.filter(kind=K.INFO_ANSWERED)
    assert [n.user for n in answered] == [w["a"].approver]

    with django_capture_on_commit_callbacks(execute=True):
        resubmit(w)
    back = Notification.objects.filter(kind=K.INFO_RESUBMITTED)
    assert [n.user for n in back] == [w["officer"]]
    assert reverse("admin:applications_application_information", args=[w["a"].application.pk]) in back.get().body
    # Nobody in the other municipality heard of it.
    assert not Notification.objects.filter(user__in=[w["b"].caseworker, w["b"].approver]).exclude(kind=K.RECEIPT)


def test_answer_sent_back_reopens_for_the_caseworker(w, django_capture_on_commit_callbacks):
    ask(w)
    answer(w)
    with django_capture_on_commit_callbacks(execute=True):
        information.information_answer_return(
            application=w["a"].application, user=w["a"].approver, comment="Budsjettet mangler fortsatt."
        )
    assert reload(w).status == S.INFO_REQUESTED
    notice = Notification.objects.get(kind=K.SENT_BACK, user=w["a"].caseworker)
    assert "Budsjettet mangler fortsatt." in notice.body
    assert information.application_sections_open(reload(w)) == ["prosjekt", "budsjett"]


@pytest.mark.parametrize("role", ["caseworker_b", "approver_b", "budget_holder", "finance", "caseworker_a"])
def test_who_may_not_ask(w, role):
    user = {
        "caseworker_b": w["b"].caseworker,
        "approver_b": w["b"].approver,
        "budget_holder": w["budget_holder"],
        "finance": w["finance"],
        "caseworker_a": w["a"].caseworker,
    }[role]
    with pytest.raises(PermissionDenied):
        information.information_request_create(
            application=w["a"].application, user=user, sections=["prosjekt"], question="Hva?", reply_by=REPLY_BY
        )
    assert reload(w).status == S.SUBMITTED
    assert not InformationRequest.objects.exists()


def test_caseworker_cannot_resubmit_and_other_municipality_cannot_answer(w, client):
    ask(w)
    with pytest.raises(PermissionDenied):
        information.information_answer(application=w["a"].application, user=w["b"].caseworker, answer="Hei")
    answer(w)
    with pytest.raises(PermissionDenied):
        information.information_resubmit(application=w["a"].application, user=w["a"].caseworker)
    with pytest.raises(PermissionDenied):
        information.information_resubmit(application=w["a"].application, user=w["b"].approver)
    assert reload(w).status == S.INFO_ANSWERED


@pytest.mark.parametrize(
    "name",
    ["information", "information_resubmit"],
)
def test_pages_answer_404_to_another_municipality_and_ok_to_own(w, client, name):
    ask(w)
    answer(w)
    url = reverse(f"applications:{name}", args=[w["a"].application.pk])
    for user in (w["b"].caseworker, w["b"].approver):
        client.force_login(user)
        assert client.get(url).status_code == 404
    client.force_login(w["a"].approver)
    assert client.get(url).status_code == 200
    for post_name in ("information_answer", "information_return", "information_resubmit"):
        client.force_login(w["b"].approver)
        post_url = reverse(f"applications:{post_name}", args=[w["a"].application.pk])
        assert client.post(post_url, {"answer": "x", "comment": "x"}).status_code == 404
    assert reload(w).status == S.INFO_ANSWERED


def test_no_request_page_without_a_request(w, client):
    client.force_login(w["a"].caseworker)
    assert client.get(reverse("applications:information", args=[w["a"].application.pk])).status_code == 404


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"sections": [], "question": "Hva?", "reply_by": REPLY_BY}, "sections"),
        ({"sections": ["hemmelig"], "question": "Hva?", "reply_by": REPLY_BY}, "sections"),
        ({"sections": ["prosjekt"], "question": "   ", "reply_by": REPLY_BY}, "question"),
        ({"sections": ["prosjekt"], "question": "x" * 4001, "reply_by": REPLY_BY}, "question"),
        ({"sections": ["prosjekt"], "question": "Hva?", "reply_by": dt.date(2024, 1, 31)}, "reply_by"),
        ({"sections": ["prosjekt"], "question": "Hva?", "reply_by": dt.date(2024, 2, 1)}, "reply_by"),
        ({"sections": ["prosjekt"], "question": "Hva?", "reply_by": dt.date(2030, 1, 1)}, "reply_by"),
        ({"sections": ["prosjekt"], "question": "Hva?", "reply_by": "i morgen"}, "reply_by"),
    ],
)
def test_bad_request_input_is_refused_next_to_the_field_and_nothing_saved(w, data, field):
    with pytest.raises(ValidationError) as exc:
        information.information_request_create(application=w["a"].application, user=w["officer"], **data)
    assert field in exc.value.message_dict
    assert reload(w).status == S.SUBMITTED
    assert not InformationRequest.objects.exists()


def test_reply_deadline_on_a_weekend_moves_to_the_next_working_day(w):
    request = ask(w, reply_by=dt.date(2024, 2, 17))  # a Saturday
    assert request.reply_by == dt.date(2024, 2, 19)


def test_one_open_request_at_a_time(w):
    ask(w)
    with pytest.raises(information.InformationError):
        ask(w)
    assert InformationRequest.objects.count() == 1


@pytest.mark.parametrize(
    "answer_text",
    ["", "   ", "x" * 4001, "<script>alert(1)</script>"],
)
def test_hostile_and_missing_answers(w, client, answer_text):
    ask(w)
    client.force_login(w["a"].caseworker)
    response = client.post(
        reverse("applications:information_answer", args=[w["a"].application.pk]), {"answer": answer_text}
    )
    if answer_text.startswith("<script>"):
        assert response.status_code == 302
        page = client.get(reverse("applications:information", args=[w["a"].application.pk])).content.decode()
        assert "<script>alert(1)</script>" not in page and "&lt;script&gt;" in page
        return
    assert response.status_code == 400
    assert "invalid-feedback" in response.content.decode() or "is-invalid" in response.content.decode()
    assert reload(w).status == S.INFO_REQUESTED


@pytest.mark.parametrize("comment", ["", "y" * 4001])
def test_bad_send_back_comment(w, client, comment):
    ask(w)
    answer(w)
    client.force_login(w["a"].approver)
    response = client.post(
        reverse("applications:information_return", args=[w["a"].application.pk]), {"comment": comment}
    )
    assert response.status_code == 400
    assert reload(w).status == S.INFO_ANSWERED


def test_resubmission_refused_when_the_change_left_the_application_incomplete(w, client):
    ask(w, sections=["prosjekt"])
    application = reload(w)
    application.title = ""
    application.save(update_fields=["title"])
    answer(w)
    client.force_login(w["a"].approver)
    client.post(reverse("applications:information_resubmit", args=[application.pk]))
    assert reload(w).status == S.INFO_ANSWERED
    with pytest.raises(information.InformationError):
        resubmit(w)


def test_withdrawal_while_information_is_asked(w):
    from applications.services.application import application_withdraw

    ask(w)
    application_withdraw(application=w["a"].application, user=w["a"].approver, reason="Vi trekker oss.")
    assert reload(w).status == S.WITHDRAWN
    assert information.application_sections_open(reload(w)) == []
