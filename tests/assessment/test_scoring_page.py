"""The scoring page: the whole application beside the form, each criterion's guidance and
scale from the call's reference data, and bad input refused next to the field."""

import pytest
from django.urls import reverse

from applications.models import Assessment
from applications.services.application import attachment_add
from applications.services.assessment import assessment_save
from schemes.models import AssessmentCriterion
from tests.applications import files
from tests.assessment.helpers import submitted
from tests.factories import application_advance, development_call, finance, make_application, municipality, officer

pytestmark = pytest.mark.django_db


def score_url(app):
    return reverse("admin:applications_assessment_score", args=[app.pk])


def valid(**overrides):
    data = {"score_purpose": "5", "score_delivery": "4", "score_transfer": "3", "comment": "Godt prosjekt."}
    data.update(overrides)
    return data


@pytest.mark.parametrize("year", [2023, 2024])
def test_each_call_has_the_circulars_three_criteria_with_guidance_and_a_scale(year):
    criteria = list(AssessmentCriterion.objects.filter(call=development_call(year)))
    assert [c.code for c in criteria] == ["purpose", "delivery", "transfer"]
    assert criteria[0].guidance == "Er prosjektet i tråd med tilskuddsordningens formål og satsingsområder?"
    assert "overføres til andre kommuner" in criteria[2].guidance
    assert str(year) in criteria[0].source
    assert [item["score"] for item in criteria[1].scale] == [1, 2, 3, 4, 5, 6]


def test_the_page_shows_the_whole_application_beside_the_criteria(client):
    app = submitted(amount="400000.00", title="Språkpraksis i barnehagen")
    client.force_login(officer())
    page = client.get(score_url(app)).content.decode()
    assert "Språkpraksis i barnehagen" in page
    for heading in ("Prosjektet", "Gjennomføring", "Budsjett", "Sum kostnader", "Søknadsbeløp", "Vedlegg"):
        assert heading in page, heading
    assert "400\xa0000\xa0kr" in page
    # The guidance and the scale come from the call's criteria (reference data).
    assert "Kan prosjektet sannsynliggjøre god gjennomføringsevne" in page
    assert "6 – Fremragende" in page


def test_attachments_are_linked_through_the_protected_download(client):
    app = make_application(municipality())
    attachment = attachment_add(
        application=app, user=app.created_by, uploaded_file=files.upload("plan.pdf", files.PDF_BYTES)
    )
    application_advance(app, "submitted")
    client.force_login(officer())
    page = client.get(score_url(app)).content.decode()
    download = reverse("applications:attachment", args=[app.pk, attachment.pk])
    assert download in page
    assert client.get(download).status_code == 200


def test_guidance_edited_in_the_data_shows_on_the_page(client):
    app = submitted()
    AssessmentCriterion.objects.filter(call=app.call, code="transfer").update(guidance="Ny veiledning fra 2025.")
    client.force_login(officer())
    assert "Ny veiledning fra 2025." in client.get(score_url(app)).content.decode()


def test_officer_scores_and_changes_their_own_assessment(client):
    app = submitted(amount="500000.00")
    o = officer()
    client.force_login(o)
    response = client.post(score_url(app), valid(recommended_amount="250 000"))
    assert response.status_code == 302
    assessment = Assessment.objects.get(application=app, officer=o)
    assert (assessment.score_purpose, assessment.score_delivery, assessment.score_transfer) == (5, 4, 3)
    assert str(assessment.recommended_amount) == "250000.00"
    client.post(score_url(app), valid(score_transfer="6"))
    assert Assessment.objects.get(application=app, officer=o).score_transfer == 6
    assert Assessment.objects.filter(application=app).count() == 1


@pytest.mark.parametrize(
    "overrides, field",
    [
        ({"score_purpose": "7"}, "score_purpose"),
        ({"score_purpose": "0"}, "score_purpose"),
        ({"score_delivery": "-1"}, "score_delivery"),
        ({"score_transfer": "<script>alert(1)</script>"}, "score_transfer"),
        ({"score_transfer": ""}, "score_transfer"),
        ({"recommended_amount": "-100"}, "recommended_amount"),
        ({"recommended_amount": "9" * 40}, "recommended_amount"),
        ({"recommended_amount": "mange penger"}, "recommended_amount"),
        ({"recommended_amount": "600000"}, "recommended_amount"),  # more than applied for
        ({"comment": "x" * 9000}, "comment"),
    ],
)
def test_bad_input_is_refused_next_to_the_field_and_nothing_saved(client, overrides, field):
    app = submitted(amount="500000.00")
    client.force_login(officer())
    response = client.post(score_url(app), valid(**overrides))
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert not Assessment.objects.filter(application=app).exists()


def test_missing_scores_are_refused(client):
    app = submitted()
    client.force_login(officer())
    response = client.post(score_url(app), {})
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert {"score_purpose", "score_delivery", "score_transfer"} <= set(errors)
    assert not Assessment.objects.exists()


def test_only_officers_open_the_scoring_page(client):
    app = submitted()
    client.force_login(finance())
    assert client.get(score_url(app)).status_code == 403
    assert client.post(score_url(app), valid()).status_code == 403
    assert not Assessment.objects.exists()


def test_an_unsent_application_is_not_found(client):
    draft = make_application(municipality())
    client.force_login(officer())
    assert client.get(score_url(draft)).status_code == 404
    assert client.get(reverse("admin:applications_assessment_score", args=[999999])).status_code == 404


def test_the_queue_links_each_application_to_the_scoring_page(client):
    app = submitted()
    o = officer()
    assessment_save(application=app, officer=officer(), score_purpose=6, score_delivery=6, score_transfer=6)
    assessment_save(application=app, officer=o, score_purpose=2, score_delivery=2, score_transfer=2)
    client.force_login(o)
    page = client.get(reverse("admin:applications_application_queue"), {"call": app.call_id}).content.decode()
    assert score_url(app) in page
    # Two assessors: mean 12, spread 12 (18 − 6).
    assert "12,00 (12, 2)" in page
