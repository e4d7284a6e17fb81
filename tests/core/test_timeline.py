"""One case, one timeline (issue 11 item 5): every case event carries the case number of the
case it belongs to, so an application, its decision, grant, letters, payments and reports read
as one history; the municipality sees the same timeline filtered by one rule."""

import importlib

import pytest
import time_machine
from django.apps import apps
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from applications.services import application as application_services
from applications.services import assessment as assessment_services
from applications.services.grant import grant_letter_send
from core.models import CaseEvent
from core.selectors import case_timeline
from core.services import case_event_record, case_number_of
from payments.models import Payment, PayoutBatch
from reporting.models import ReportObligation
from tests.applications.helpers import approver_of, awaiting_approval
from tests.factories import budget_holder, member, municipality, officer, with_details
from tests.grants.helpers import signer
from tests.reporting.helpers import accepted_grant

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def open_call(settings, tmp_path):
    """The 2024 development call is open; files land in a throwaway MEDIA_ROOT."""
    settings.MEDIA_ROOT = tmp_path / "media"
    with time_machine.travel("2024-02-01 10:00:00+01:00", tick=True):
        yield


def _awarded_case():
    """An application taken through the services from draft to a sent grant letter, with the
    IMDi-internal steps on the way (a proposal returned with a comment, then approved)."""
    org = with_details(municipality(), seed=11)
    caseworker = member(org, email="saksbehandler@example.no")
    application = awaiting_approval(org, created_by=caseworker)
    application = application_services.application_submit(application=application, user=approver_of(org))
    rådgiver = officer(first_name="Intern", last_name="Rådgiversen")
    holder = budget_holder()
    decision = assessment_services.decision_propose(
        application=application, actor=rådgiver, outcome="award", amount="400000.00"
    )
    assessment_services.decision_return(decision=decision, actor=holder, comment="Intern merknad om rammen")
    decision = assessment_services.decision_propose(
        application=application, actor=rådgiver, outcome="award", amount="400000.00"
    )
    assessment_services.decision_approve(decision=decision, actor=holder)
    grant = application.grants.get()
    grant_letter_send(grant=grant, actor=signer())
    return application, grant, caseworker


def test_drafting_events_get_the_case_number_at_submission():
    application = awaiting_approval()
    drafted = CaseEvent.objects.filter(object_id=application.pk, action="sent_for_approval").get()
    assert drafted.case_number == ""  # no case yet
    application = application_services.application_submit(
        application=application, user=approver_of(application.organisation)
    )
    drafted.refresh_from_db()
    assert drafted.case_number == application.case_number
    submitted = CaseEvent.objects.get(object_id=application.pk, action="submitted")
    assert submitted.case_number == application.case_number


def test_the_officer_sees_one_chronological_timeline_from_application_to_letter():
    application, grant, _caseworker = _awarded_case()
    assert grant.case_number == application.case_number
    events = case_timeline(case_number=application.case_number, user=officer())
    actions = [e.action for e in events]
    assert actions[:3] == ["created", "sent_for_approval", "submitted"]
    for action in ("decision_proposed", "decision_returned", "decision_approved", "grant_letter_sent"):
        assert action in actions
    assert actions.index("decision_approved") < actions.index("grant_letter_sent")
    assert [(e.created_at, e.pk) for e in events] == sorted((e.created_at, e.pk) for e in events)
    subjects = {e.content_type.model for e in events}
    assert {"application", "grant"} <= subjects  # one case across the objects that changed


def test_the_municipality_sees_its_steps_and_imdis_external_acts_only():
    application, _grant, caseworker = _awarded_case()
    events = case_timeline(case_number=application.case_number, user=caseworker)
    actions = [e.action for e in events]
    assert actions == ["created", "sent_for_approval", "submitted", "grant_letter_sent"]
    letter = events[-1]
    assert letter.shown_actor == "IMDi"  # not the signer's or the officer's name
    assert not any("Intern merknad" in e.message for e in events)


