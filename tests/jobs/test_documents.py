"""Receipts and letters rendered off the request path (core.documents, issue 17 item 4): the
approval only enqueues; the task renders and stores once, however often it runs; a letter whose
task was lost is enqueued again by the daily document sweep; the e-mail waits for the PDF."""

import datetime as dt

import pytest
from django.test import TestCase
from django.utils import timezone

from applications.models import Decision
from applications.services.assessment import decision_approve, decision_propose
from applications.services.decision_letter import DECISION_LETTER
from core import documents
from core.models import Notification, SweepRun
from core.tasks import document_render, document_render_sweep
from tests.assessment.helpers import submitted
from tests.factories import budget_holder, officer

pytestmark = pytest.mark.django_db


def _approved_rejection():
    decision = decision_propose(application=submitted(), actor=officer(), outcome="reject", reason="Begrunnelse.")
    with TestCase.captureOnCommitCallbacks(execute=False) as callbacks:  # the worker is not run
        decision = decision_approve(decision=decision, actor=budget_holder())
    return decision, callbacks


def _letter_notices(decision):
    return Notification.objects.filter(kind=Notification.Kind.DECISION_LETTER, key__contains=f":{decision.pk}")


def test_the_approval_only_enqueues_the_letter_and_the_task_stores_it_once(mailoutbox):
    decision, callbacks = _approved_rejection()
    decision.refresh_from_db()
    assert not decision.letter_pdf and len(callbacks) == 1  # nothing rendered in the request
    assert not _letter_notices(decision).exists()

    with TestCase.captureOnCommitCallbacks(execute=True):
        callbacks[0]()  # the worker runs the task: render, store, then the e-mail
    decision.refresh_from_db()
    first = decision.letter_pdf.name
    assert first.endswith(".pdf") and decision.letter_pdf.size > 1000
    notices = _letter_notices(decision).count()
    assert notices >= 1 and len(mailoutbox) == notices

    # Celery redelivers the message (acks_late): nothing changes, no second e-mail.
    with TestCase.captureOnCommitCallbacks(execute=True):
        assert document_render.delay(DECISION_LETTER, decision.pk).get() == "done"
    decision.refresh_from_db()
    assert decision.letter_pdf.name == first
    assert _letter_notices(decision).count() == notices and len(mailoutbox) == notices


def test_a_lost_render_is_enqueued_again_by_the_sweep_and_only_then(mailoutbox):
    decision, _lost = _approved_rejection()  # the task's message never reached a worker
    assert documents.documents_unrendered_enqueue() == 0  # just approved: still queued, not lost
    later = timezone.now() + documents.DOCUMENT_STRANDED_AFTER + dt.timedelta(minutes=1)
    with TestCase.captureOnCommitCallbacks(execute=True):
        assert documents.documents_unrendered_enqueue(now=later) == 1
    decision.refresh_from_db()
    assert decision.letter_pdf and _letter_notices(decision).exists()
    assert documents.documents_unrendered_enqueue(now=later) == 0  # stored: not again


def test_the_sweep_task_records_its_run_and_skips_decisions_without_letters():
    decision, _lost = _approved_rejection()
    Decision.objects.filter(pk=decision.pk).update(approved_at=timezone.now() - dt.timedelta(hours=1))
    with TestCase.captureOnCommitCallbacks(execute=True):
        summary = document_render_sweep.delay().get()
    assert summary == {"documents": 1}
    run = SweepRun.objects.get(name="core.tasks.document_render_sweep")
    assert run.finished_at and not run.error and run.summary == {"documents": 1}
    award = decision_propose(application=submitted(), actor=officer(), outcome="award", amount="100000.00")
    decision_approve(decision=award, actor=budget_holder())
    Decision.objects.filter(pk=award.pk).update(approved_at=timezone.now() - dt.timedelta(hours=1))
    assert documents.documents_unrendered_enqueue() == 0  # an award has its grant letter, not this one


def test_the_render_task_is_acknowledged_late_and_routed_to_documents():
    from celery import current_app

    assert document_render.acks_late is True and document_render.reject_on_worker_lost is True
    assert current_app.amqp.router.route({}, document_render.name, (), {})["queue"].name == "documents"


def test_an_unknown_kind_is_refused():
    with pytest.raises(ValueError):
        documents.document_render_enqueue(kind="nothing", obj=Decision())


def _computed_offer(org=None):
    """A reception-centre offer as the computation leaves it: saved, its letter only enqueued."""
    from applications.models import ReceptionOffer
    from applications.services.reception import reception_grants_compute
    from tests.factories import municipality, reception_agreement, reception_call

    org = org or municipality()
    computer = officer()
    reception_agreement(org, places=10, valid_from=dt.date(2024, 1, 1), actor=computer)
    with TestCase.captureOnCommitCallbacks(execute=False) as callbacks:
        reception_grants_compute(call=reception_call(), actor=computer)
    return ReceptionOffer.objects.get(grant__organisation=org), callbacks, computer


def test_a_computed_offer_is_sent_only_once_its_letter_is_made(client):
    from django.core.exceptions import ValidationError
    from django.urls import reverse

    from applications.services.reception_offer import reception_offer_send

    offer, callbacks, computer = _computed_offer()
    assert not offer.pdf and offer.sha256 == "" and len(callbacks) == 1  # nothing rendered in the request
    with pytest.raises(ValidationError, match="Tilbudsbrevet lages fortsatt"):
        reception_offer_send(offer=offer, actor=computer)
    client.force_login(computer)
    listing = client.get(reverse("admin:applications_receptionoffer_changelist")).content.decode()
    assert "Lages …" in listing
    assert client.get(reverse("admin:applications_receptionoffer_pdf", args=[offer.pk])).status_code == 404

    with TestCase.captureOnCommitCallbacks(execute=True):
        callbacks[0]()  # the worker renders it
    offer.refresh_from_db()
    with offer.pdf.open("rb") as fh:
        pdf = fh.read()
    assert pdf.startswith(b"%PDF-") and offer.sha256 == documents.sha256_hex(pdf)
    sent = reception_offer_send(offer=offer, actor=computer)
    assert sent.status == sent.Status.SENT and sent.sent_at is not None


def test_an_offer_recomputed_while_its_letter_renders_is_not_stored_stale(monkeypatch):
    from applications.models import ReceptionOffer
    from applications.services.reception import RECEPTION_OFFER

    offer, _callbacks, _computer = _computed_offer()
    spec = documents._KINDS[RECEPTION_OFFER]
    real_render = spec.render

    def render_while_recomputed(obj):
        result = real_render(obj)
        # Meanwhile the officer recomputes: the offer states other months, made later.
        ReceptionOffer.objects.filter(pk=obj.pk).update(months=[], generated_at=timezone.now() + dt.timedelta(1))
        return result

    monkeypatch.setitem(
        documents._KINDS, RECEPTION_OFFER, spec.__class__(**{**spec.__dict__, "render": render_while_recomputed})
    )
    assert documents.document_render_run(kind=RECEPTION_OFFER, pk=offer.pk) == "stale"
    offer.refresh_from_db()
    assert not offer.pdf and offer.sha256 == ""
    monkeypatch.setitem(documents._KINDS, RECEPTION_OFFER, spec)
    # The recomputation's own render (enqueued with it) stores the letter of what it computed.
    assert documents.document_render_run(kind=RECEPTION_OFFER, pk=offer.pk) == "stored"
    offer.refresh_from_db()
    assert offer.pdf and len(offer.sha256) == 64
    assert documents.document_render_run(kind=RECEPTION_OFFER, pk=offer.pk) == "done"
