from django.contrib.contenttypes.models import ContentType

from core.models import CaseEvent


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
