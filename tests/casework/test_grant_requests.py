"""Requests about an awarded grant (issue 15 item 3): a municipality asks for a change (budget
lines, period, project lead, partners) or a later acceptance or report deadline, with reasons;
an officer decides in writing (a letter archived as PDF); the change reaches the grant only when
approved; the deadline moves and its reminders follow. Visibility across two municipalities
and every role, hostile input, one notice per recipient per event."""

import datetime as dt
from decimal import Decimal

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from applications.models import Grant
from casework import notices
from casework import services_grant_requests as services
from casework.models import GrantRequest
from core.models import CaseEvent, Notification
from organisations.models import Membership
from tests.factories import (
    budget_holder,
    documents_rendered,
    finance,
    make_grant,
    member,
    municipality,
    officer,
    with_details,
)

pytestmark = pytest.mark.django_db
K = GrantRequest.Kind


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def _side(number, seed, status="accepted", **kw):
    org = with_details(municipality(number), seed=seed)
    return {
        "org": org,
        "caseworker": member(org, Membership.Role.CASEWORKER),
        "approver": member(org, Membership.Role.APPROVER),
        "grant": make_grant(org, status=status, **kw),
    }


@pytest.fixture
def w():
    return {
        "a": _side("4601", 9110),
        "b": _side("0301", 9120),
        "officer": officer(),
        "bh": budget_holder(),
        "fin": finance(),
    }


def _ask_period(w, side="a", **kw):
    return services.grant_request_create(
        actor=w[side]["approver"],
        grant=w[side]["grant"],
        kind=K.PERIOD,
        reason="Oppstarten er forsinket.",
        project_start=kw.get("start", dt.date(2024, 9, 1)),
        project_end=kw.get("end", dt.date(2025, 8, 31)),
    )


def test_change_is_applied_only_when_approved(w, django_capture_on_commit_callbacks):
    application = w["a"]["grant"].application
    before = (application.project_start, application.project_end)
    with django_capture_on_commit_callbacks(execute=True):
        request = _ask_period(w)
    application.refresh_from_db()
    assert (application.project_start, application.project_end) == before
    # Applying before IMDi's approval is refused, in the service and in the database.
    with pytest.raises(ValidationError):
        services.grant_request_apply(request=request, actor=w["officer"])
    with pytest.raises(IntegrityError), transaction.atomic():
        GrantRequest.objects.filter(pk=request.pk).update(applied_at=dt.datetime(2024, 1, 1, tzinfo=dt.UTC))
    with django_capture_on_commit_callbacks(execute=True):
        services.grant_request_decide(actor=w["officer"], request=request, approve=True, comment="")
    request.refresh_from_db()
    application.refresh_from_db()
    assert request.status == GrantRequest.Status.APPROVED and request.applied_at
    assert (application.project_start, application.project_end) == (dt.date(2024, 9, 1), dt.date(2025, 8, 31))
    assert request.letter_pdf and len(request.letter_sha256) == 64
    with pytest.raises(ValidationError):  # once
        services.grant_request_apply(request=request, actor=w["officer"])
    actions = set(CaseEvent.objects.filter(case_number=request.case_number).values_list("action", flat=True))
    assert {"grant_request_made", "grant_request_approved", "grant_change_applied"} <= actions


def test_refused_change_is_never_applied_and_needs_reasons(w):
    application = w["a"]["grant"].application
    before = application.project_end
    request = _ask_period(w)
    with pytest.raises(ValidationError) as exc:
        services.grant_request_decide(actor=w["officer"], request=request, approve=False, comment=" ")
    assert "comment" in exc.value.message_dict
    services.grant_request_decide(actor=w["officer"], request=request, approve=False, comment="Perioden er for lang.")
    request.refresh_from_db()
    application.refresh_from_db()
    assert request.status == GrantRequest.Status.REFUSED and request.applied_at is None
    assert application.project_end == before
    with pytest.raises(ValidationError):
        services.grant_request_apply(request=request, actor=w["officer"])


