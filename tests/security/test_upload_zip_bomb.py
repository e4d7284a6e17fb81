"""Attachments are recognised by content; for DOCX/XLSX/ODT/ODS that means reading one small
part of the zip. A part that unpacks to many MB is a zip bomb and must be refused unread."""

import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from core.uploads import DOCX, attachment_check

MARKER = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"


def _docx(content_types: str) -> SimpleUploadedFile:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", content_types)
        archive.writestr("word/document.xml", "<w:document/>")
    return SimpleUploadedFile("soknad.docx", out.getvalue())


def test_real_sized_docx_is_accepted():
    assert attachment_check(_docx(f'<Types><Override ContentType="{MARKER}"/></Types>')).content_type == DOCX


def test_content_types_part_that_unpacks_to_megabytes_is_refused():
    bomb = _docx(f'<Types><Override ContentType="{MARKER}"/>' + " " * (40 * 1024 * 1024) + "</Types>")
    assert bomb.size < 1024 * 1024
    with pytest.raises(ValidationError) as exc:
        attachment_check(bomb)
    assert exc.value.code == "bad_type"
