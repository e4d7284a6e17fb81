"""The circular's content as data (issue 12 item 10): the 2023 and 2024 calls carry the
circulars' target group, priorities, criteria and each area's priority themes, and the public
call page shows them; an empty field shows nothing."""

import pytest
from django.urls import reverse

from schemes.models import AreaAttachmentRequirement, AreaQuestion, Call
from tests.factories import development_call

pytestmark = pytest.mark.django_db


def page(client, call, lang="nb"):
    client.cookies["django_language"] = lang
    response = client.get(reverse("schemes:call_detail", args=[call.pk]), HTTP_ACCEPT_LANGUAGE=lang)
    assert response.status_code == 200
    return response.content.decode()


def test_2024_call_has_the_circulars_words():
    call = development_call(2024)
    assert call.target_group.startswith("Målgruppen er innvandrere. Innenfor satsingsområde 3 til 6")
    assert "IMDi vil prioritere større og flerårige prosjekter i 2024." in call.priorities.splitlines()
    assert "interkommunalt samarbeid" in call.assessment_notes
    areas = {a.number: a for a in call.areas.all()}
    assert "lærerstyrt opplæring ved å bruke digitale og nettbaserte arbeidsmåter" in areas[3].priority_themes
    assert len(areas[5].priority_themes.splitlines()) == 4
    assert (
        areas[8].priority_themes.splitlines()[2]
        == "Tiltak som har overføringsverdi til andre kommuner eller fylkeskommuner."
    )
    assert areas[2].priority_themes == ""  # the circular names no themes for area 2
    # The criteria are the call's assessment criteria (one source, also used for scoring).
    assert [c.name for c in call.criteria.all()] == ["Formål", "Gjennomføringsevne", "Overføringsverdi"]


def test_2023_call_has_the_circulars_words():
    call = development_call(2023)
    assert call.target_group == (
        "Målgruppen er innvandrere. Nyankomne innvandrere som er omfattet av introduksjonsloven, (jf. §§ 2 og 17) "
        "eller integreringsloven (jf. §§ 9 og 28 og etter midlertidig kapittel 6A), er prioritert."
    )
    assert "Større og flerårige prosjekter vil bli prioritert i 2023." in call.priorities
    areas = {a.number: a for a in call.areas.all()}
    assert areas[3].priority_themes.splitlines() == [
        "Tilpasset muntlig opplæring i norsk",
        "Tverrfaglige temaer i norsk og samfunnskunnskap",
        "Kjerneelementer i norsk",
    ]
    assert "Kvalifiseringsløp i samarbeid med lokale organisasjoner og bedrifter" in areas[6].priority_themes


@pytest.mark.parametrize("year", [2023, 2024])
def test_area_questions_and_documents_are_loaded_for_both_years(year):
    call = development_call(year)
    social = AreaQuestion.objects.filter(area__call=call, area__number=2)
    assert any("sosial entreprenør" in q.text for q in social)
    assert social.get(kind="yes_no").required
    supervisor = AreaQuestion.objects.filter(area__call=call, area__number=3)
    assert any("veilederen" in q.text for q in supervisor)
    assert any("publisere resultatene" in q.text for q in supervisor)
    document = AreaAttachmentRequirement.objects.get(area__call=call, area__number=3)
    assert document.name == "Bekreftelse fra veilederen" and document.required
    assert not AreaQuestion.objects.filter(area__call=call, area__number__in=[1, 4, 5, 6, 8]).exists()
    assert all(q.source.startswith("Rundskriv") for q in AreaQuestion.objects.filter(area__call=call))


def test_reloading_the_reference_data_does_not_duplicate_questions():
    from schemes.services import reference_schemes_load

    before = (AreaQuestion.objects.count(), AreaAttachmentRequirement.objects.count())
    reference_schemes_load()
    assert (AreaQuestion.objects.count(), AreaAttachmentRequirement.objects.count()) == before


@pytest.mark.parametrize("lang", ["nb", "en"])
def test_public_page_shows_target_group_criteria_priorities_and_themes(client, lang):
    call = development_call(2024)
    html = page(client, call, lang)
    assert 'id="vurdering"' in html
    assert call.criteria.get(code="delivery").guidance in html
    assert "Målgruppen er innvandrere. Innenfor satsingsområde 3 til 6" in html
    assert "IMDi vil prioritere større og flerårige prosjekter i 2024." in html
    assert "korte bransjekurs som kan gi deltakerne opplæring" in html
    assert "Bekreftelse fra veilederen" in html
    if lang == "en":
        assert "Assessment and priorities" in html and "Priority themes" in html
    else:
        assert "Vurdering og prioriteringer" in html and "Prioriterte temaer" in html


def test_empty_fields_show_nothing(client):
    call = development_call(2024)
    Call.objects.filter(pk=call.pk).update(target_group="", priorities="", assessment_notes="")
    call.criteria.all().delete()
    call.areas.update(priority_themes="")
    AreaQuestion.objects.filter(area__call=call).delete()
    AreaAttachmentRequirement.objects.filter(area__call=call).delete()
    html = page(client, call)
    for absent in ('id="vurdering"', "Målgruppe for ordningen", "Prioriterte temaer", "Søknaden må også svare på"):
        assert absent not in html


def test_hostile_text_in_the_circular_fields_is_escaped(client):
    call = development_call(2024)
    Call.objects.filter(pk=call.pk).update(priorities="<script>alert(1)</script>\n" + "x" * 20000)
    call.areas.filter(number=3).update(priority_themes='<img src=x onerror="alert(2)">')
    html = page(client, call)
    assert "<script>alert(1)" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<img src=x" not in html and "&lt;img src=x" in html
    assert "x" * 20000 in html


def test_officer_edits_an_areas_questions_in_the_admin(client):
    from tests.factories import officer

    area = development_call(2024).areas.get(number=3)
    client.force_login(officer())
    url = reverse("admin:schemes_priorityarea_change", args=[area.pk])
    html = client.get(url).content.decode()
    assert "Spørsmål for satsingsområdet" in html and "Påkrevde vedlegg for satsingsområdet" in html
    assert "Bekreftelse fra veilederen" in html
    question = area.questions.first()
    data = {
        "number": area.number,
        "title": area.title,
        "description": area.description,
        "target_group": area.target_group,
        "priority_themes": "Nytt tema",
        "special_conditions": area.special_conditions,
        "open_to_municipalities": "on",
        "supervisor_required": "on",
        "separate_circular": "",
        "call": area.call_id,
        "questions-TOTAL_FORMS": "1",
        "questions-INITIAL_FORMS": "1",
        "questions-0-id": question.pk,
        "questions-0-area": area.pk,
        "questions-0-position": "1",
        "questions-0-kind": "yes_no",
        "questions-0-text": "Er veilederen ansatt ved et universitet eller en høyskole?",
        "questions-0-required": "on",
        "attachment_requirements-TOTAL_FORMS": "0",
        "attachment_requirements-INITIAL_FORMS": "0",
    }
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    question.refresh_from_db()
    assert question.kind == "yes_no" and question.text.startswith("Er veilederen ansatt")
    area.refresh_from_db()
    assert area.priority_themes == "Nytt tema"
