from contextlib import contextmanager

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone

from core.models import CaseEvent, SweepRun

# The forward links along which a subject leads to its case: a payment or a report obligation
# to its grant, a report to its obligation, a decision to its application.
CASE_PARENTS = ("grant", "obligation", "application", "decision", "report")


def case_number_of(subject) -> str:
    """The case number `subject` belongs to: its own (application, grant) or that of the grant or
    application it hangs under; "" for objects outside any case and for unsubmitted drafts."""
    for _depth in range(4):
        if subject is None:
            return ""
        if hasattr(type(subject), "case_number"):
            return subject.case_number or ""
        fields = {field.name: field for field in subject._meta.get_fields()}
        links = [name for name in CASE_PARENTS if name in fields and fields[name].concrete and fields[name].is_relation]
        subject = getattr(subject, links[0]) if links else None
    return ""


def case_event_record(*, subject, action, actor=None, from_state="", to_state="", message="", data=None):
    """Append one immutable entry to the case log of `subject` (any model instance), keyed by
    the case it belongs to (case_number_of)."""
    return CaseEvent.objects.create(
        content_type=ContentType.objects.get_for_model(subject, for_concrete_model=False),
        object_id=subject.pk,
        case_number=case_number_of(subject),
        action=action,
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        from_state=from_state or "",
        to_state=to_state or "",
        message=message or "",
        data=data or {},
    )


def history_save(obj, actor, **kwargs):
    """Save with the acting user recorded in the model history (also outside a request)."""
    if getattr(actor, "is_authenticated", False):
        obj._history_user = actor
    obj.save(**kwargs)
    return obj


@transaction.atomic
def case_events_case_number_assign(*, application) -> int:
    """Give an application's earlier events (drafting, approval, send-back) its new case number,
    once, in the transaction that assigns the number at submission. Returns the rows filled."""
    if not application.case_number:
        return 0
    return CaseEvent.objects.filter(
        content_type=ContentType.objects.get_for_model(application, for_concrete_model=False),
        object_id=application.pk,
        case_number="",
    ).update(case_number=application.case_number)


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


def user_notice_delivery_set(*, user, delivery: str):
    """The user's own choice: notices at once, or in one daily digest (issue 15)."""
    from django.core.exceptions import ValidationError
    from django.utils.translation import gettext as _

    if delivery not in user.NoticeDelivery.values:
        raise ValidationError({"notice_delivery": _("Velg hvordan du vil få varsler.")})
    user.notice_delivery = delivery
    user.save(update_fields=["notice_delivery"])
    return user


CASE_TEXT_LIMIT = 20000


def case_text_checked(value, *, field: str, missing: str) -> str:
    """A party's free text in a case (a reply, an appeal, IMDi's assessment): required, trimmed
    and at most CASE_TEXT_LIMIT characters; refused next to `field` otherwise."""
    from django.core.exceptions import ValidationError
    from django.utils.translation import gettext as _

    value = (value or "").strip()
    if not value:
        raise ValidationError({field: missing})
    if len(value) > CASE_TEXT_LIMIT:
        raise ValidationError({field: _("Teksten er for lang (høyst %(n)s tegn).") % {"n": CASE_TEXT_LIMIT}})
    return value
