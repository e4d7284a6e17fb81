"""The written decision on a reaction (forvaltningsloven §§ 24, 25 and 27): rendered once as
PDF/A after a budget holder has approved it (by the documents worker, off the request), stored
with its SHA-256 and never regenerated, then sent to the municipality with the appeal rights
from the call's LetterText for "reaction"."""

from django.db import transaction

from core.calendar import today_oslo
from core.documents import document_kind_register, document_render_enqueue
from core.pdf import pdf_render, sha256_hex
from core.services import case_event_record
from schemes.models import LetterText
from schemes.selectors import letter_text


def _file_stem(reaction) -> str:
    case = (reaction.grant.case_number or str(reaction.grant_id)).replace("/", "-")
    return f"reaksjon-{case}-{reaction.pk}"


REACTION_DECISION = "payments.reaction_decision"


def reaction_decision_enqueue(*, reaction) -> None:
    """Date the written decision of an approved reaction (inside the approval's transaction)
    and enqueue its PDF; the documents worker renders and stores it, and its notice goes out
    with the PDF (core.documents)."""
    reaction.decision_sent_on = today_oslo()
    reaction.save(update_fields=["decision_sent_on"])
    document_render_enqueue(kind=REACTION_DECISION, obj=reaction)


def reaction_decision_render(reaction) -> tuple[str, bytes]:
    """The decision as PDF/A, signed by the budget holder who approved it."""
    grant = reaction.grant
    replies = list(reaction.replies.order_by("uploaded_at", "id"))
    pdf = pdf_render(
        "payments/reaction_decision.pdf.html",
        {
            "reaction": reaction,
            "grant": grant,
            "call": grant.call,
            "organisation": grant.organisation,
            "replies": replies,
            "legal": letter_text(grant.call, LetterText.Kind.REACTION),
            "appeal_deadline": reaction.appeal_deadline,
            "approved_by": reaction.approved_by,
        },
        archival=True,
        language=grant.organisation.written_standard or "nb",
    )
    return f"{_file_stem(reaction)}-{sha256_hex(pdf)[:12]}.pdf", pdf


def reaction_decision_stored(*, obj, digest) -> None:
    """The stored decision's case event with its checksum, and its notice once this commits."""
    from payments.services.reaction_notices import reaction_decision_notify

    case_event_record(
        subject=obj.grant,
        action="reaction_decision_sent",
        actor=obj.approved_by,
        data={"reaction": obj.pk, "sha256": digest, "appeal_deadline": obj.appeal_deadline.isoformat()},
    )
    reaction_id = obj.pk
    transaction.on_commit(lambda: reaction_decision_notify(reaction_id=reaction_id))


def reaction_decisions_pending(queryset):
    """Approved reactions whose written decision is dated and has no PDF yet."""
    return queryset.filter(approved_at__isnull=False, decision_sent_on__isnull=False)


def register() -> None:
    document_kind_register(
        name=REACTION_DECISION,
        model="payments.Reaction",
        field="decision_pdf",
        render=reaction_decision_render,
        digest_field="decision_pdf_sha256",
        stored=reaction_decision_stored,
        pending=reaction_decisions_pending,
        created_field="approved_at",
    )
