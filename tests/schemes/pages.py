"""Helpers for reading rendered pages in tests."""

import re

import lxml.html

NBSP = "\u00a0"


def parse(response):
    assert response.status_code == 200, response.status_code
    return lxml.html.fromstring(response.content.decode())


def text(node) -> str:
    """Visible text with whitespace collapsed (no-break spaces kept)."""
    return re.sub(r"[ \t\r\n]+", " ", node.text_content()).strip()


def nb(s: str) -> str:
    """'60 400 000 kr' as rendered, with no-break spaces."""
    return s.replace(" ", NBSP)
