"""A call's area asks its own questions and for its own documents (schemes.AreaQuestion,
AreaAttachmentRequirement): asked only in that area's application, validated, required before
the application is complete, stored, and shown to the officer; strangers get 404."""

import pytest
from django.urls import reverse

from applications.models import AreaAnswer
from applications.services.application import ApplicationError, application_problems, application_send_for_approval
from schemes.models import AreaQuestion
from tests.applications import files
from tests.applications.helpers import reload
from tests.assessment.helpers import submitted
from tests.factories import make_application, municipality, officer
from tests.factories_circ import area_answers_give, area_document_upload

pytestmark = pytest.mark.django_db

SOCIAL = "Samarbeider prosjektet med en sosial entreprenør"


def section_url(application, section="gjennomforing"):
    return reverse("applications:section", args=[application.pk, section])


def implementation_post(**extra):
    data = {
        "project_start": "2024-03-01",
        "project_end": "2024-12-31",
        "participants": "12",
        "tidligere-TOTAL_FORMS": "0",
        "tidligere-INITIAL_FORMS": "0",
        "tidligere-MIN_NUM_FORMS": "0",
        "tidligere-MAX_NUM_FORMS": "20",
    }
    data.update(extra)
    return data


def questions(application):
    return {q.kind: q for q in application.area.questions.all()}


def field(question):
    return f"omrade-question_{question.pk}"


def test_questions_are_asked_only_in_their_area(client):
    social = make_application(municipality(), area_number=2)
    client.force_login(social.created_by)
    html = client.get(section_url(social)).content.decode()
    assert SOCIAL in html and "Spørsmål for satsingsområde 2" in html
    other = make_application(municipality("5001"), area_number=4)
    client.force_login(other.created_by)
    html = client.get(section_url(other)).content.decode()
    assert SOCIAL not in html and "Spørsmål for satsingsområde" not in html


def test_answers_are_saved_with_the_section(client):
    draft = make_application(municipality(), area_number=2)
    client.force_login(draft.created_by)
    q = questions(draft)
    response = client.post(
        section_url(draft), implementation_post(**{field(q["yes_no"]): "ja", field(q["text"]): "Stiftelsen Arbeid AS"})
    )
    assert response.status_code == 302
    stored = {a.question.kind: a.value for a in AreaAnswer.objects.filter(application=draft)}
    assert stored == {"yes_no": "ja", "text": "Stiftelsen Arbeid AS"}
    assert reload(draft).participants == 12


@pytest.mark.parametrize(
    ("kind", "value", "message"),
    [
        ("text", "x" * 4001, "høyst 4000 tegn"),
        ("yes_no", "kanskje", "Velg ja eller nei"),
        ("number", "-3", "negativt"),
        ("number", "tolv", "helt tall"),
        ("number", "99999999999999999999", "urimelig"),
    ],
)
def test_bad_answers_are_refused_and_nothing_is_saved(client, kind, value, message):
    draft = make_application(municipality(), area_number=2)
    AreaQuestion.objects.create(
        area=draft.area, kind="number", text="Hvor mange ansatte har entreprenøren?", position=3
    )
    client.force_login(draft.created_by)
    q = questions(draft)
    response = client.post(section_url(draft), implementation_post(participants="40", **{field(q[kind]): value}))
    assert response.status_code == 200
    errors = response.context["area_form"].errors[f"question_{q[kind].pk}"]
    assert message in " ".join(errors)
    assert not AreaAnswer.objects.filter(application=draft).exists()
    assert reload(draft).participants == 12  # the section's own fields are not half-saved either


def test_missing_answer_blocks_sending_with_a_message_naming_it(client):
    draft = make_application(municipality(), area_number=2)  # the factory answers nothing yet
    from tests.factories import application_complete

    application_complete(draft)
    AreaAnswer.objects.filter(application=draft, question__kind="yes_no").delete()
    messages = [p.message for p in application_problems(draft)]
    assert messages == [f"Svar på spørsmålet for satsingsområde 2: «{questions(draft)['yes_no'].text}»"]
    with pytest.raises(ApplicationError):
        application_send_for_approval(application=draft, user=draft.created_by)
    client.force_login(draft.created_by)
    html = client.get(reverse("applications:detail", args=[draft.pk])).content.decode()
    assert "Svar på spørsmålet for satsingsområde 2" in html
    area_answers_give(draft)
    assert application_problems(draft) == []


