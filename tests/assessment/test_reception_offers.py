"""Reception-centre offers (issue 12 item 8, rundskriv 06/2024 sections 3 and 6): the
municipality sees the offer once sent and answers it with the partnership agreement (document,
the four parties, a validity covering the grant period); a caseworker prepares, an approver
sends; then an officer proposes and another person, a budget holder, approves; only then may
the letter go out."""

import datetime as dt

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from applications.models import Grant, ReceptionOffer, ReceptionOfferAnswer
from applications.services.grant import grant_letter_send
from applications.services.letter_job import letter_send_job_start, letters_ready
from applications.services.reception import reception_agreement_save, reception_grants_compute
from applications.services.reception_offer import (
    reception_grant_approve,
    reception_grant_propose,
    reception_grant_return,
    reception_offer_send,
)
from core.models import CaseEvent, User
from organisations.models import Membership
from organisations.roles import BUDGET_HOLDER
from tests.applications.files import EXE_BYTES, PDF_BYTES, upload
from tests.factories import approver, budget_holder, member, municipality, officer, reception_agreement, reception_call
from tests.factories_jobs import documents_rendered
from tests.factories_recep import offer_through

pytestmark = pytest.mark.django_db

YEAR = 2024


@pytest.fixture
def case():
    org = municipality()
    computer = officer()
    agreement = reception_agreement(org, places=10, valid_from=dt.date(YEAR, 1, 1), actor=computer)
    reception_grants_compute(call=reception_call(), actor=computer)
    documents_rendered()  # the offer letters, made by the documents worker
    offer = ReceptionOffer.objects.get(grant__organisation=org)
    return {"org": org, "officer": computer, "offer": offer, "agreement": agreement}


def _page(offer):
    return reverse("decisions:reception_offer", args=[offer.pk])


def _post(client, offer, *, action="save", document=None, parties=("party_municipality",), **fields):
    data = {"action": action, "parties": list(parties), **fields}
    if document is not None:
        data["document"] = document
    return client.post(_page(offer), data)


ALL = ("party_municipality", "party_reception_centre", "party_career_centre", "party_nav_office")
COVERING = {"valid_from": "2023-12-01", "valid_to": "2025-12-31"}


def test_offer_visible_only_once_sent_and_only_to_its_municipality(client, case):
    offer = case["offer"]
    client.force_login(member(case["org"]))
    assert client.get(_page(offer)).status_code == 404
    assert _page(offer) not in client.get(reverse("decisions:list")).content.decode()
    reception_offer_send(offer=offer, actor=case["officer"])
    assert client.get(_page(offer)).status_code == 200
    assert _page(offer) in client.get(reverse("decisions:list")).content.decode()
    client.force_login(member(municipality("4627")))
    assert client.get(_page(offer)).status_code == 404
    # Sent: the computation is frozen; a change of places no longer rewrites the offer.
    case["agreement"].places = 40
    reception_agreement_save(agreement=case["agreement"], actor=case["officer"])
    summary = reception_grants_compute(call=reception_call(), actor=case["officer"])
    documents_rendered()  # the offer letters, made by the documents worker
    assert len(summary["frozen"]) == 1 and Grant.objects.get(pk=offer.grant_id).amount == 256920