def test_a_stranger_sees_nothing_of_the_case():
    application, _grant, _caseworker = _awarded_case()
    stranger = member(municipality("4627"))
    assert case_timeline(case_number=application.case_number, user=stranger) == []


def test_payments_reports_and_reactions_inherit_the_grants_case_number():
    grant = accepted_grant()
    obligation = ReportObligation.objects.filter(grant=grant).first()
    payment = Payment(grant=grant)
    assert case_number_of(grant) == grant.case_number
    assert case_number_of(obligation) == grant.case_number
    assert case_number_of(payment) == grant.case_number
    event = case_event_record(subject=obligation, action="report_deadline_moved")
    assert event.case_number == grant.case_number


def test_events_outside_a_case_have_no_case_number():
    batch = PayoutBatch(pk=123)
    assert case_number_of(batch) == ""
    assert case_number_of(municipality()) == ""


def test_the_timeline_takes_the_same_queries_however_long_it_is():
    application, grant, caseworker = _awarded_case()
    imdi = officer()

    def count(user):
        with CaptureQueriesContext(connection) as queries:
            case_timeline(case_number=application.case_number, user=user)
        return len(queries)

    (count(imdi), count(caseworker))  # warm the user's group and permission caches
    few = (count(imdi), count(caseworker))
    for n in range(30):
        case_event_record(subject=grant, action="payment_paid", message=f"Termin {n}")
        case_event_record(subject=application, action="assessment_scored", actor=imdi)
    assert (count(imdi), count(caseworker)) == few
    assert few[0] <= 4 and few[1] <= 4


def test_portal_pages_show_the_filtered_timeline(client):
    application, grant, caseworker = _awarded_case()
    client.force_login(caseworker)
    for url in (
        reverse("applications:detail", args=[application.pk]),
        reverse("grants:detail", args=[grant.pk]),
    ):
        page = client.get(url).content.decode()
        assert "Tilskuddsbrev sendt" in page
        assert "Godkjent og sendt inn" in page
        assert "Forslag til vedtak returnert" not in page
        assert "Intern merknad om rammen" not in page
        assert "Rådgiversen" not in page


def test_the_officer_has_a_timeline_page_linked_from_the_application_and_grant(client):
    application, grant, caseworker = _awarded_case()
    url = reverse("admin:core_caseevent_timeline", args=[application.case_number])
    client.force_login(officer())
    for change in (
        reverse("admin:applications_application_change", args=[application.pk]),
        reverse("admin:applications_grant_change", args=[grant.pk]),
    ):
        assert url in client.get(change).content.decode()
    page = client.get(url)
    assert page.status_code == 200
    text = page.content.decode()
    assert "Forslag til vedtak returnert til rådgiver" in text  # IMDi sees its internal steps
    assert "Tilskuddsbrev sendt" in text
    client.force_login(caseworker)
    assert client.get(url).status_code == 302  # municipal users are not let into the admin


def test_the_data_migration_backfills_existing_events():
    application, grant, _caseworker = _awarded_case()
    obligation_grant = accepted_grant(municipality("0301"))
    obligation = ReportObligation.objects.filter(grant=obligation_grant).first()
    case_event_record(subject=obligation, action="report_deadline_moved")
    CaseEvent.objects.update(case_number="")  # as the rows were before the field existed
    migration = importlib.import_module("core.migrations.0003_timeline_case_number_backfill")
    migration.backfill(apps, None)
    assert set(
        CaseEvent.objects.filter(object_id=application.pk, content_type__model="application").values_list(
            "case_number", flat=True
        )
    ) == {application.case_number}
    assert (
        CaseEvent.objects.filter(content_type__model="grant", object_id=grant.pk)
        .exclude(case_number=grant.case_number)
        .count()
        == 0
    )
    assert CaseEvent.objects.get(action="report_deadline_moved").case_number == obligation_grant.case_number
