"""The reaction pages (issue 12 item 5): the officer's notice form and the municipality's
reply and appeal forms refuse bad input next to the field and save nothing; another
municipality's reaction answers 404."""

import datetime as dt

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse

from payments.models import Reaction, ReactionReply
from payments.models import ReactionAppeal as ReactionAppealModel
from payments.services import reaction_approve
from payments.services.reaction_process import reaction_notice_send, reaction_propose, reaction_reply_submit
from tests.applications.files import EXE_BYTES, PDF_BYTES
from tests.factories import approver, budget_holder, documents_rendered, member, officer
from tests.payments.helpers import nth_municipality, planned_grant

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def clock():
    with time_machine.travel(dt.datetime(2024, 5, 6, 10, 0), tick=False):
        yield


@pytest.fixture
def case():
    grant = planned_grant(amount="300000.00")
    decider = officer(username="o-pages")
    reaction = reaction_notice_send(
        grant=grant,
        actor=decider,
        kind="withholding",
        amount="10000",
        reason="Grunnlag",
        payment=grant.payments.first(),
    )
    return {"grant": grant, "reaction": reaction, "officer": decider}


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"kind": "withholding", "amount": "-10000", "reason": "x"}, "amount"),
        ({"kind": "withholding", "amount": "", "reason": "x"}, "amount"),
        ({"kind": "withholding", "amount": "99999999999999999", "reason": "x"}, "amount"),
        ({"kind": "withholding", "amount": "abc", "reason": "x"}, "amount"),
        ({"kind": "withholding", "amount": "10", "reason": ""}, "reason"),
        ({"kind": "withholding", "amount": "10", "reason": "x" * 20001}, "reason"),
        ({"kind": "<script>", "amount": "10", "reason": "x"}, "kind"),
        ({"kind": "withholding", "amount": "10", "reason": "x"}, "payment"),
        ({"kind": "withholding", "amount": "150000.01", "reason": "x", "payment": "first"}, "amount"),
    ],
)
def test_notice_form_refuses_bad_input_next_to_the_field(client, case, data, field):
    if data.get("payment") == "first":
        data = {**data, "payment": case["grant"].payments.order_by("term_number").first().pk}
    client.force_login(case["officer"])
    before = Reaction.objects.count()
    response = client.post(reverse("payments:reaction_notice", args=[case["grant"].pk]), data)
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert Reaction.objects.count() == before


def test_notice_form_sends_the_notice(client, case):
    client.force_login(case["officer"])
    spring = case["grant"].payments.order_by("term_number").first()
    response = client.post(
        reverse("payments:reaction_notice", args=[case["grant"].pk]),
        {"kind": "withholding", "amount": "10 000,00", "reason": "Mangler rapport", "payment": spring.pk},
    )
    reaction = Reaction.objects.order_by("-pk").first()
    assert response.status_code == 302 and response["Location"] == reverse("payments:reaction", args=[reaction.pk])
    assert reaction.is_notice and str(reaction.amount) == "10000.00"


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"text": ""}, "text"),
        ({"text": "   "}, "text"),
        ({"text": "x" * 20001}, "text"),
        ({"text": "ok", "file": "exe"}, "file"),
        ({"text": "ok", "file": "empty"}, "file"),
        ({"text": "ok", "file": "huge"}, "file"),
    ],
)
@override_settings(ATTACHMENT_MAX_BYTES=1024)
def test_reply_form_refuses_bad_input(client, case, data, field):
    files = {
        "exe": SimpleUploadedFile("svar.pdf", EXE_BYTES),
        "empty": SimpleUploadedFile("svar.pdf", b""),
        "huge": SimpleUploadedFile("svar.pdf", PDF_BYTES + b"0" * 2048),
    }
    if "file" in data:
        data = {**data, "file": files[data["file"]]}
    client.force_login(member(case["grant"].organisation))
    response = client.post(reverse("payments:reaction_reply", args=[case["reaction"].pk]), data)
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert not ReactionReply.objects.exists()


def test_reply_is_sent_from_the_grant_page(client, case):
    caseworker = member(case["grant"].organisation)
    client.force_login(caseworker)
    page = client.get(reverse("grants:detail", args=[case["grant"].pk]))
    assert reverse("payments:reaction", args=[case["reaction"].pk]) in page.content.decode()
    response = client.post(
        reverse("payments:reaction_reply", args=[case["reaction"].pk]),
        {"text": "<b>Vi er uenige</b>", "file": SimpleUploadedFile("svar.pdf", PDF_BYTES)},
    )
    assert response.status_code == 302
    reply = ReactionReply.objects.get()
    assert reply.uploaded_by == caseworker and reply.content_type == "application/pdf"
    detail = client.get(reverse("payments:reaction", args=[case["reaction"].pk])).content.decode()
    assert "&lt;b&gt;Vi er uenige&lt;/b&gt;" in detail
    download = client.get(reverse("payments:reaction_file", args=[case["reaction"].pk, "merknad", reply.pk]))
    assert download.status_code == 200 and download["Content-Disposition"].startswith("attachment")


