"""Documents rendered off the request path (issue 17 item 4): receipts and letters whose PDF
WeasyPrint may take seconds to write. The request saves the record with every fact the
document states and calls `document_render_enqueue`; once its transaction commits, the Celery
task core.tasks.document_render (documents queue) renders the PDF and stores it on the record's
file field. Until then the pages say the document is being made.

An app registers each kind (`document_kind_register`, from its AppConfig.ready): the model and
file field, the function that renders (obj -> (filename, bytes)) and what follows the storing,
in the same transaction (a checksum on the record, a case event, a letter's e-mail).

Safe to run twice: rendering happens without a lock; the storing locks the record and keeps
the first file stored (a second run, or Celery redelivering an acks_late message, changes
nothing). A document whose task never ran (broker down at commit time, a worker lost with its
message) is enqueued again by `documents_unrendered_enqueue`, part of the daily sweeps and run
by `document_render_sweep`."""

import datetime as dt
import logging
from collections.abc import Callable
from dataclasses import dataclass

from django.apps import apps
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from core.pdf import sha256_hex

logger = logging.getLogger(__name__)

# A document still without its file this long after its record was saved has lost its task.
DOCUMENT_STRANDED_AFTER = dt.timedelta(minutes=10)


@dataclass(frozen=True)
class DocumentKind:
    name: str
    model: str  # "app_label.ModelName"
    field: str  # the FileField the PDF is stored in
    render: Callable  # render(obj) -> (filename, pdf bytes)
    stored: Callable | None  # stored(obj=..., digest=...) after the file is saved, same transaction
    pending: Callable  # pending(queryset) -> the records that should have a file and have none
    created_field: str  # the record's timestamp, to tell a stranded document from a queued one
    # The field that keeps the stored file's SHA-256, saved with the file (None: not kept).
    digest_field: str | None = None
    # fingerprint(obj) -> what the document states (None: it never changes). A record changed
    # after its render began is not stored stale: whoever changed it enqueued a fresh render.
    fingerprint: Callable | None = None


_KINDS: dict[str, DocumentKind] = {}


def document_kind_register(
    *,
    name: str,
    model: str,
    field: str,
    render: Callable,
    stored: Callable | None = None,
    pending: Callable | None = None,
    created_field: str,
    digest_field: str | None = None,
    fingerprint: Callable | None = None,
) -> None:
    _KINDS[name] = DocumentKind(
        name=name,
        model=model,
        field=field,
        render=render,
        stored=stored,
        pending=pending or (lambda queryset: queryset),
        created_field=created_field,
        digest_field=digest_field,
        fingerprint=fingerprint,
    )


def document_kinds() -> list[DocumentKind]:
    return list(_KINDS.values())


def _model(kind: DocumentKind):
    return apps.get_model(kind.model)


def document_render_enqueue(*, kind: str, obj) -> None:
    """Render the document of `obj` once this transaction commits."""
    if kind not in _KINDS:
        raise ValueError(f"unknown document kind {kind!r}")
    from core.tasks import document_render

    pk = obj.pk
    transaction.on_commit(lambda: document_render.delay(kind, pk))


def document_render_run(*, kind: str, pk: int) -> str:
    """Render and store one document; 'stored', 'done' (stored before), 'stale' (the record
    changed while it was rendered) or 'missing'."""
    spec = _KINDS[kind]
    model = _model(spec)
    obj = model.objects.filter(pk=pk).first()
    if obj is None:
        return "missing"
    if getattr(obj, spec.field):
        return "done"
    rendered_from = spec.fingerprint(obj) if spec.fingerprint else None
    filename, pdf = spec.render(obj)
    digest = sha256_hex(pdf)
    with transaction.atomic():
        obj = model.objects.select_for_update().filter(pk=pk).first()
        if obj is None:
            return "missing"
        if getattr(obj, spec.field):
            return "done"
        if spec.fingerprint and spec.fingerprint(obj) != rendered_from:
            return "stale"
        getattr(obj, spec.field).save(filename, ContentFile(pdf), save=False)
        if spec.digest_field:
            setattr(obj, spec.digest_field, digest)
        obj.save(update_fields=[spec.field, *([spec.digest_field] if spec.digest_field else [])])
        if spec.stored is not None:
            spec.stored(obj=obj, digest=digest)
    logger.info("document %s %s stored (%s bytes)", kind, pk, len(pdf))
    return "stored"


def documents_unrendered(*, before=None) -> list[tuple[str, int]]:
    """(kind, pk) of every document whose record has no file yet, or only those saved before
    `before`."""
    found = []
    for spec in _KINDS.values():
        queryset = spec.pending(_model(spec).objects.filter(**{spec.field: ""}))
        if before is not None:
            queryset = queryset.filter(**{f"{spec.created_field}__lt": before})
        found.extend((spec.name, pk) for pk in queryset.values_list("pk", flat=True).order_by("pk"))
    return found


def documents_unrendered_enqueue(*, now=None) -> int:
    """Enqueue again every document whose record has waited for its file longer than
    DOCUMENT_STRANDED_AFTER; returns how many."""
    from core.tasks import document_render

    stranded = documents_unrendered(before=(now or timezone.now()) - DOCUMENT_STRANDED_AFTER)
    for kind, pk in stranded:
        document_render.delay(kind, pk)
    return len(stranded)


def documents_render_pending() -> list[str]:
    """Render here and now every document still waiting, as the worker would: for the demo
    seed, whose next step (sending an offer) needs the PDF, and for tests, whose transaction
    never commits. Returns each document's outcome."""
    return [document_render_run(kind=kind, pk=pk) for kind, pk in documents_unrendered()]
