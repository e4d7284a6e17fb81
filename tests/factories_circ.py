"""Test helpers for the circular as data (schemes.AreaQuestion, AreaAttachmentRequirement):
answers and documents given through the services, as the caseworker would."""

from django.core.files.uploadedfile import SimpleUploadedFile

from applications.services.application import attachment_add
from applications.services.area_questions import area_answers_save

PDF_BYTES = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"


def area_answer_for(question):
    return {"yes_no": "ja", "number": 12}.get(question.kind, "Svar fra kommunen.")


def area_answers_give(application, **overrides):
    """Answer every question of the application's area (`overrides`: {question_pk: value})."""
    questions = list(application.area.questions.all()) if application.area_id else []
    answers = {q: overrides.get(q.pk, area_answer_for(q)) for q in questions}
    if answers:
        area_answers_save(application=application, user=application.created_by, answers=answers)
    return application


def area_document_upload(application, requirement, name="bekreftelse.pdf"):
    return attachment_add(
        application=application,
        user=application.created_by,
        uploaded_file=SimpleUploadedFile(name, PDF_BYTES, content_type="application/pdf"),
        requirement=requirement,
    )


def area_requirements_meet(application):
    """What the area itself asks for: its questions answered, its required documents uploaded.
    Only a draft can take them (a later state was already complete when it left the draft)."""
    if application.area_id is None or application.status != "draft":
        return application
    area_answers_give(application)
    present = set(application.attachments.values_list("requirement_id", flat=True))
    for requirement in application.area.attachment_requirements.filter(required=True):
        if requirement.pk not in present:
            area_document_upload(application, requirement)
    return application
