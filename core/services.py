from contextlib import contextmanager

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone

from core.models import CaseEvent, SweepRun


def case_event_record(*, subject, action, actor=None, from_state="", to_state="", message="", data=None):
    """Append one immutable entry to the case log of `subject` (any model instance)."""
    return CaseEvent.objects.create(
        content_type=ContentType.objects.get_for_model(subject, for_concrete_model=False),
        object_id=subject.pk,
        action=action,
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        from_state=from_state or "",
        to_state=to_state or "",
        message=message or "",
        data=data or {},
    )


@contextmanager
def sweep_run_record(name):
    """Record one sweep run; the body fills `run.summary`. Errors are stored and re-raised."""
    run = SweepRun.objects.create(name=name, started_at=timezone.now())
    try:
        yield run
    except Exception as exc:
        run.error = repr(exc)[:2000]
        raise
    finally:
        run.finished_at = timezone.now()
        with transaction.atomic():
            run.save(update_fields=["finished_at", "summary", "error"])
