"""From the ranking to decisions: the ranking lists the call's own areas and its applications
with mean and spread of the scores; the officer proposes many amounts at once within the
frames; the budget holder returns with a comment; the officer revises and sends again;
later years are rows; the ranking exports to XLSX; the lists use a fixed number of queries."""

import io
from decimal import Decimal

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from applications.forms.assessment import RankingForm
from applications.models import Decision, Grant
from applications.selectors.assessment import ranking
from applications.services import assessment as services
from applications.services import decision_bulk
from core.models import CaseEvent
from organisations.models import Organisation
from tests.assessment.helpers import county_application, submitted
from tests.factories import budget_holder, development_call, municipality, officer

pytestmark = pytest.mark.django_db

RANKING = "/admin/applications/assessment/rangering/"
DECISIONS = "/admin/applications/decision/"


def rank_url(app):
    return f"{RANKING}?call={app.call_id}&area={app.area_id}"


def test_the_area_list_holds_the_chosen_calls_areas_only():
    call_2024, call_2023 = development_call(2024), development_call(2023)
    form = RankingForm({"call": call_2024.pk})
    assert {a.call_id for a in form.fields["area"].queryset} == {call_2024.pk}
    assert form.fields["area"].queryset.count() == call_2024.areas.count() == 8
    wrong = RankingForm({"call": call_2024.pk, "area": call_2023.areas.first().pk})
    assert not wrong.is_valid() and "area" in wrong.errors
    for hostile in ("<script>", "9" * 30, "-1"):
        assert not RankingForm({"call": hostile, "area": hostile}).is_valid()


def test_mean_and_spread_of_several_assessors():
    app = submitted()
    for points in (6, 3):
        services.assessment_save(
            application=app, officer=officer(), score_purpose=points, score_delivery=points, score_transfer=points
        )
    row = ranking(call=app.call, area=app.area)["rows"][0]
    assert row["mean"] == Decimal("13.5") and row["spread"] == 9 and row["assessors"] == 2


def test_officer_proposes_many_amounts_at_once(client):
    apps = [submitted(municipality(n), amount="500000") for n in ("4601", "4602", "4611")]
    o = officer()
    client.force_login(o)
    page = client.get(rank_url(apps[0])).content.decode()
    assert all(f'name="amount_{a.pk}"' in page for a in apps)
    response = client.post(rank_url(apps[0]), {f"amount_{apps[0].pk}": "300 000", f"amount_{apps[1].pk}": "200000"})
    assert response.status_code == 302
    decisions = Decision.objects.order_by("application_id")
    assert [(d.application, d.amount, d.status) for d in decisions] == [
        (apps[0], Decimal("300000.00"), Decision.Status.PROPOSED),
        (apps[1], Decimal("200000.00"), Decision.Status.PROPOSED),
    ]
    assert all(d.proposed_by == o for d in decisions)
    assert f'name="amount_{apps[0].pk}"' not in client.get(rank_url(apps[0])).content.decode()


@pytest.mark.parametrize("bad", ["-5", "abc", "9" * 40, "<b>1</b>", "600000", "0"])
def test_a_bad_amount_is_shown_on_its_row_and_nothing_is_proposed(client, bad):
    a, b = submitted(amount="500000"), submitted(municipality("4602"), amount="500000")
    client.force_login(officer())
    response = client.post(rank_url(a), {f"amount_{a.pk}": "100000", f"amount_{b.pk}": bad})
    assert response.status_code == 200
    assert f"amount_{b.pk}" in response.context["propose_form"].errors
    assert not Decision.objects.exists()


def test_a_batch_over_the_area_frame_is_refused_whole():
    o = officer()
    apps = [submitted(municipality(n), area_number=8, amount="6000000") for n in ("4601", "4602")]
    with pytest.raises(ValidationError) as exc:
        decision_bulk.decisions_propose_bulk(call=apps[0].call, amounts={a.pk: "6000000" for a in apps}, actor=o)
    assert "satsingsområde 8" in " ".join(exc.value.messages)
    assert not Decision.objects.exists()


def test_pending_proposals_count_against_the_frame():
    o = officer()
    first, second = (submitted(municipality(n), area_number=8, amount="6000000") for n in ("4601", "4602"))
    decision_bulk.decisions_propose_bulk(call=first.call, amounts={first.pk: "6000000"}, actor=o)
    with pytest.raises(ValidationError):
        decision_bulk.decisions_propose_bulk(call=first.call, amounts={second.pk: "6000000"}, actor=o)
    assert Decision.objects.count() == 1


def test_the_area_1_cap_per_county_is_data_and_holds():
    call = development_call(2024)
    assert call.areas.get(number=1).per_applicant_cap == Decimal("1500000.00")
    o = officer()
    a, b = county_application("46", amount="1000000"), county_application("46", amount="1000000")
    with pytest.raises(ValidationError) as exc:
        decision_bulk.decisions_propose_bulk(call=call, amounts={a.pk: "1000000", b.pk: "1000000"}, actor=o)
    assert "1\xa0500\xa0000\xa0kr" in " ".join(exc.value.messages)
    decision_bulk.decisions_propose_bulk(call=call, amounts={a.pk: "1000000", b.pk: "500000"}, actor=o)
    assert Decision.objects.count() == 2