def test_another_municipality_gets_404_everywhere(client, case):
    stranger = approver(nth_municipality(4))
    client.force_login(stranger)
    pk = case["reaction"].pk
    for name in ("payments:reaction", "payments:reaction_reply", "payments:reaction_appeal"):
        assert client.get(reverse(name, args=[pk])).status_code == 404
        assert client.post(reverse(name, args=[pk]), {"text": "x"}).status_code == 404
    assert not ReactionReply.objects.exists()


def test_appeal_page_for_the_approver_and_the_decision_letter(client, case):
    grant, reaction = case["grant"], case["reaction"]
    director = approver(grant.organisation)
    reaction_reply_submit(reaction=reaction, actor=director, text="Svar")
    reaction = reaction_propose(reaction=reaction, actor=case["officer"], assessment="Vurdert")
    reaction_approve(reaction=reaction, actor=budget_holder(username="bh-pages"), version=reaction.version)
    documents_rendered()  # the written decision, made by the documents worker
    client.force_login(member(grant.organisation))
    assert client.get(reverse("payments:reaction_appeal", args=[reaction.pk])).status_code == 403
    client.force_login(director)
    letter = client.get(reverse("payments:reaction_decision_letter", args=[reaction.pk]))
    assert letter.status_code == 200 and letter["Content-Type"] == "application/pdf"
    response = client.post(reverse("payments:reaction_appeal", args=[reaction.pk]), {"text": ""})
    assert "text" in response.context["form"].errors
    response = client.post(reverse("payments:reaction_appeal", args=[reaction.pk]), {"text": "Vi klager."})
    assert response.status_code == 302
    reaction.refresh_from_db()
    assert reaction.appeal.received_on == dt.date(2024, 5, 6)
    again = client.get(reverse("payments:reaction_appeal", args=[reaction.pk]))
    assert again.status_code == 200 and not again.context["is_open"]


def test_grant_page_lists_reactions_in_a_fixed_number_of_queries(client, case, django_assert_max_num_queries):
    grant = case["grant"]
    caseworker = member(grant.organisation)
    client.force_login(caseworker)
    url = reverse("grants:detail", args=[grant.pk])
    client.get(url)
    with django_assert_max_num_queries(200) as one:
        client.get(url)
    for reason in ("To", "Tre"):
        reaction_notice_send(grant=grant, actor=case["officer"], kind="stop_years", reason=reason)
    with django_assert_max_num_queries(len(one.captured_queries)):
        page = client.get(url).content.decode()
    assert page.count(reverse("payments:reaction", args=[case["reaction"].pk])) == 1


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"decision": "propose", "reason": "Grunnlag", "assessment": ""}, "assessment"),
        ({"decision": "propose", "reason": "", "assessment": "Vurdert"}, "reason"),
        ({"decision": "<script>", "reason": "Grunnlag", "assessment": "Vurdert"}, "decision"),
        ({"decision": "propose", "reason": "Grunnlag", "assessment": "x" * 20001}, "assessment"),
        ({"decision": "propose", "reason": "Grunnlag", "assessment": "Vurdert", "amount": "-5"}, "amount"),
        ({"decision": "propose", "reason": "Grunnlag", "assessment": "Vurdert", "amount": "150000.01"}, "amount"),
        # Before the reply deadline and without a reply: refused, said at the top of the form.
        ({"decision": "propose", "reason": "Grunnlag", "assessment": "Vurdert"}, "__all__"),
    ],
)
def test_propose_page_refuses_bad_input(client, case, data, field):
    if field != "__all__":
        # The municipality has replied, so the step is open and only the input is wrong.
        reaction_reply_submit(reaction=case["reaction"], actor=member(case["grant"].organisation), text="Svar")
    client.force_login(case["officer"])
    response = client.post(reverse("payments:reaction_propose", args=[case["reaction"].pk]), data)
    assert response.status_code == 200 and field in response.context["form"].errors
    case["reaction"].refresh_from_db()
    assert case["reaction"].is_notice


def test_forward_and_settle_refuse_empty_posts(client, case):
    client.force_login(case["officer"])
    pk = case["reaction"].pk
    # No appeal to forward yet: 404; an empty settle post is refused with a message.
    assert client.post(reverse("payments:reaction_appeal_forward", args=[pk]), {}).status_code == 404
    response = client.post(reverse("payments:reaction_settle", args=[pk]), {})
    assert response.status_code == 302 and response["Location"] == reverse("payments:reaction", args=[pk])
    case["reaction"].refresh_from_db()
    assert not case["reaction"].withholding_outcome and not ReactionAppealModel.objects.exists()
    client.force_login(member(case["grant"].organisation))
    assert client.post(reverse("payments:reaction_settle", args=[pk]), {"outcome": "released"}).status_code == 403
