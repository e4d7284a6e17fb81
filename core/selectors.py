from django.contrib.contenttypes.models import ContentType

from core.models import CaseEvent, SweepRun
from core.schedule import DAILY_SWEEPS


def case_events_for(subject):
    """The case log of one object, oldest first, with the actor joined."""
    return (
        CaseEvent.objects.filter(
            content_type=ContentType.objects.get_for_model(subject, for_concrete_model=False),
            object_id=subject.pk,
        )
        .select_related("actor")
        .order_by("created_at", "id")
    )


def sweep_last_runs():
    """Each scheduled sweep with its latest run (None if it has never run), in schedule order.

    A sweep may record itself under its task path or under its schedule label."""
    rows = []
    for label, task, hour, minute in DAILY_SWEEPS:
        run = SweepRun.objects.filter(name__in=[task, label]).order_by("-started_at", "-id").first()
        rows.append({"label": label, "task": task, "time": f"{hour:02d}:{minute:02d}", "run": run})
    return rows
