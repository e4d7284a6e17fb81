"""The shared layout: landmarks, messages, stylesheet hooks."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.contrib.messages import constants, get_messages
from django.contrib.messages.storage.fallback import FallbackStorage
from django.contrib.sessions.backends.signed_cookies import SessionStore
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.urls import reverse

pytestmark = pytest.mark.django_db


def render_base_with_messages(*items):
    request = RequestFactory().get("/")
    request.session = SessionStore()
    request.user = AnonymousUser()
    request._messages = FallbackStorage(request)
    for level, text in items:
        request._messages.add(level, text)
    return render_to_string("base.html", {"messages": get_messages(request)}, request=request)


def test_messages_are_bootstrap_alerts_announced_as_status():
    html = render_base_with_messages((constants.SUCCESS, "Lagret."), (constants.ERROR, "Noe mangler."))
    assert '<div class="alert alert-success" role="status">Lagret.</div>' in html
    assert '<div class="alert alert-danger" role="status">Noe mangler.</div>' in html


def test_landmarks_skip_link_and_assets(client):
    html = client.get(reverse("home")).content.decode()
    assert '<a class="visually-hidden-focusable skip-link" href="#hovedinnhold">' in html
    assert '<main id="hovedinnhold"' in html and "<header" in html and "<footer" in html
    assert "vendor/bootstrap/css/bootstrap.min.css" in html and "css/portal.css" in html
    assert "vendor/bootstrap/js/bootstrap.bundle.min.js" in html
    assert "IMDi" in html and "Integrerings- og mangfoldsdirektoratet" in html
    assert 'href="/tilgjengelighet/"' in html
    # Strict CSP: nothing inline.
    assert "<script>" not in html and "style=" not in html and "onclick" not in html


def test_extra_head_block_is_available_to_other_templates():
    from django.template import engines

    template = engines["django"].from_string(
        '{% extends "base.html" %}{% block extra_head %}<link rel="stylesheet" href="/static/css/x.css">{% endblock %}'
    )
    request = RequestFactory().get("/")
    request.user = AnonymousUser()
    assert '<link rel="stylesheet" href="/static/css/x.css">' in template.render({}, request)
