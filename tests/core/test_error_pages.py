import pytest
from django.template.loader import render_to_string

pytestmark = pytest.mark.django_db


def test_404_page_in_the_portal_layout(client):
    response = client.get("/finnes-ikke/")
    assert response.status_code == 404
    body = response.content.decode()
    assert "Fant ikke siden" in body and "Tilskuddsportal" in body


def test_500_page_renders_without_a_request():
    html = render_to_string("500.html")
    assert "Noe gikk galt" in html and "portal.css" in html
