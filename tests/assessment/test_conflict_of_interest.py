"""Conflict of interest (habilitet): a declaration per employee and applicant organisation
blocks scoring, proposing, revising, approving and returning — in the services, on the admin
pages, in the bulk actions and in the ranking — and the reason is shown."""

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from applications.models import Assessment, ConflictOfInterest, Decision, Grant
from applications.rules import conflict_refusal
from applications.services import assessment as services
from applications.services import decision_bulk
from core.models import CaseEvent
from tests.assessment.helpers import submitted
from tests.factories import budget_holder, finance, member, municipality, officer

pytestmark = pytest.mark.django_db

REASON = "Søsteren min er prosjektleder."
DECISIONS = "/admin/applications/decision/"


def declare(user, org, reason=REASON):
    return decision_bulk.conflict_declare(user=user, organisation=org, reason=reason)


def scores():
    return {"score_purpose": 4, "score_delivery": 4, "score_transfer": 4}


def test_a_declaration_needs_a_reason_and_stands_once():
    o, org = officer(), municipality()
    for reason in ("", "   ", None):
        with pytest.raises(ValidationError) as exc:
            declare(o, org, reason)
        assert "reason" in exc.value.message_dict
    declare(o, org)
    with pytest.raises(ValidationError):
        declare(o, org, "Igjen")
    assert ConflictOfInterest.objects.count() == 1
    assert CaseEvent.objects.filter(action="conflict_declared").count() == 1


def test_a_municipal_user_cannot_declare():
    org = municipality()
    with pytest.raises(PermissionDenied):
        declare(member(org), org)
    assert not ConflictOfInterest.objects.exists()


def test_scoring_is_refused_with_the_reason():
    app, o = submitted(), officer()
    declare(o, app.organisation)
    with pytest.raises(ValidationError) as exc:
        services.assessment_save(application=app, officer=o, **scores())
    assert REASON in " ".join(exc.value.messages)
    assert not Assessment.objects.exists()
    # A colleague without a conflict scores as before.
    services.assessment_save(application=app, officer=officer(), **scores())


def test_a_conflict_with_a_partner_municipality_also_blocks():
    partner = municipality("4602")
    app = submitted()
    app.partners.add(partner)
    o = officer()
    declare(o, partner)
    assert REASON in conflict_refusal(o, app)
    with pytest.raises(ValidationError):
        services.decision_propose(application=app, actor=o, outcome="award", amount="1000")


def test_proposing_revising_and_resubmitting_are_refused():
    app, o, colleague, holder = submitted(amount="500000"), officer(), officer(), budget_holder()
    declare(o, app.organisation)
    with pytest.raises(ValidationError):
        services.decision_propose(application=app, actor=o, outcome="award", amount="1000")
    decision = services.decision_propose(application=app, actor=colleague, outcome="award", amount="1000")
    with pytest.raises(ValidationError):
        services.decision_amount_change(decision=decision, actor=o, amount="2000")
    services.decision_return(decision=decision, actor=holder, comment="Se på beløpet.")
    with pytest.raises(ValidationError):
        decision_bulk.decision_resubmit(decision=decision, actor=o, outcome="award", amount="3000")
    decision.refresh_from_db()
    assert decision.status == Decision.Status.RETURNED and decision.amount == 1000


def test_approving_and_returning_are_refused_for_a_disqualified_budget_holder():
    app, holder = submitted(), budget_holder()
    decision = services.decision_propose(application=app, actor=officer(), outcome="award", amount="1000")
    declare(holder, app.organisation)
    with pytest.raises(ValidationError) as exc:
        services.decision_approve(decision=decision, actor=holder)
    assert REASON in " ".join(exc.value.messages)
    with pytest.raises(ValidationError):
        services.decision_return(decision=decision, actor=holder, comment="Nei")
    decision.refresh_from_db()
    assert decision.is_proposed and not Grant.objects.exists()
    assert not holder.has_perm("applications.approve_decision", decision)
    assert holder.has_perm("applications.approve_decision")  # other cases are still theirs


def test_bulk_approval_refuses_the_conflicted_case_and_approves_the_others():
    o, holder = officer(), budget_holder()
    mine, other = submitted(), submitted(municipality("4602"))
    declare(holder, mine.organisation)
    decisions = [
        services.decision_propose(application=a, actor=o, outcome="award", amount="1000") for a in (mine, other)
    ]
    result = services.decisions_approve_bulk(decisions=decisions, actor=holder)
    assert [d.application for d in result["approved"]] == [other]
    refused, messages = result["refused"][0]
    assert refused.application == mine and REASON in " ".join(messages)


def test_bulk_proposal_refuses_the_conflicted_case_and_proposes_nothing():
    o = officer()
    mine, other = submitted(), submitted(municipality("4602"))
    declare(o, mine.organisation)
    with pytest.raises(ValidationError) as exc:
        decision_bulk.decisions_propose_bulk(call=mine.call, amounts={mine.pk: "1000", other.pk: "1000"}, actor=o)
    assert REASON in " ".join(exc.value.message_dict[str(mine.pk)])
    assert not Decision.objects.exists()


def test_bulk_return_refuses_the_conflicted_case_and_returns_the_others():
    o, holder = officer(), budget_holder()
    mine, other = submitted(), submitted(municipality("4602"))
    declare(holder, mine.organisation)
    decisions = [
        services.decision_propose(application=a, actor=o, outcome="award", amount="1000") for a in (mine, other)
    ]
    result = decision_bulk.decisions_return_bulk(decisions=decisions, actor=holder, comment="Se over.")
    assert [d.application for d in result["returned"]] == [other]
    assert result["refused"][0][0].application == mine