def test_caseworker_prepares_approver_sends_then_four_eyes_then_letter(client, case):
    offer = reception_offer_send(offer=case["offer"], actor=case["officer"])
    caseworker, director = member(case["org"]), approver(case["org"])
    client.force_login(caseworker)
    response = _post(client, offer, document=upload("avtale.pdf", PDF_BYTES), parties=ALL, **COVERING)
    assert response.status_code == 302
    answer = ReceptionOfferAnswer.objects.get(offer=offer)
    assert answer.submitted_at is None and answer.original_name == "avtale.pdf"
    # A caseworker cannot send it to IMDi.
    assert _post(client, offer, action="submit", parties=ALL, confirm="on", **COVERING).status_code == 403
    client.force_login(director)
    # Without the confirmation nothing is sent.
    page = _post(client, offer, action="submit", parties=ALL, **COVERING).content.decode()
    assert "Kryss av for å bekrefte" in page
    assert _post(client, offer, action="submit", parties=ALL, confirm="on", **COVERING).status_code == 302
    offer.refresh_from_db()
    assert offer.status == ReceptionOffer.Status.ANSWERED
    document = client.get(reverse("decisions:reception_agreement_document", args=[offer.pk]))
    assert b"".join(document.streaming_content) == PDF_BYTES
    # Answered, not yet decided: the letter stays back, also in the send-all job.
    holder = budget_holder()
    with pytest.raises(ValidationError, match="kan ikke sendes ennå"):
        grant_letter_send(grant=offer.grant, actor=holder)
    with pytest.raises(ValidationError, match="kan ikke sendes ennå"):  # nor queued from its page
        letter_send_job_start(call=offer.grant.call, actor=holder, grants=[offer.grant])
    assert not letters_ready(offer.grant.call).filter(pk=offer.grant_id).exists()
    # Four eyes: whoever computed or proposed may not approve, even holding both roles.
    both = officer()
    both.groups.add(Group.objects.get(name=BUDGET_HOLDER))
    both = User.objects.get(pk=both.pk)
    offer = reception_grant_propose(offer=offer, actor=both)
    with pytest.raises(ValidationError, match="fire øyne"):
        reception_grant_approve(offer=offer, actor=both)
    case["officer"].groups.add(Group.objects.get(name=BUDGET_HOLDER))
    with pytest.raises(ValidationError, match="fire øyne"):
        reception_grant_approve(offer=offer, actor=User.objects.get(pk=case["officer"].pk))
    with pytest.raises(PermissionDenied):
        reception_grant_approve(offer=offer, actor=officer())
    with pytest.raises(ValidationError, match="endret etter"):
        reception_grant_approve(offer=offer, actor=holder, expected_version=offer.version - 1)
    # Returned, proposed again, approved by the budget holder.
    offer = reception_grant_return(offer=offer, actor=holder, comment="Sjekk plassene.")
    assert offer.status == ReceptionOffer.Status.ANSWERED
    offer = reception_grant_propose(offer=offer, actor=officer())
    offer = reception_grant_approve(offer=offer, actor=holder, expected_version=offer.version)
    assert offer.status == ReceptionOffer.Status.APPROVED and offer.approved_by == holder
    grant_letter_send(grant=offer.grant, actor=holder)
    assert Grant.objects.get(pk=offer.grant_id).status == Grant.Status.LETTER_SENT
    actions = set(CaseEvent.objects.filter(case_number=offer.grant.case_number).values_list("action", flat=True))
    assert {"reception_offer_sent", "reception_offer_answered", "reception_grant_proposed"} <= actions
    assert {"reception_grant_returned", "reception_grant_approved", "grant_letter_sent"} <= actions
    # Answered: the portal shows the answer, and a late POST changes nothing.
    assert "Svaret til IMDi" in client.get(_page(offer)).content.decode()
    _post(client, offer, action="submit", parties=(), confirm="on", valid_from="2024-06-01", valid_to="2024-06-02")
    assert ReceptionOfferAnswer.objects.get(offer=offer).valid_from == dt.date(2023, 12, 1)


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"valid_from": "2024-02-01", "valid_to": "2025-12-31"}, "valid_from", "gjelder først fra 01.02.2024"),
        ({"valid_from": "2023-01-01", "valid_to": "2024-11-30"}, "valid_to", "gjelder bare til 30.11.2024"),
        ({"valid_from": "2024-12-31", "valid_to": "2024-01-01"}, "valid_to", "Sluttdatoen kan ikke være før"),
        ({"valid_from": "", "valid_to": "2025-12-31"}, "valid_from", "Oppgi datoen partnerskapsavtalen gjelder fra"),
        ({"valid_from": "31.31.2024", "valid_to": "2025-12-31"}, "valid_from", "Skriv en gyldig dato"),
        ({"valid_from": "-2024-01-01", "valid_to": "9999999-01-01"}, "valid_from", "Skriv en gyldig dato"),
        ({**COVERING, "parties": ALL[:3]}, "parties", "Kryss av for alle fire partene"),
        ({**COVERING, "parties": ("party_everyone", "<script>")}, "parties", "Velg bare blant partene"),
    ],
)
def test_wrong_validity_or_parties_is_shown_next_to_the_field_and_nothing_is_sent(client, case, fields, field, message):
    offer = reception_offer_send(offer=case["offer"], actor=case["officer"])
    client.force_login(approver(case["org"]))
    fields = {"parties": ALL, **fields}
    response = _post(client, offer, action="submit", confirm="on", document=upload("a.pdf", PDF_BYTES), **fields)
    assert response.status_code == 200
    form = response.context["form"]
    assert any(message in error for error in form.errors[field]), form.errors
    assert message in response.content.decode().replace("&#x27;", "'")
    offer.refresh_from_db()
    assert offer.status == ReceptionOffer.Status.SENT
    assert not ReceptionOfferAnswer.objects.filter(offer=offer).exists()


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("avtale.pdf", EXE_BYTES, "Filtypen er ikke tillatt"),
        ("avtale.html", b"<html><script>alert(1)</script></html>", "Filtypen er ikke tillatt"),
        ("tom.pdf", b"", "tom"),
        ("stor.pdf", PDF_BYTES + b"0" * 2048, "for stor"),
    ],
)
def test_hostile_huge_or_wrong_uploads_are_refused_and_nothing_is_stored(client, case, settings, name, data, message):
    settings.ATTACHMENT_MAX_BYTES = 1024
    offer = reception_offer_send(offer=case["offer"], actor=case["officer"])
    client.force_login(approver(case["org"]))
    response = _post(client, offer, action="submit", confirm="on", document=upload(name, data), parties=ALL, **COVERING)
    assert response.status_code == 200
    assert any(message in error for error in response.context["form"].errors["document"])
    assert not ReceptionOfferAnswer.objects.filter(offer=offer).exists()
    assert ReceptionOffer.objects.get(pk=offer.pk).status == ReceptionOffer.Status.SENT


