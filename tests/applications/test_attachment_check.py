import pytest
from django.core.exceptions import ValidationError

from core import uploads
from core.uploads import attachment_check
from tests.applications import files


@pytest.mark.parametrize(
    ("name", "data", "content_type", "extension"),
    [
        ("a.pdf", files.PDF_BYTES, uploads.PDF, "pdf"),
        ("a.docx", files.DOCX_BYTES, uploads.DOCX, "docx"),
        ("a.xlsx", files.XLSX_BYTES, uploads.XLSX, "xlsx"),
        ("a.odt", files.ODT_BYTES, uploads.ODT, "odt"),
        ("a.ods", files.ODS_BYTES, uploads.ODS, "ods"),
        ("a.png", files.PNG_BYTES, uploads.PNG, "png"),
        ("a.jpg", files.JPEG_BYTES, uploads.JPEG, "jpg"),
        # The name does not matter: a PDF called .png is still a PDF.
        ("feil-navn.png", files.PDF_BYTES, uploads.PDF, "pdf"),
    ],
)
def test_allowed_types_are_recognised_by_content(name, data, content_type, extension):
    checked = attachment_check(files.upload(name, data))
    assert checked.content_type == content_type
    assert checked.extension == extension
    assert checked.size == len(data)
    assert len(checked.sha256) == 64


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("virus.pdf", files.EXE_BYTES),
        ("notat.docx", files.PLAIN_ZIP_BYTES),
        ("tekst.pdf", b"just some text, not a pdf"),
        ("side.pdf", b"<html><script>alert(1)</script></html>"),
    ],
)
def test_other_content_is_refused_whatever_the_name(name, data):
    with pytest.raises(ValidationError) as excinfo:
        attachment_check(files.upload(name, data))
    assert "Filtypen er ikke tillatt" in excinfo.value.messages[0]


def test_empty_file_is_refused():
    with pytest.raises(ValidationError, match="tom"):
        attachment_check(files.upload("tom.pdf", b""))


def test_file_over_the_limit_is_refused(settings):
    settings.ATTACHMENT_MAX_BYTES = 1000
    with pytest.raises(ValidationError) as excinfo:
        attachment_check(files.upload("stor.pdf", files.PDF_BYTES + b"0" * 1000))
    assert "for stor" in excinfo.value.messages[0]


def test_file_exactly_at_the_limit_is_accepted(settings):
    data = files.PDF_BYTES + b"0" * 100
    settings.ATTACHMENT_MAX_BYTES = len(data)
    assert attachment_check(files.upload("akkurat.pdf", data)).size == len(data)


def test_real_20_mb_limit_refuses_21_mb():
    data = files.PDF_BYTES + b"0" * (21 * 1024 * 1024)
    with pytest.raises(ValidationError, match="for stor"):
        attachment_check(files.upload("stor.pdf", data))
