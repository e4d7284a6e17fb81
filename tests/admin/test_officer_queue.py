"""The officers' work queue (issue 13 item 1): per call, assignment to one or more officers
through a service with a case event, filters, search, sort, bulk assignment, "mine" as the
officer's landing page, and a query count that does not grow with the number of applications."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from applications.models import ApplicationAssignment
from applications.services.assessment import assessment_save
from applications.services.assignment import application_assign, application_unassign
from core.models import CaseEvent
from tests.assessment.helpers import submitted
from tests.factories import budget_holder, make_application, municipality, officer

pytestmark = pytest.mark.django_db

QUEUE = reverse("admin:applications_application_queue")


def _rows(response):
    return [app.case_number for app in response.context["page"].object_list]


def test_assign_creates_one_assignment_per_officer_with_a_case_event():
    app = submitted()
    lead, first, second = officer(), officer(first_name="Ola"), officer(first_name="Kari")
    assert application_assign(applications=[app], officers=[first, second], actor=lead) == 2
    assert set(app.assignments.values_list("officer_id", flat=True)) == {first.pk, second.pk}
    events = CaseEvent.objects.filter(action="application_assigned", case_number=app.case_number)
    assert events.count() == 2 and {e.actor_id for e in events} == {lead.pk}
    # Assigning again adds nothing and logs nothing.
    assert application_assign(applications=[app], officers=[first], actor=lead) == 0
    assert events.count() == 2


def test_unassign_removes_and_logs():
    app = submitted()
    lead, first = officer(), officer()
    application_assign(applications=[app], officers=[first], actor=lead)
    assert application_unassign(application=app, officer=first, actor=lead) is True
    assert not app.assignments.exists()
    assert CaseEvent.objects.filter(action="application_unassigned", case_number=app.case_number).count() == 1


def test_only_officers_assign_and_are_assigned():
    app = submitted()
    with pytest.raises(PermissionDenied):
        application_assign(applications=[app], officers=[officer()], actor=budget_holder())
    with pytest.raises(ValidationError) as refused:
        application_assign(applications=[app], officers=[budget_holder()], actor=officer())
    assert "officers" in refused.value.message_dict
    assert not ApplicationAssignment.objects.exists()


def test_a_decided_application_is_refused_and_nothing_is_half_saved():
    open_app = submitted()
    decided = make_application(status="rejected")
    with pytest.raises(ValidationError) as refused:
        application_assign(applications=[open_app, decided], officers=[officer()], actor=officer())
    assert "applications" in refused.value.message_dict
    assert not ApplicationAssignment.objects.exists()
    assert not CaseEvent.objects.filter(action="application_assigned").exists()


def test_queue_shows_assignment_amounts_and_my_assessment(client):
    me, other = officer(first_name="Mona", last_name="Meg"), officer(first_name="Per", last_name="Annen")
    mine_done = submitted(amount="400000.00", years=["300000.00"])
    mine_todo = submitted()
    others = submitted()
    unassigned = submitted()
    application_assign(applications=[mine_done, mine_todo], officers=[me], actor=me)
    application_assign(applications=[others, mine_done], officers=[other], actor=me)
    assessment_save(application=mine_done, officer=me, score_purpose=5, score_delivery=4, score_transfer=3)
    client.force_login(me)

    response = client.get(QUEUE)
    assert response.status_code == 200
    rows = {app.case_number: app for app in response.context["page"].object_list}
    assert set(rows) == {a.case_number for a in (mine_done, mine_todo, others, unassigned)}
    done = rows[mine_done.case_number]
    assert done.my_assessment_done and done.assigned_to_me
    assert str(done.amount_applied_first) == "400000.00" and str(done.amount_applied_total) == "700000.00"
    assert [a.officer_id for a in done.assignments.all()] == [me.pk, other.pk]
    assert not rows[mine_todo.case_number].my_assessment_done
    html = response.content.decode()
    assert "Mona Meg, Per Annen" in html and "ikke fordelt" in html and "ikke gjort" in html

    assert set(_rows(client.get(QUEUE, {"who": "mine"}))) == {mine_done.case_number, mine_todo.case_number}
    assert _rows(client.get(QUEUE, {"who": "ufordelt"})) == [unassigned.case_number]
    assert _rows(client.get(QUEUE, {"officer": other.pk})) == sorted([others.case_number, mine_done.case_number])
    assert _rows(client.get(QUEUE, {"q": others.case_number})) == [others.case_number]
    by_amount = _rows(client.get(QUEUE, {"o": "-belop"}))
    assert by_amount[0] == mine_done.case_number


def test_queue_filters_by_area_of_the_call_and_status(client):
    area_two = submitted(area_number=2)
    area_three = submitted(area_number=3)
    client.force_login(officer())
    response = client.get(QUEUE, {"area": area_three.area_id})
    assert _rows(response) == [area_three.case_number]
    assert _rows(client.get(QUEUE, {"status": "in_assessment"})) == []
    assert set(_rows(client.get(QUEUE, {"status": "submitted"}))) == {area_two.case_number, area_three.case_number}
    # Only this call's areas are offered.
    offered = response.context["form"].fields["area"].queryset
    assert set(offered.values_list("call_id", flat=True)) == {area_two.call_id}


def test_bulk_assign_from_the_queue(client):
    me, colleague = officer(), officer()
    first, second, third = submitted(), submitted(), submitted()
    client.force_login(me)
    response = client.post(QUEUE, {"applications": [first.pk, second.pk], "officers": [me.pk, colleague.pk]})
    assert response.status_code == 302
    assert ApplicationAssignment.objects.filter(application__in=[first, second]).count() == 4
    assert not third.assignments.exists()
    # Nothing ticked: the refusal is shown next to the list, nothing saved.
    response = client.post(QUEUE, {"officers": [me.pk]})
    assert response.status_code == 200
    assert "Kryss av for minst én søknad." in response.content.decode()
    assert ApplicationAssignment.objects.count() == 4


def test_budget_holder_reads_the_queue_but_cannot_assign(client):
    app = submitted()
    client.force_login(budget_holder())
    response = client.get(QUEUE)
    assert response.status_code == 200 and not response.context["may_assign"]
    assert 'name="applications"' not in response.content.decode()
    response = client.post(QUEUE, {"applications": [app.pk], "officers": [officer().pk]})
    assert response.status_code == 403
    assert not ApplicationAssignment.objects.exists()


def test_municipal_user_never_reaches_the_queue(client):
    from tests.factories import member

    client.force_login(member(municipality()))
    assert client.get(QUEUE).status_code == 302


def test_officer_lands_on_mine(client):
    me = officer()
    client.force_login(me)
    response = client.get(reverse("start"))
    assert response.status_code == 302 and response["Location"] == QUEUE + "?who=mine"
    index = client.get(reverse("admin:index")).content.decode()
    assert QUEUE + "?who=mine" in index


def test_queue_query_count_does_not_grow(client):
    me, other = officer(), officer()
    apps = [submitted() for _ in range(2)]
    application_assign(applications=apps, officers=[me, other], actor=me)
    assessment_save(application=apps[0], officer=me, score_purpose=5, score_delivery=4, score_transfer=3)
    client.force_login(me)
    client.get(QUEUE)
    with CaptureQueriesContext(connection) as few:
        assert client.get(QUEUE).status_code == 200
    more = [submitted() for _ in range(8)]
    application_assign(applications=more, officers=[me, other, officer()], actor=me)
    for app in more[:4]:
        assessment_save(application=app, officer=me, score_purpose=3, score_delivery=3, score_transfer=3)
    with CaptureQueriesContext(connection) as many:
        response = client.get(QUEUE)
    assert len(response.context["page"].object_list) == 10
    assert len(many.captured_queries) == len(few.captured_queries)