# --- the admin paths -------------------------------------------------------------------------


def test_the_declaration_page_records_the_users_own_declaration(client):
    o, org = officer(), municipality()
    client.force_login(o)
    url = reverse("admin:applications_conflictofinterest_add")
    assert "Erklær inhabilitet" in client.get(url).content.decode()
    empty = client.post(url, {"organisation": org.pk, "reason": "  ", "confirm": "on"})
    assert empty.status_code == 200 and not ConflictOfInterest.objects.exists()
    hostile = client.post(url, {"organisation": "999999", "reason": "<script>x</script>", "confirm": "on"})
    assert hostile.status_code == 200 and not ConflictOfInterest.objects.exists()
    unconfirmed = client.post(url, {"organisation": org.pk, "reason": REASON})
    assert unconfirmed.status_code == 200 and not ConflictOfInterest.objects.exists()
    assert "Kryss av for at du bekrefter erklæringen." in unconfirmed.content.decode()
    done = client.post(url, {"organisation": org.pk, "reason": REASON, "confirm": "on"})
    assert done.status_code == 302
    conflict = ConflictOfInterest.objects.get()
    assert (conflict.user, conflict.organisation, conflict.reason) == (o, org, REASON)
    again = client.post(url, {"organisation": org.pk, "reason": "To ganger", "confirm": "on"})
    assert again.status_code == 200 and ConflictOfInterest.objects.count() == 1


def test_finance_declares_too_but_nobody_changes_or_deletes_a_declaration(client):
    user = finance()
    conflict = declare(officer(), municipality())
    client.force_login(user)
    change = reverse("admin:applications_conflictofinterest_change", args=[conflict.pk])
    page = client.get(change)
    assert page.status_code == 200 and REASON in page.content.decode()
    client.post(change, {"organisation": municipality("4602").pk, "reason": "Endret"})
    conflict.refresh_from_db()
    assert conflict.reason == REASON
    assert client.post(reverse("admin:applications_conflictofinterest_delete", args=[conflict.pk])).status_code == 403


def test_the_scoring_page_shows_the_reason_instead_of_the_form_and_refuses_a_post(client):
    app, o = submitted(), officer()
    declare(o, app.organisation)
    client.force_login(o)
    url = reverse("admin:applications_assessment_score", args=[app.pk])
    page = client.get(url).content.decode()
    assert REASON in page and "Lagre vurderingen" not in page
    response = client.post(url, {k: str(v) for k, v in scores().items()})
    assert REASON in response.content.decode()
    assert not Assessment.objects.exists()


def test_the_admin_assessment_form_refuses(client):
    app, o = submitted(), officer()
    declare(o, app.organisation)
    client.force_login(o)
    response = client.post(
        reverse("admin:applications_assessment_add"),
        {"application": app.pk, **{k: str(v) for k, v in scores().items()}, "comment": ""},
    )
    assert response.status_code == 200 and REASON in response.content.decode()
    assert not Assessment.objects.exists()


def test_the_admin_decision_form_refuses(client):
    app, o = submitted(amount="500000"), officer()
    declare(o, app.organisation)
    client.force_login(o)
    response = client.post(
        reverse("admin:applications_decision_add"), {"application": app.pk, "outcome": "award", "amount": "1000"}
    )
    assert response.status_code == 200 and REASON in response.content.decode()
    assert not Decision.objects.exists()


def test_the_admin_approve_page_and_bulk_action_refuse(client):
    app, holder = submitted(), budget_holder()
    decision = services.decision_propose(application=app, actor=officer(), outcome="award", amount="1000")
    declare(holder, app.organisation)
    client.force_login(holder)
    confirm = client.get(reverse("admin:applications_decision_approve", args=[decision.pk]))
    assert REASON in confirm.content.decode()
    client.post(
        reverse("admin:applications_decision_approve", args=[decision.pk]),
        {"confirm": "yes", f"version_{decision.pk}": decision.version},
    )
    bulk = client.post(
        DECISIONS,
        {
            "action": "approve_selected",
            ACTION_CHECKBOX_NAME: [decision.pk],
            "confirm": "yes",
            f"version_{decision.pk}": decision.version,
        },
        follow=True,
    )
    assert REASON in bulk.content.decode()
    returned = client.post(
        DECISIONS,
        {"action": "return_selected", ACTION_CHECKBOX_NAME: [decision.pk], "confirm": "yes", "comment": "Se over"},
        follow=True,
    )
    assert REASON in returned.content.decode()
    decision.refresh_from_db()
    assert decision.is_proposed and not Grant.objects.exists()


def test_the_ranking_offers_no_amount_field_and_refuses_a_posted_one(client):
    app, o = submitted(), officer()
    declare(o, app.organisation)
    client.force_login(o)
    url = reverse("admin:applications_assessment_ranking") + f"?call={app.call_id}&area={app.area_id}"
    page = client.get(url).content.decode()
    assert f'name="amount_{app.pk}"' not in page and "Du er inhabil" in page
    client.post(url, {f"amount_{app.pk}": "1000"})
    assert not Decision.objects.exists()


def test_the_queue_marks_the_conflicted_case(client):
    app, o = submitted(), officer()
    declare(o, app.organisation)
    client.force_login(o)
    page = client.get(reverse("admin:applications_application_queue"), {"call": app.call_id}).content.decode()
    assert "inhabil" in page
    assert reverse("admin:applications_assessment_score", args=[app.pk]) not in page
