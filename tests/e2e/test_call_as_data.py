"""The circular as data in Chromium, in bokmål and English, each page through axe: the public
call page's target group, criteria, priorities and priority themes, and the application's
section with the area's own questions and the attachment section with its document types."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from tests.factories import development_call, make_application, municipality

pytestmark = pytest.mark.e2e

TEXT = {
    "nb": {
        "assessment": "Vurdering og prioriteringer",
        "themes": "Prioriterte temaer",
        "questions": "Spørsmål for satsingsområde 2",
        "documents": "Dokumenter satsingsområde 3 ber om",
        "yes": "Ja",
    },
    "en": {
        "assessment": "Assessment and priorities",
        "themes": "Priority themes",
        "questions": "Questions for priority area 2",
        "documents": "Documents priority area 3 asks for",
        "yes": "Yes",
    },
}


def to_english(page):
    page.get_by_role("button", name="English").click()
    page.wait_for_load_state()


@pytest.mark.parametrize("language", ["nb", "en"])
def test_public_call_page_shows_the_circulars_content(page, live_url, axe_check, language):
    call = development_call(2024)
    page.goto(live_url(reverse("schemes:call_detail", args=[call.pk])))
    if language == "en":
        to_english(page)
    text = TEXT[language]
    main = page.get_by_role("main")
    expect(main.get_by_role("heading", name=text["assessment"], level=2)).to_be_visible()
    expect(main).to_contain_text("IMDi vil prioritere større og flerårige prosjekter i 2024.")
    expect(main).to_contain_text("Målgruppen er innvandrere. Innenfor satsingsområde 3 til 6")
    area_3 = page.locator("article.area").nth(2)
    expect(area_3.get_by_role("heading", name=text["themes"])).to_be_visible()
    expect(area_3).to_contain_text("tilpasset muntlig opplæring i norsk")
    expect(area_3).to_contain_text("Bekreftelse fra veilederen")
    axe_check(page)


@pytest.mark.parametrize("language", ["nb", "en"])
def test_application_sections_ask_the_areas_questions(municipal_page, live_url, axe_check, language):
    page = municipal_page
    social = make_application(municipality("4601"), area_number=2)
    supervised = make_application(municipality("4601"), area_number=3)
    page.goto(live_url(reverse("applications:section", args=[social.pk, "gjennomforing"])))
    if language == "en":
        to_english(page)
    text = TEXT[language]
    group = page.get_by_role("group", name=text["questions"])
    expect(group).to_be_visible()
    expect(group).to_contain_text("sosial entreprenør")
    group.get_by_role("radio", name=text["yes"]).check()
    axe_check(page)

    page.goto(live_url(reverse("applications:section", args=[supervised.pk, "vedlegg"])))
    expect(page.get_by_role("heading", name=text["documents"])).to_be_visible()
    expect(page.get_by_label("Dokumenttype" if language == "nb" else "Document type")).to_be_visible()
    axe_check(page)