def test_missing_required_document_blocks_until_uploaded_with_its_type(client):
    draft = make_application(municipality(), area_number=3)
    from tests.factories import application_complete

    application_complete(draft)
    draft.attachments.all().delete()
    assert [p.message for p in application_problems(draft)] == [
        "Vedlegg mangler for satsingsområde 3: «Bekreftelse fra veilederen». Last det opp under Vedlegg."
    ]
    requirement = draft.area.attachment_requirements.get()
    client.force_login(draft.created_by)
    html = client.get(section_url(draft, "vedlegg")).content.decode()
    assert "Dokumenter satsingsområde 3 ber om" in html and "Bekreftelse fra veilederen" in html
    response = client.post(
        section_url(draft, "vedlegg"),
        {"file": files.upload("bekreftelse.pdf", files.PDF_BYTES), "requirement": str(requirement.pk)},
    )
    assert response.status_code == 302
    assert draft.attachments.get().requirement == requirement
    assert application_problems(draft) == []


def test_a_document_type_of_another_area_is_refused(client):
    draft = make_application(municipality(), area_number=2)
    elsewhere = make_application(municipality("5001"), area_number=3).area.attachment_requirements.get()
    client.force_login(draft.created_by)
    response = client.post(
        section_url(draft, "vedlegg"),
        {"file": files.upload("bekreftelse.pdf", files.PDF_BYTES), "requirement": str(elsewhere.pk)},
    )
    assert response.status_code == 200
    assert not draft.attachments.exists()
    with pytest.raises(ApplicationError):
        area_document_upload(draft, elsewhere)


def test_hostile_answer_is_escaped_for_municipality_and_officer(client):
    application = submitted(area_number=2)
    AreaAnswer.objects.filter(application=application, question__kind="text").update(
        value='<script>alert("x")</script>'
    )
    client.force_login(application.created_by)
    html = client.get(reverse("applications:detail", args=[application.pk])).content.decode()
    assert '<script>alert("x")' not in html and "&lt;script&gt;" in html
    client.force_login(officer())
    html = client.get(reverse("admin:applications_assessment_score", args=[application.pk])).content.decode()
    assert '<script>alert("x")' not in html and "&lt;script&gt;" in html


def test_officer_sees_the_answers_and_document_type(client):
    application = submitted(area_number=3)
    client.force_login(officer())
    response = client.get(reverse("admin:applications_assessment_score", args=[application.pk]))
    html = response.content.decode()
    assert "Spørsmål for satsingsområde 3" in html
    assert "publisere resultatene" in html and "Svar fra kommunen." in html
    assert "Bekreftelse fra veilederen" in html


def test_another_municipality_gets_404(client):
    draft = make_application(municipality(), area_number=2)
    area_answers_give(draft)
    stranger = make_application(municipality("5001"), area_number=2).created_by
    client.force_login(stranger)
    for url in (section_url(draft), section_url(draft, "vedlegg"), reverse("applications:detail", args=[draft.pk])):
        assert client.get(url).status_code == 404
    q = questions(draft)
    assert client.post(section_url(draft), implementation_post(**{field(q["text"]): "Kapret"})).status_code == 404
    assert AreaAnswer.objects.get(application=draft, question=q["text"]).value == "Svar fra kommunen."


def test_answers_of_an_earlier_area_are_not_shown_or_counted(client):
    draft = make_application(municipality(), area_number=2)
    from tests.factories import application_complete

    application_complete(draft)
    draft.area = draft.call.areas.get(number=4)
    draft.save(update_fields=["area"])
    assert draft.area_answers_current == []
    assert application_problems(draft) == []