def test_hostile_file_name_is_cleaned_and_served_as_its_real_type(client, case):
    offer = reception_offer_send(offer=case["offer"], actor=case["officer"])
    client.force_login(member(case["org"], Membership.Role.CASEWORKER))
    name = "../../avtale\u202egpj.exe<script>.html"
    _post(client, offer, document=upload(name, PDF_BYTES), parties=ALL, **COVERING)
    answer = ReceptionOfferAnswer.objects.get(offer=offer)
    assert (
        answer.original_name.endswith(".pdf")
        and "/" not in answer.original_name
        and "\u202e" not in answer.original_name
    )
    response = client.get(reverse("decisions:reception_agreement_document", args=[offer.pk]))
    assert response["Content-Type"] == "application/pdf" and response["X-Content-Type-Options"] == "nosniff"
    client.force_login(member(municipality("4627")))
    assert client.get(reverse("decisions:reception_agreement_document", args=[offer.pk])).status_code == 404


def test_admin_steps_confirm_first_and_follow_the_roles(client, case):
    offer = case["offer"]
    client.force_login(case["officer"])
    url = reverse("admin:applications_receptionoffer_act", args=[offer.pk, "send"])
    assert "Kommunen ser tilbudet" in client.get(url).content.decode()
    assert ReceptionOffer.objects.get(pk=offer.pk).status == ReceptionOffer.Status.COMPUTED
    assert client.post(url, {"version": offer.version}).status_code == 302
    assert ReceptionOffer.objects.get(pk=offer.pk).status == ReceptionOffer.Status.SENT
    # The budget holder may not send or propose; the officer may not approve.
    offer = offer_through(ReceptionOffer.objects.get(pk=offer.pk), until="answered")
    client.force_login(budget_holder())
    assert client.get(reverse("admin:applications_receptionoffer_act", args=[offer.pk, "propose"])).status_code == 403
    client.force_login(case["officer"])
    response = client.post(reverse("admin:applications_receptionoffer_act", args=[offer.pk, "propose"]))
    assert response.status_code == 302, response.context["form"].errors
    assert client.get(reverse("admin:applications_receptionoffer_act", args=[offer.pk, "approve"])).status_code == 403
    holder = budget_holder()
    client.force_login(holder)
    change = client.get(reverse("admin:applications_receptionoffer_change", args=[offer.pk])).content.decode()
    assert reverse("admin:applications_receptionoffer_act", args=[offer.pk, "approve"]) in change
    offer.refresh_from_db()
    url = reverse("admin:applications_receptionoffer_act", args=[offer.pk, "approve"])
    assert client.post(url, {"version": offer.version}).status_code == 302
    assert ReceptionOffer.objects.get(pk=offer.pk).approved_by == holder
    assert client.get(reverse("admin:applications_receptionoffer_act", args=[offer.pk, "nonsense"])).status_code == 403


def test_the_list_of_offers_has_a_fixed_number_of_queries(client, django_assert_max_num_queries):
    computer = officer()
    orgs = []
    for code in ("4601", "4627", "4624"):
        org = municipality(code)
        orgs.append(org)
        reception_agreement(org, places=5, valid_from=dt.date(YEAR, 1, 1), actor=computer)
    reception_grants_compute(call=reception_call(), actor=computer)
    documents_rendered()  # the offer letters, made by the documents worker
    user = member(orgs[0])
    client.force_login(user)
    offers = list(ReceptionOffer.objects.order_by("pk"))
    reception_offer_send(offer=offers[0], actor=computer)
    with django_assert_max_num_queries(40) as one:
        client.get(reverse("decisions:list"))
    for org in orgs[1:]:
        Membership.objects.create(user=user, organisation=org, role=Membership.Role.CASEWORKER)
    for offer in offers[1:]:
        reception_offer_send(offer=offer, actor=computer)
    with django_assert_max_num_queries(len(one.captured_queries)):
        page = client.get(reverse("decisions:list")).content.decode()
    assert all(_page(offer) in page for offer in offers)
