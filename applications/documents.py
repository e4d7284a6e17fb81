"""The receipts and letters of this app rendered off the request path (core.documents)."""

from core.documents import document_kind_register


def register() -> None:
    from applications.services.acceptance import (
        ACCEPTANCE_RECEIPT,
        acceptance_receipt_render,
        acceptance_receipt_stored,
    )
    from applications.services.decision_letter import (
        DECISION_LETTER,
        decision_letter_render,
        decision_letter_stored,
        decision_letters_pending,
    )
    from applications.services.grant import (
        GRANT_LETTER_CORRECTION,
        grant_letter_correction_render,
        grant_letter_correction_stored,
    )
    from applications.services.reception import (
        RECEPTION_OFFER,
        reception_offer_fingerprint,
        reception_offer_render,
    )

    document_kind_register(
        name=RECEPTION_OFFER,
        model="applications.ReceptionOffer",
        field="pdf",
        render=reception_offer_render,
        digest_field="sha256",
        fingerprint=reception_offer_fingerprint,
        created_field="generated_at",
    )
    document_kind_register(
        name=ACCEPTANCE_RECEIPT,
        model="applications.Acceptance",
        field="receipt_pdf",
        render=acceptance_receipt_render,
        digest_field="receipt_sha256",
        stored=acceptance_receipt_stored,
        created_field="decided_at",
    )
    document_kind_register(
        name=DECISION_LETTER,
        model="applications.Decision",
        field="letter_pdf",
        render=decision_letter_render,
        stored=decision_letter_stored,
        pending=decision_letters_pending,
        created_field="approved_at",
    )
    document_kind_register(
        name=GRANT_LETTER_CORRECTION,
        model="applications.GrantLetter",
        field="pdf",
        render=grant_letter_correction_render,
        digest_field="sha256",
        stored=grant_letter_correction_stored,
        created_field="sent_at",
    )
