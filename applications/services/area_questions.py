"""The area's own questions and required documents (schemes.AreaQuestion,
schemes.AreaAttachmentRequirement): what is missing, and saving the answers with the section."""

from django.db import transaction
from django.utils.translation import gettext as _

from applications.models import Application, AreaAnswer

# The form section the questions are asked in and the missing-answer messages point to.
QUESTIONS_SECTION = "gjennomforing"


def question_field(question) -> str:
    return f"question_{question.pk}"


def area_questions(area) -> list:
    return list(area.questions.all()) if area is not None else []


def area_attachment_requirements(area) -> list:
    return list(area.attachment_requirements.all()) if area is not None else []


def area_problems(application) -> list[tuple[str, str, str]]:
    """(section, field, message) for each required answer or document of the chosen area that
    is missing, naming it."""
    area = application.area
    if area is None:
        return []
    problems = []
    answered = {a.question_id for a in application.area_answers.all() if a.value.strip()}
    for question in area_questions(area):
        if question.required and question.pk not in answered:
            problems.append(
                (
                    QUESTIONS_SECTION,
                    question_field(question),
                    _("Svar på spørsmålet for satsingsområde %(number)s: «%(question)s»")
                    % {"number": area.number, "question": question.text},
                )
            )
    uploaded = set(application.attachments.values_list("requirement_id", flat=True))
    for requirement in area_attachment_requirements(area):
        if requirement.required and requirement.pk not in uploaded:
            problems.append(
                (
                    "vedlegg",
                    f"requirement_{requirement.pk}",
                    _("Vedlegg mangler for satsingsområde %(number)s: «%(name)s». Last det opp under Vedlegg.")
                    % {"number": area.number, "name": requirement.name},
                )
            )
    return problems


@transaction.atomic
def area_answers_save(*, application, user, answers: dict) -> None:
    """Save `answers` ({AreaQuestion: cleaned value}) of questions of the application's own area;
    an empty answer removes the stored one."""
    from applications.services.application import ApplicationError, _require_draft

    locked = Application.objects.select_for_update().get(pk=application.pk)
    _require_draft(locked, QUESTIONS_SECTION)
    for question, value in answers.items():
        if question.area_id != locked.area_id:
            raise ApplicationError(_("Spørsmålet hører ikke til satsingsområdet søknaden gjelder."))
        if value in (None, ""):
            AreaAnswer.objects.filter(application=locked, question=question).delete()
            continue
        if question.kind == question.Kind.YES_NO:
            value = "ja" if value in (True, "ja") else "nei"
        AreaAnswer.objects.update_or_create(application=locked, question=question, defaults={"value": str(value)})


@transaction.atomic
def application_section_with_answers_save(*, application, user, form, formsets, section, answers) -> Application:
    """The section's own fields and the area's answers together: all or nothing."""
    from applications.services.application import application_draft_save

    application_draft_save(application=application, user=user, form=form, formsets=formsets, section=section)
    # Only the section that asks the area's questions saves them (another section may be the only
    # one reopened by a request for more information).
    if section == QUESTIONS_SECTION:
        area_answers_save(application=application, user=user, answers=answers)
    return application