def test_an_application_from_another_call_is_refused():
    app = submitted()
    with pytest.raises(ValidationError):
        decision_bulk.decisions_propose_bulk(call=development_call(2023), amounts={app.pk: "1000"}, actor=officer())
    assert not Decision.objects.exists()


def test_returning_needs_a_comment_the_officer_sees_it_revises_and_sends_again(client):
    app, o, holder = submitted(amount="500000"), officer(), budget_holder()
    decision = services.decision_propose(application=app, actor=o, outcome="award", amount="400000")
    client.force_login(holder)
    action = {"action": "return_selected", ACTION_CHECKBOX_NAME: [decision.pk]}
    asks = client.post(DECISIONS, action)
    assert asks.status_code == 200 and "Kommentar til rådgiveren" in asks.content.decode()
    empty = client.post(DECISIONS, {**action, "confirm": "yes", "comment": "   "})
    assert empty.status_code == 200
    decision.refresh_from_db()
    assert decision.is_proposed
    client.post(DECISIONS, {**action, "confirm": "yes", "comment": "Beløpet er for høyt for området."})
    decision.refresh_from_db()
    assert decision.status == Decision.Status.RETURNED
    assert decision.return_comment == "Beløpet er for høyt for området."

    client.force_login(o)
    change = client.get(f"{DECISIONS}{decision.pk}/change/").content.decode()
    assert "Beløpet er for høyt for området." in change and "Endre og send på nytt" in change
    resubmit = reverse("admin:applications_decision_resubmit", args=[decision.pk])
    bad = client.post(resubmit, {"outcome": "award", "amount": "-1"})
    assert bad.status_code == 200 and "amount" in bad.context["form"].errors
    done = client.post(resubmit, {"outcome": "award", "amount": "300000", "allowance": ""})
    assert done.status_code == 302
    decision.refresh_from_db()
    assert (decision.status, decision.amount, decision.version) == (Decision.Status.PROPOSED, 300000, 2)
    assert decision.changed_by == o
    assert CaseEvent.objects.filter(action="decision_resubmitted").count() == 1
    services.decision_approve(decision=decision, actor=holder, expected_version=2)
    assert Grant.objects.get().amount == Decimal("300000.00")


def test_the_service_refuses_a_return_without_comment():
    decision = services.decision_propose(application=submitted(), actor=officer(), outcome="award", amount="1000")
    with pytest.raises(ValidationError) as exc:
        services.decision_return(decision=decision, actor=budget_holder(), comment=" ")
    assert "comment" in exc.value.message_dict


def test_later_years_are_rows_of_year_and_amount(client):
    app = submitted(amount="500000", years=["400000", "300000"])
    client.force_login(officer())
    form = {"application": app.pk, "outcome": "award", "amount": "500000"}
    rows = {"later_year_1": "2025", "later_amount_1": "350 000", "later_year_2": "2026", "later_amount_2": "300000"}
    too_much = client.post(reverse("admin:applications_decision_add"), {**form, **rows, "later_amount_1": "450000"})
    assert too_much.status_code == 200 and not Decision.objects.exists()
    half = client.post(reverse("admin:applications_decision_add"), {**form, "later_year_1": "2025"})
    assert half.status_code == 200 and not Decision.objects.exists()
    done = client.post(reverse("admin:applications_decision_add"), {**form, **rows})
    assert done.status_code == 302
    assert Decision.objects.get().later_years == [
        {"year": 2025, "amount": "350000.00"},
        {"year": 2026, "amount": "300000.00"},
    ]


def test_the_ranking_exports_to_xlsx(client):
    from openpyxl import load_workbook

    apps = [submitted(municipality(n), amount="500000") for n in ("4601", "4602")]
    services.assessment_save(
        application=apps[1], officer=officer(), score_purpose=6, score_delivery=6, score_transfer=6
    )
    client.force_login(officer())
    response = client.get(reverse("admin:applications_assessment_ranking_xlsx") + rank_url(apps[0])[len(RANKING) :])
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    rows = list(sheet.values)
    assert rows[0][:3] == ("Rang", "Saksnummer", "Søker")
    assert [r[1] for r in rows[1:]] == [apps[1].case_number, apps[0].case_number]
    assert rows[1][5] == 18


def _rank(client, app):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(rank_url(app)).status_code == 200
    return len(queries.captured_queries)


def test_the_ranking_uses_a_fixed_number_of_queries(client):
    o = officer()
    first = submitted(amount="500000")
    client.force_login(o)
    _rank(client, first)
    few = _rank(client, first)
    others = Organisation.objects.filter(kind=Organisation.Kind.MUNICIPALITY).exclude(number="4601")[:12]
    for org in others:
        app = submitted(org, amount="400000")
        services.assessment_save(application=app, officer=o, score_purpose=4, score_delivery=4, score_transfer=4)
        app.partners.add(municipality("4601"))
    services.decision_propose(application=app, actor=o, outcome="award", amount="1000")
    assert _rank(client, first) == few
