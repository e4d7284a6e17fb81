"""Issue 12 item 5: a reaction is an individual decision with due process: advance notice
with a reply deadline (forvaltningsloven § 16), the municipality's reply in the portal, a
written decision with reasons and the appeal rights of the call's LetterText, four eyes, the
appeal window (moved to the next working day) and an appeal registered and forwarded."""

import datetime as dt
from decimal import Decimal

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from core.models import CaseEvent, Notification
from payments.models import Payment, Reaction, ReactionAppeal
from payments.services import reaction_approve
from payments.services.reaction_process import (
    reaction_appeal_forward,
    reaction_appeal_submit,
    reaction_notice_send,
    reaction_propose,
    reaction_reply_submit,
    reaction_withdraw,
)
from schemes.models import LetterText
from tests.applications.files import EXE_BYTES, PDF_BYTES
from tests.factories import approver, budget_holder, member, officer
from tests.payments.helpers import nth_municipality, planned_grant

pytestmark = pytest.mark.django_db


def at(day, hour=10):
    return time_machine.travel(dt.datetime(*day, hour, 0), tick=False)


@pytest.fixture
def people():
    return {"officer": officer(username="o-1"), "holder": budget_holder(username="b-1")}


def _noticed(people, *, kind="withholding", amount="10000.00"):
    grant = planned_grant(amount="300000.00")
    spring = grant.payments.get(term_number=1)
    reaction = reaction_notice_send(
        grant=grant,
        actor=people["officer"],
        kind=kind,
        amount=amount,
        reason="Rapporten viser at midler er brukt til ordinær drift.",
        payment=spring if kind == "withholding" else None,
    )
    return grant, spring, reaction


def test_notice_reply_decision_appeal_and_forwarding(people, django_capture_on_commit_callbacks):
    # Friday 3 May 2024 + 14 days = 17 May (Constitution Day) -> 20 May (Whit Monday) -> 21 May.
    with at((2024, 5, 3)), django_capture_on_commit_callbacks(execute=True):
        grant, spring, reaction = _noticed(people)
    assert reaction.is_notice and reaction.notice_sent_on == dt.date(2024, 5, 3)
    assert reaction.reply_deadline == dt.date(2024, 5, 21)
    spring.refresh_from_db()
    assert spring.amount == Decimal("150000.00") and spring.status == Payment.Status.PLANNED  # a notice holds nothing
    notice = Notification.objects.filter(kind=Notification.Kind.REACTION_NOTICE)
    assert notice.exists() and "21.05.2024" in notice.first().body

    caseworker = member(grant.organisation)
    director = approver(grant.organisation)
    # Before any reply or the deadline, no decision can be proposed.
    with at((2024, 5, 6)), pytest.raises(ValidationError, match="21.05.2024"):
        reaction_propose(reaction=reaction, actor=people["officer"], assessment="Vurdert.")
    with at((2024, 5, 8)), django_capture_on_commit_callbacks(execute=True):
        reply = reaction_reply_submit(
            reaction=reaction,
            actor=caseworker,
            text="Midlene ble brukt til prosjektet; se vedlagt regnskap.",
            upload=SimpleUploadedFile("regnskap.pdf", PDF_BYTES),
        )
    assert not reply.is_late and reply.has_file and reply.content_type == "application/pdf"
    assert Notification.objects.filter(kind=Notification.Kind.REACTION_REPLY, user=people["officer"]).exists()

    with at((2024, 5, 10)):
        reaction = reaction_propose(
            reaction=reaction, actor=people["officer"], assessment="Regnskapet dokumenterer ikke 10 000 kr."
        )
        assert reaction.is_proposed
        # Four eyes: the officer who proposed cannot approve, even with the budget holder role.
        with pytest.raises(PermissionDenied):
            reaction_approve(reaction=reaction, actor=people["officer"], version=reaction.version)
    # Approved Thursday 16 May: the window is three weeks, to Thursday 6 June.
    with at((2024, 5, 16)), django_capture_on_commit_callbacks(execute=True):
        reaction = reaction_approve(reaction=reaction, actor=people["holder"], version=reaction.version)
    reaction.refresh_from_db()
    assert reaction.is_approved and reaction.decision_sent_on == dt.date(2024, 5, 16)
    assert reaction.appeal_deadline == dt.date(2024, 6, 6)
    assert reaction.decision_pdf and len(reaction.decision_pdf_sha256) == 64
    assert reaction.held_payment.amount == Decimal("10000.00")
    decision = Notification.objects.get(kind=Notification.Kind.REACTION_DECISION, user=director)
    assert decision.attachments[0]["mimetype"] == "application/pdf"
    assert "06.06.2024" in decision.body

    # The appeal: the caseworker may not (formal act of the approver); the director may.
    with at((2024, 6, 6)), django_capture_on_commit_callbacks(execute=True):
        with pytest.raises(PermissionDenied):
            reaction_appeal_submit(reaction=reaction, actor=caseworker, text="Vi klager.")
        with pytest.raises(ValidationError) as exc:
            reaction_appeal_submit(reaction=reaction, actor=director, text="   ")
        assert "text" in exc.value.message_dict
        appeal = reaction_appeal_submit(reaction=reaction, actor=director, text="Vi klager på vedtaket.")
    assert appeal.received_on == dt.date(2024, 6, 6) and appeal.deadline == dt.date(2024, 6, 6)
    assert Notification.objects.filter(kind=Notification.Kind.REACTION_APPEAL, user=people["officer"]).exists()
    with at((2024, 6, 7)):
        with pytest.raises(ValidationError, match="allerede klaget"):
            reaction_appeal_submit(reaction=reaction, actor=director, text="En til.")
        with pytest.raises(PermissionDenied):
            reaction_appeal_forward(appeal=appeal, actor=director, note="x")
        with django_capture_on_commit_callbacks(execute=True):
            appeal = reaction_appeal_forward(
                appeal=appeal, actor=people["officer"], note="IMDi opprettholder vedtaket."
            )
    assert appeal.is_forwarded and appeal.forwarded_on == dt.date(2024, 6, 7)
    assert Notification.objects.filter(key__startswith=f"reaction_appeal_forwarded:{appeal.pk}:").exists()
    actions = set(CaseEvent.objects.filter(object_id=grant.pk).values_list("action", flat=True))
    assert {
        "reaction_notice_sent",
        "reaction_notice_replied",
        "reaction_proposed",
        "reaction_withholding",
        "reaction_decision_sent",
        "reaction_appeal_registered",
        "reaction_appeal_forwarded",
    } <= actions


