"""Checking uploaded attachments by their content, not their name.

Use `attachment_check(uploaded_file)` in a form's clean method or a service before storing
a file. It reads the file, recognises the type from its bytes and returns a `CheckedFile`
(content_type, extension, size, sha256); it raises django ValidationError with a Norwegian
message when the file is empty, larger than settings.ATTACHMENT_MAX_BYTES (20 MB), or not one
of PDF, DOCX, XLSX, ODT, ODS, PNG or JPEG. The file name is never trusted: a renamed
executable called `rapport.pdf` is refused. Store the file under a private path (never
below a public URL) and serve it through a permission-checked view with
`attachment_response(...)`, named by `attachment_download_name` (the extension comes from the
checked type). Delete through `stored_attachment_delete`, which removes the file on commit.
"""

import hashlib
import io
import unicodedata
import zipfile
from dataclasses import dataclass

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import FileResponse, Http404
from django.utils.translation import gettext as _

PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
ODT = "application/vnd.oasis.opendocument.text"
ODS = "application/vnd.oasis.opendocument.spreadsheet"
PNG = "image/png"
JPEG = "image/jpeg"

EXTENSIONS = {PDF: "pdf", DOCX: "docx", XLSX: "xlsx", ODT: "odt", ODS: "ods", PNG: "png", JPEG: "jpg"}
ALLOWED_LABEL = "PDF, DOCX, XLSX, ODT, ODS, PNG, JPEG"

# The OOXML main part tells a Word document from a spreadsheet; both are plain zip files.
_OOXML_MAIN_PARTS = {
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml": DOCX,
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml": XLSX,
}


@dataclass(frozen=True)
class CheckedFile:
    content_type: str
    extension: str
    size: int
    sha256: str


def _read_all(uploaded_file) -> bytes:
    uploaded_file.seek(0)
    data = uploaded_file.read()
    uploaded_file.seek(0)
    return data


# The parts read to tell the type are a few kB in any real document; a larger one is a zip
# bomb (a 20 MB upload can unpack to gigabytes in memory).
_ZIP_PART_MAX_BYTES = 256 * 1024


def _zip_part(archive: zipfile.ZipFile, name: str) -> bytes:
    if archive.getinfo(name).file_size > _ZIP_PART_MAX_BYTES:
        raise ValueError(name)
    return archive.read(name)


def _zip_kind(data: bytes) -> str | None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
            if "mimetype" in names:
                mimetype = _zip_part(archive, "mimetype").decode("ascii", "replace").strip()
                return mimetype if mimetype in (ODT, ODS) else None
            if "[Content_Types].xml" in names:
                content_types = _zip_part(archive, "[Content_Types].xml").decode("utf-8", "replace")
                for marker, kind in _OOXML_MAIN_PARTS.items():
                    if marker in content_types:
                        return kind
    except (zipfile.BadZipFile, KeyError, OSError, RuntimeError, ValueError):
        return None
    return None


def content_type_of(data: bytes) -> str | None:
    """The allowed content type the bytes are, or None."""
    if data.startswith(b"PK\x03\x04"):
        return _zip_kind(data)
    kind = filetype.guess(data[:8192])
    if kind is None:
        return None
    if kind.mime == PDF and data.startswith(b"%PDF-"):
        return PDF
    if kind.mime == PNG:
        return PNG
    if kind.mime == JPEG:
        return JPEG
    return None