def test_budget_lead_and_partner_changes_are_applied(w):
    grant = w["a"]["grant"]
    lines = "Lønn og sosiale kostnader; Prosjektleder 60 %; 360000\nreise; Reiser; 40 000,50"
    budget = services.grant_request_create(
        actor=w["a"]["approver"], grant=grant, kind=K.BUDGET, reason="Mer lønn.", budget_lines=lines
    )
    lead = services.grant_request_create(
        actor=w["a"]["approver"],
        grant=grant,
        kind=K.PROJECT_LEAD,
        reason="Ny leder.",
        contact_name="Nora Ny",
        contact_email="nora@example.no",
        contact_phone="99999999",
    )
    partners = services.grant_request_create(
        actor=w["a"]["approver"], grant=grant, kind=K.PARTNERS, reason="Oslo blir med.", partners=[w["b"]["org"].pk]
    )
    for request in (budget, lead, partners):
        services.grant_request_decide(actor=w["officer"], request=request, approve=True, comment="")
    application = grant.application
    application.refresh_from_db()
    year = application.budget_years.get(year=grant.year)
    assert [(line.category, line.amount) for line in year.lines.order_by("pk")] == [
        ("salary", Decimal("360000.00")),
        ("travel", Decimal("40000.50")),
    ]
    assert application.contact_name == "Nora Ny"
    assert list(application.partners.all()) == [w["b"]["org"]]


def test_acceptance_deadline_extension_moves_the_deadline(w, django_capture_on_commit_callbacks):
    side = _side("1103", 9130, status="letter_sent")
    grant = side["grant"]
    old = grant.acceptance_deadline
    request = services.grant_request_create(
        actor=side["caseworker"],
        grant=grant,
        kind=K.ACCEPTANCE_DEADLINE,
        reason="Kommunestyret møtes senere.",
        new_deadline=old + dt.timedelta(days=10),
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.grant_request_decide(actor=w["officer"], request=request, approve=True, comment="")
    grant.refresh_from_db()
    assert grant.acceptance_deadline == old + dt.timedelta(days=10)
    assert CaseEvent.objects.filter(action="acceptance_deadline_extended", object_id=grant.pk).exists()
    decided = Notification.objects.filter(kind=Notification.Kind.CHANGE_REQUEST_DECIDED)
    assert {n.user for n in decided} == {side["caseworker"], side["approver"]}
    assert decided.first().attachments and decided.first().attachments[0]["mimetype"] == "application/pdf"


def test_report_deadline_extension_moves_the_due_date_and_reminders_follow():
    from reporting.models import ReportObligation
    from reporting.services import report_reminders_sweep_run

    with time_machine.travel("2024-08-20 10:00:00+02:00", tick=False):
        side = _side("1103", 9140, sent_on=dt.date(2024, 2, 20), answered_on=dt.date(2024, 3, 1))
        grant = side["grant"]
        obligation = grant.report_obligations.get(kind=ReportObligation.Kind.STATUS)
        old = obligation.due_date
        request = services.grant_request_create(
            actor=side["caseworker"],
            grant=grant,
            kind=K.REPORT_DEADLINE,
            obligation=obligation,
            reason="Prosjektlederen er syk.",
            new_deadline=old + dt.timedelta(days=30),
        )
        services.grant_request_decide(actor=officer(), request=request, approve=True, comment="")
        obligation.refresh_from_db()
        assert obligation.due_date == old + dt.timedelta(days=30)
        report_reminders_sweep_run()
        assert not obligation.reminders.filter(due_date=old).exists()


@pytest.mark.parametrize("who", ["caseworker_a", "approver_b", "caseworker_b", "officer", "bh", "fin"])
def test_who_may_not_ask_for_a_change(w, who):
    user = {
        "caseworker_a": w["a"]["caseworker"],
        "approver_b": w["b"]["approver"],
        "caseworker_b": w["b"]["caseworker"],
        "officer": w["officer"],
        "bh": w["bh"],
        "fin": w["fin"],
    }[who]
    with pytest.raises(PermissionDenied):
        services.grant_request_create(
            actor=user,
            grant=w["a"]["grant"],
            kind=K.PERIOD,
            reason="x",
            project_start=dt.date(2024, 9, 1),
            project_end=dt.date(2025, 8, 31),
        )
    assert not GrantRequest.objects.exists()


@pytest.mark.parametrize("who", ["approver_a", "bh", "fin"])
def test_only_an_officer_decides(w, who):
    request = _ask_period(w)
    user = {"approver_a": w["a"]["approver"], "bh": w["bh"], "fin": w["fin"]}[who]
    with pytest.raises(PermissionDenied):
        services.grant_request_decide(actor=user, request=request, approve=True, comment="")
    request.refresh_from_db()
    assert request.status == GrantRequest.Status.PENDING and request.applied_at is None


def test_pages_across_two_municipalities_and_every_role(w, client):
    request = _ask_period(w)
    services.grant_request_decide(actor=w["officer"], request=request, approve=True, comment="")
    documents_rendered()  # the letter, made by the documents worker
    pages = [
        reverse("casework:grant_request", args=[request.pk]),
        reverse("casework:grant_request_letter", args=[request.pk]),
    ]
    for user, expected in [
        (w["a"]["caseworker"], 200),
        (w["a"]["approver"], 200),
        (w["b"]["caseworker"], 404),
        (w["b"]["approver"], 404),
        (w["officer"], 200),
        (w["bh"], 200),
        (w["fin"], 200),
    ]:
        client.force_login(user)
        for url in pages:
            assert client.get(url).status_code == expected, (user, url)
        listing = client.get(reverse("casework:grant_requests")).content.decode()
        assert (reverse("casework:grant_request", args=[request.pk]) in listing) == (expected == 200)
    client.force_login(w["b"]["approver"])
    url = reverse("casework:grant_request_new") + f"?tilskudd={w['a']['grant'].pk}&type=period"
    assert client.get(url).status_code == 404


def test_request_through_the_page_and_decide_after_confirmation(w, client, django_capture_on_commit_callbacks):
    client.force_login(w["a"]["approver"])
    url = reverse("casework:grant_request_new") + f"?tilskudd={w['a']['grant'].pk}&type=project_lead"
    assert client.get(url).status_code == 200
    data = {"contact_name": "Per Leder", "contact_email": "per@example.no", "reason": "Ny jobb."}
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, data)
    assert response.status_code == 302
    request = GrantRequest.objects.get()
    from core.models import User
    from organisations.roles import OFFICER

    received = Notification.objects.filter(kind=Notification.Kind.GRANT_REQUEST_RECEIVED)
    officers = set(User.objects.filter(groups__name=OFFICER, is_active=True))
    assert w["officer"] in officers and {n.user for n in received} == officers
    assert received.count() == len(officers)
    notices.grant_request_received_notify(request_id=request.pk)  # run twice: nothing new
    assert received.count() == len(officers)

    client.force_login(w["officer"])
    detail = reverse("casework:grant_request", args=[request.pk])
    confirm = client.post(detail, {"decision": "approve", "comment": ""})
    assert confirm.status_code == 200 and "Dette kan ikke angres" in confirm.content.decode()
    request.refresh_from_db()
    assert request.status == GrantRequest.Status.PENDING
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(detail, {"decision": "approve", "comment": "", "confirmed": "True"}).status_code == 302
    request.refresh_from_db()
    assert request.status == GrantRequest.Status.APPROVED
    decided = Notification.objects.filter(kind=Notification.Kind.CHANGE_REQUEST_DECIDED)
    assert {n.user for n in decided} == {w["a"]["caseworker"], w["a"]["approver"]}
    notices.grant_request_decided_notify(request_id=request.pk)
    assert decided.count() == 2
    assert not Notification.objects.filter(user__in=[w["b"]["caseworker"], w["b"]["approver"]]).exists()


