"""The written decision on a reaction (forvaltningsloven §§ 24, 25 and 27): rendered once as
PDF/A when a budget holder approves it, stored with its SHA-256 and never regenerated, then
sent to the municipality with the appeal rights from the call's LetterText for "reaction"."""

from django.core.files.base import ContentFile
from django.db import transaction

from core.calendar import today_oslo
from core.pdf import pdf_render, sha256_hex
from core.services import case_event_record
from schemes.models import LetterText
from schemes.selectors import letter_text


def _file_stem(reaction) -> str:
    case = (reaction.grant.case_number or str(reaction.grant_id)).replace("/", "-")
    return f"reaksjon-{case}-{reaction.pk}"


def decision_letter_store(*, reaction, actor) -> None:
    """Render and store the decision letter of an approved reaction (inside the approval's
    transaction); the notice with the PDF goes out after the commit."""
    from payments.services.reaction_notices import reaction_decision_notify

    reaction.decision_sent_on = today_oslo()
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
            "approved_by": actor,
        },
        archival=True,
        language=grant.organisation.written_standard or "nb",
    )
    digest = sha256_hex(pdf)
    reaction.decision_pdf_sha256 = digest
    reaction.decision_pdf.save(f"{_file_stem(reaction)}-{digest[:12]}.pdf", ContentFile(pdf), save=False)
    reaction.save(update_fields=["decision_pdf", "decision_pdf_sha256", "decision_sent_on"])
    case_event_record(
        subject=grant,
        action="reaction_decision_sent",
        actor=actor,
        data={
            "reaction": reaction.pk,
            "sha256": digest,
            "appeal_deadline": reaction.appeal_deadline.isoformat(),
        },
    )
    reaction_id = reaction.pk
    transaction.on_commit(lambda: reaction_decision_notify(reaction_id=reaction_id))