def attachment_check(uploaded_file) -> CheckedFile:
    """Check an uploaded file (size first, then content). Raises ValidationError."""
    max_bytes = settings.ATTACHMENT_MAX_BYTES
    size = getattr(uploaded_file, "size", None)
    if size is not None and size > max_bytes:
        raise ValidationError(
            _("Filen er for stor (%(size)s MB). Største tillatte størrelse er %(max)s MB.")
            % {"size": f"{size / 1024 / 1024:.1f}".replace(".", ","), "max": max_bytes // (1024 * 1024)},
            code="too_large",
        )
    data = _read_all(uploaded_file)
    if len(data) > max_bytes:
        raise ValidationError(
            _("Filen er for stor. Største tillatte størrelse er %(max)s MB.") % {"max": max_bytes // (1024 * 1024)},
            code="too_large",
        )
    if not data:
        raise ValidationError(_("Filen er tom."), code="empty")
    content_type = content_type_of(data)
    if content_type is None:
        raise ValidationError(
            _(
                "Filtypen er ikke tillatt. Tillatte filtyper er %(types)s. "
                "Filen blir kjent igjen på innholdet, ikke navnet."
            )
            % {"types": ALLOWED_LABEL},
            code="bad_type",
        )
    return CheckedFile(
        content_type=content_type,
        extension=EXTENSIONS[content_type],
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
    )


def stored_file_open(file_field):
    """The stored file opened for reading; a file missing from storage is a 404 (the row
    outlived its file), never a server error."""
    if not file_field:
        raise Http404
    try:
        return file_field.open("rb")
    except (FileNotFoundError, IsADirectoryError, NotADirectoryError) as exc:
        raise Http404 from exc


# Types a browser may show in its own viewer: nothing that can run script (no HTML, no SVG).
INLINE_SAFE_TYPES = frozenset({PDF, PNG, JPEG})
# An attachment opened in the browser runs in a sandbox with nothing to fetch: no script, no
# forms, no same-origin access, even if a file slipped past the content check.
ATTACHMENT_CSP = "sandbox; default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; object-src 'self'"


def attachment_response(file_field, *, filename: str, content_type: str, inline: bool = False) -> FileResponse:
    """A download the browser never sniffs into another type. Opened in the browser
    (`inline`) only for the safe types; everything else is saved as a file."""
    as_attachment = not (inline and content_type in INLINE_SAFE_TYPES)
    response = FileResponse(
        stored_file_open(file_field), as_attachment=as_attachment, filename=filename, content_type=content_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = ATTACHMENT_CSP
    return response


# --- names -------------------------------------------------------------------------------

# Bidi overrides and isolates (U+202A–U+202E, U+2066–U+2069), marks, zero-width and other
# format or control characters can make `faktura‮fdp.exe` read as `fakturaexe.pdf`; they are
# removed, as are characters Windows refuses in a file name.
_NAME_FORBIDDEN = set('<>:"/\\|?*')
_NAME_MAX = 200
OCTET_STREAM = "application/octet-stream"


def attachment_name_clean(name: str | None) -> str:
    """The uploaded name without directories, control, format (bidi) or reserved characters."""
    name = unicodedata.normalize("NFC", str(name or ""))
    name = name.replace("\\", "/").rsplit("/", 1)[-1]
    kept = []
    for char in name:
        category = unicodedata.category(char)
        if category.startswith("Z"):
            kept.append(" ")
        elif category.startswith("C"):
            continue  # control, format (bidi, zero-width), private-use, unassigned
        else:
            kept.append("_" if char in _NAME_FORBIDDEN else char)
    name = " ".join("".join(kept).split())
    return name.strip(" .")[:_NAME_MAX].strip(" .")


def attachment_download_name(original_name: str | None, content_type: str) -> str:
    """The name a file is stored under and downloaded as: the cleaned stem of the uploaded
    name and the extension of the type its content was recognised as (never the uploaded one),
    so `side.html` that is a PDF downloads as `side.pdf`."""
    extension = EXTENSIONS.get(content_type, "bin")
    cleaned = attachment_name_clean(original_name)
    stem = cleaned.rsplit(".", 1)[0].strip(" .") if "." in cleaned else cleaned
    return f"{stem or 'vedlegg'}.{extension}"


# --- deleting ----------------------------------------------------------------------------


def stored_attachment_delete(*, attachment) -> None:
    """Delete an attachment's row now and its file only once the surrounding transaction
    commits: a rollback keeps both, so the download still works. The file stays while another
    row of the same kind still points at it."""
    model = type(attachment)
    file_name = attachment.file.name
    storage = attachment.file.storage
    shared = bool(file_name) and model.objects.filter(file=file_name).exclude(pk=attachment.pk).exists()
    attachment.delete()
    if file_name and not shared:
        transaction.on_commit(lambda: storage.delete(file_name))


def attachment_fields(upload) -> tuple[dict, CheckedFile | None]:
    """The PrivateAttachment fields for an optional upload (empty ones when there is none),
    after attachment_check; the CheckedFile is what attachment_store needs."""
    if not upload:
        return {"original_name": "", "content_type": "", "size": 0, "sha256": ""}, None
    checked = attachment_check(upload)
    return {
        "original_name": attachment_download_name(upload.name, checked.content_type),
        "content_type": checked.content_type,
        "size": checked.size,
        "sha256": checked.sha256,
    }, checked


def attachment_store(row, upload, checked: CheckedFile | None):
    """Save `row` (a PrivateAttachment with a `file` field), with the checked upload stored
    under its hash when there is one."""
    if checked is not None:
        upload.seek(0)
        row.file.save(checked.sha256, upload, save=False)
    row.save()
    return row
