"""Norwegian bokmål by default; English through the language switcher."""

import pytest
from django.conf import settings
from django.test import RequestFactory
from django.urls import reverse
from django.utils import translation

from core.middleware import PortalLocaleMiddleware

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def back_to_norwegian():
    """A request in English leaves English active in this thread; later tests expect bokmål."""
    yield
    translation.activate(settings.LANGUAGE_CODE)


def h1(response):
    body = response.content.decode()
    start = body.index("<h1")
    return body[body.index(">", start) + 1 : body.index("</h1>", start)].strip()


def test_norwegian_by_default(client):
    response = client.get(reverse("schemes:call_list"))
    assert h1(response) == "Utlysninger"
    assert '<html lang="nb">' in response.content.decode()


def test_switch_to_english_and_back(client):
    response = client.post(reverse("set_language"), {"language": "en", "next": reverse("schemes:call_list")})
    assert response.status_code == 302 and response["Location"] == reverse("schemes:call_list")
    english = client.get(reverse("schemes:call_list"))
    assert h1(english) == "Calls for applications"
    assert '<html lang="en">' in english.content.decode()
    assert "Skip to main content" in english.content.decode()
    client.post(reverse("set_language"), {"language": "nb", "next": "/"})
    assert h1(client.get(reverse("schemes:call_list"))) == "Utlysninger"


def test_english_call_page_keeps_norwegian_number_format(client):
    from tests.factories import development_call

    client.post(reverse("set_language"), {"language": "en"})
    body = client.get(reverse("schemes:call_detail", args=[development_call(2024).pk])).content.decode()
    assert "Priority areas and who may apply" in body
    assert "60\u00a0400\u00a0000\u00a0kr" in body and "14.02.2024" in body


def test_switcher_is_a_post_form_on_every_page(client):
    body = client.get(reverse("home")).content.decode()
    assert f'action="{reverse("set_language")}" method="post"' in body
    assert 'name="language" value="en"' in body


def test_browser_language_does_not_override_norwegian_default():
    request = RequestFactory().get("/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    request.session = {}
    middleware = PortalLocaleMiddleware(lambda r: None)
    try:
        middleware.process_request(request)
        assert request.LANGUAGE_CODE == "nb"
    finally:
        translation.deactivate()


def test_cookie_choice_is_respected():
    request = RequestFactory().get("/", HTTP_ACCEPT_LANGUAGE="nb")
    request.COOKIES["django_language"] = "en"
    middleware = PortalLocaleMiddleware(lambda r: None)
    try:
        middleware.process_request(request)
        assert request.LANGUAGE_CODE == "en"
    finally:
        translation.deactivate()


def test_english_browser_still_gets_norwegian_pages(client):
    """Needs core.middleware.PortalLocaleMiddleware in place of Django's LocaleMiddleware."""
    response = client.get(reverse("schemes:call_list"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert h1(response) == "Utlysninger"
