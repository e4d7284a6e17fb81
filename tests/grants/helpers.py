"""Helpers for the letters and acceptance tests."""

import io
import re

from pypdf import PdfReader

from applications.services.grant import grant_letter_send
from tests.factories import budget_holder, make_application, make_grant, municipality, with_details


def pdf_text(data: bytes) -> str:
    """The text of a PDF with whitespace collapsed, so phrases broken over lines still match."""
    reader = PdfReader(io.BytesIO(data))
    text = " ".join(page.extract_text() or "" for page in reader.pages)
    return re.sub(r"\s+", " ", text).replace("\u00a0", " ")


def signer(**kw):
    kw.setdefault("first_name", "Berit")
    kw.setdefault("last_name", "Budsjett")
    kw.setdefault("title", "Avdelingsdirektør")
    return budget_holder(**kw)


def development_grant(org=None, **kw):
    """A decided development-scheme grant with its application (area 2)."""
    # A distinct organisation number per organisation (the factory's default seed is shared).
    org = with_details(org or municipality(), seed=(org or municipality()).pk)
    budget = ["500000.00", *(item["amount"] for item in kw.get("later_years") or [])]
    application = kw.pop("application", None) or make_application(
        org, title="Språkpraksis i Bergen", budget=budget, status="submitted"
    )
    return make_grant(org, application=application, **kw)


def sent_grant(org=None, *, actor=None, **kw):
    grant = development_grant(org, **kw)
    letter = grant_letter_send(grant=grant, actor=actor or signer())
    grant.refresh_from_db()
    return grant, letter