@pytest.mark.parametrize(
    ("kind", "data", "field"),
    [
        ("period", {"project_start": "2025-09-01", "project_end": "2024-09-01", "reason": "x"}, "project_end"),
        ("period", {"project_start": "2024-09-01", "project_end": "2031-09-01", "reason": "x"}, "project_end"),
        ("period", {"project_start": "-1", "project_end": "", "reason": "x"}, "project_start"),
        ("period", {"project_start": "2024-09-01", "project_end": "2025-08-31", "reason": ""}, "reason"),
        ("period", {"project_start": "2024-09-01", "project_end": "2025-08-31", "reason": "x" * 4001}, "reason"),
        ("project_lead", {"contact_name": "", "contact_email": "ikke-epost", "reason": "x"}, "contact_email"),
        ("project_lead", {"contact_name": "<script>", "contact_email": "a@b", "reason": "x"}, "contact_email"),
        ("partners", {"partners": ["999999"], "reason": "x"}, "partners"),
        ("partners", {"partners": ["'; DROP TABLE x"], "reason": "x"}, "partners"),
        ("budget", {"budget_lines": "Lønn; Leder; -5", "reason": "x"}, "budget_lines"),
        ("budget", {"budget_lines": "Lønn og sosiale kostnader; Leder; 1e400", "reason": "x"}, "budget_lines"),
        ("budget", {"budget_lines": "hemmelig; Leder; 100", "reason": "x"}, "budget_lines"),
        ("budget", {"budget_lines": "Lønn og sosiale kostnader; Leder; 1.005", "reason": "x"}, "budget_lines"),
        ("budget", {"budget_lines": "", "reason": "x"}, "budget_lines"),
        ("budget", {"budget_lines": "reise; a; 1\n" * 51, "reason": "x"}, "budget_lines"),
        ("budget", {"budget_lines": "x" * 30000, "reason": "x"}, "budget_lines"),
    ],
)
def test_hostile_and_wrong_input_is_refused_next_to_the_field(w, client, kind, data, field):
    client.force_login(w["a"]["approver"])
    url = reverse("casework:grant_request_new") + f"?tilskudd={w['a']['grant'].pk}&type={kind}"
    response = client.post(url, data)
    assert response.status_code == 400
    assert field in response.context["form"].errors, response.context["form"].errors
    assert not GrantRequest.objects.exists()
    page = response.content.decode()
    assert "<script>" not in page.split("<main", 1)[-1]