def test_appeal_deadline_over_easter_moves_to_the_next_working_day(people):
    # Decision sent Thursday 7 March 2024 + 21 days = Maundy Thursday 28 March; Good Friday,
    # Saturday, Easter Sunday and Easter Monday follow: the deadline is Tuesday 2 April.
    with at((2024, 3, 4)):
        grant, _spring, reaction = _noticed(people, kind="stop_years", amount=None)
    assert reaction.amount == Decimal("0.00")
    director = approver(grant.organisation)
    with at((2024, 3, 5)):
        reaction_reply_submit(reaction=reaction, actor=director, text="Vi ønsker å fortsette prosjektet.")
        reaction = reaction_propose(reaction=reaction, actor=people["officer"], assessment="Statusrapporten mangler.")
    with at((2024, 3, 7)):
        reaction = reaction_approve(reaction=reaction, actor=people["holder"], version=reaction.version)
    assert reaction.appeal_deadline == dt.date(2024, 4, 2)
    with at((2024, 4, 3)), pytest.raises(ValidationError, match="02.04.2024"):
        reaction_appeal_submit(reaction=reaction, actor=director, text="For sent.")
    with at((2024, 4, 2)):
        assert reaction_appeal_submit(reaction=reaction, actor=director, text="Innen fristen.").pk
    assert ReactionAppeal.objects.count() == 1


def test_a_decision_sent_on_a_saturday_whose_window_ends_on_a_saturday(people):
    reaction = Reaction(decision_sent_on=dt.date(2024, 6, 1), grant=planned_grant(amount="1000.00"))
    # 1 June 2024 is a Saturday; + 21 days = Saturday 22 June -> Monday 24 June.
    assert reaction.appeal_deadline == dt.date(2024, 6, 24)


def test_the_reaction_carries_the_reaction_letter_text_of_the_call(people):
    with at((2024, 3, 4)):
        grant, _spring, reaction = _noticed(people)
    legal = LetterText.objects.get(call=grant.call, kind="reaction")
    assert "forvaltningsloven kapittel IV-VI" in legal.text
    assert reaction.appeal_info == legal.text


