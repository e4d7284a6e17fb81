"""PDF documents from HTML templates with WeasyPrint; archival copies as PDF/A."""

import hashlib

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation


def pdf_render(template_name: str, context: dict, *, archival: bool = True, language: str = "nb") -> bytes:
    """Render `template_name` to PDF bytes. `archival` makes a PDF/A-3b document (letters,
    receipts); the template should set <title> and lang for the metadata."""
    import weasyprint

    with translation.override(language):
        html = render_to_string(template_name, context)
    document = weasyprint.HTML(string=html, base_url=str(settings.BASE_DIR / "static"))
    options = {"pdf_variant": "pdf/a-3b"} if archival else {}
    return document.write_pdf(**options)


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()