def test_deadline_extension_input(w):
    side = _side("1103", 9150, status="letter_sent")
    grant = side["grant"]
    for new in (grant.acceptance_deadline, grant.acceptance_deadline + dt.timedelta(days=181), None):
        with pytest.raises(ValidationError):
            services.grant_request_create(
                actor=side["caseworker"], grant=grant, kind=K.ACCEPTANCE_DEADLINE, reason="x", new_deadline=new
            )
    with pytest.raises(ValidationError):  # an accepted grant awaits no acceptance
        services.grant_request_create(
            actor=w["a"]["caseworker"],
            grant=w["a"]["grant"],
            kind=K.ACCEPTANCE_DEADLINE,
            reason="x",
            new_deadline=dt.date(2030, 1, 1),
        )
    assert not GrantRequest.objects.exists()
    assert Grant.objects.get(pk=grant.pk).acceptance_deadline == grant.acceptance_deadline


def test_one_pending_request_per_kind(w):
    _ask_period(w)
    with pytest.raises(ValidationError):
        _ask_period(w, end=dt.date(2025, 6, 30))
    assert GrantRequest.objects.count() == 1


def test_letter_is_in_the_organisations_written_standard(w):
    org = w["a"]["org"]
    org.written_standard = "nn"
    org.save(update_fields=["written_standard"])
    request = _ask_period(w)
    services.grant_request_decide(actor=w["officer"], request=request, approve=True, comment="")
    documents_rendered()
    request.refresh_from_db()
    assert request.letter_pdf.name.endswith(".pdf")
    from django.utils import translation

    with translation.override("nn"):
        from django.template.loader import render_to_string

        html = render_to_string(
            "casework/grant_request_letter.pdf.html",
            {"request": request, "grant": request.grant, "organisation": org, "rows": [], "decision_text": ""},
        )
    assert 'lang="nn"' in html and "Svar på ynske om endring" in html and "Svar på ønske" not in html


def test_the_decision_only_enqueues_its_letter_and_the_notice_follows_it(w, client, django_capture_on_commit_callbacks):
    """The letter's PDF is made by the documents worker (core.documents): until it is stored
    the portal has no letter to offer and no notice has gone out; then one notice, with it."""
    request = _ask_period(w)
    with django_capture_on_commit_callbacks(execute=False) as queued:
        services.grant_request_decide(actor=w["officer"], request=request, approve=False, comment="For lang periode.")
    request.refresh_from_db()
    assert request.status == GrantRequest.Status.REFUSED and not request.letter_pdf
    decided = Notification.objects.filter(kind=Notification.Kind.CHANGE_REQUEST_DECIDED)
    assert not decided.exists()
    client.force_login(w["a"]["approver"])
    letter_url = reverse("casework:grant_request_letter", args=[request.pk])
    assert client.get(letter_url).status_code == 404
    with django_capture_on_commit_callbacks(execute=True):
        for callback in queued:
            callback()
    request.refresh_from_db()
    assert len(request.letter_sha256) == 64
    assert decided.exists() and all(n.attachments[0]["mimetype"] == "application/pdf" for n in decided)
    assert b"".join(client.get(letter_url).streaming_content)[:5] == b"%PDF-"