def test_late_reply_is_taken_and_marked_and_hostile_input_refused(people):
    with at((2024, 5, 3)):
        grant, _spring, reaction = _noticed(people)
    caseworker = member(grant.organisation)
    with at((2024, 5, 22)):
        with pytest.raises(ValidationError):
            reaction_reply_submit(
                reaction=reaction, actor=caseworker, text="ok", upload=SimpleUploadedFile("x.pdf", EXE_BYTES)
            )
        with pytest.raises(ValidationError) as exc:
            reaction_reply_submit(reaction=reaction, actor=caseworker, text="x" * 20001)
        assert "text" in exc.value.message_dict
        assert not reaction.replies.exists()
        reply = reaction_reply_submit(reaction=reaction, actor=caseworker, text="<script>alert(1)</script>")
    assert reply.is_late and reply.text == "<script>alert(1)</script>" and not reply.has_file


def test_another_municipality_cannot_reply_or_appeal(people):
    with at((2024, 5, 3)):
        _grant, _spring, reaction = _noticed(people)
    stranger = approver(nth_municipality(5))
    with at((2024, 5, 6)), pytest.raises(PermissionDenied):
        reaction_reply_submit(reaction=reaction, actor=stranger, text="Hei")
    assert not reaction.replies.exists()


def test_notice_can_be_closed_without_a_reaction(people):
    with at((2024, 5, 3)):
        grant, spring, reaction = _noticed(people)
    with at((2024, 5, 22)):
        with pytest.raises(ValidationError):
            reaction_withdraw(reaction=reaction, actor=people["officer"], note="")
        reaction = reaction_withdraw(reaction=reaction, actor=people["officer"], note="Forholdet er rettet.")
    assert reaction.status == Reaction.Status.WITHDRAWN
    spring.refresh_from_db()
    assert spring.amount == Decimal("150000.00")
    assert CaseEvent.objects.filter(object_id=grant.pk, action="reaction_withdrawn").exists()


def test_the_approval_only_enqueues_the_written_decision_and_its_notice_follows_the_pdf(
    people, django_capture_on_commit_callbacks, client
):
    """The decision's PDF/A is made by the documents worker (core.documents), off the budget
    holder's request; the municipality's notice, with the PDF attached, waits for it."""
    with at((2024, 5, 3)):
        grant, _spring, reaction = _noticed(people)
    director = approver(grant.organisation)
    with at((2024, 5, 22)):
        reaction = reaction_propose(reaction=reaction, actor=people["officer"], assessment="Ingen merknader kom inn.")
        with django_capture_on_commit_callbacks(execute=False) as queued:
            reaction = reaction_approve(reaction=reaction, actor=people["holder"], version=reaction.version)
    reaction.refresh_from_db()
    assert reaction.is_approved and reaction.decision_sent_on == dt.date(2024, 5, 22)
    assert not reaction.decision_pdf and reaction.decision_pdf_sha256 == ""
    decided = Notification.objects.filter(kind=Notification.Kind.REACTION_DECISION)
    assert not decided.exists() and not CaseEvent.objects.filter(action="reaction_decision_sent").exists()
    client.force_login(director)
    letter_url = reverse("payments:reaction_decision_letter", args=[reaction.pk])
    assert client.get(letter_url).status_code == 404  # not made yet: nothing to read, no error

    with at((2024, 5, 22)), django_capture_on_commit_callbacks(execute=True):
        for callback in queued:
            callback()  # the worker renders and stores it; its notice is queued on that commit
    reaction.refresh_from_db()
    with reaction.decision_pdf.open("rb") as fh:
        assert fh.read(5) == b"%PDF-"
    assert len(reaction.decision_pdf_sha256) == 64
    event = CaseEvent.objects.get(action="reaction_decision_sent")
    assert event.data["sha256"] == reaction.decision_pdf_sha256 and event.actor == people["holder"]
    notice = decided.get(user=director)
    assert notice.attachments[0]["mimetype"] == "application/pdf"
    response = client.get(letter_url)
    assert response.status_code == 200 and b"".join(response.streaming_content)[:5] == b"%PDF-"
