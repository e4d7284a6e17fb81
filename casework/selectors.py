"""Reads for the casework pages that depend on who asks (built on casework.rules)."""

from django.db.models import Count, Q
from django.utils.translation import gettext_lazy

from applications.rules import applications_owned_by, grants_sent_to
from casework.rules import messages_visible_to, sees_internal_notes, threads_visible_to
from reporting.rules import obligations_owned_by


def thread_list(user):
    """The user's threads, newest first, each with `unread` (messages the user may read and has not)."""
    from casework.models import MessageRead

    visible = Q(messages__internal=False) if not sees_internal_notes(user) else Q()
    read = MessageRead.objects.filter(user=user).values("message_id")
    return (
        threads_visible_to(user)
        .annotate(unread=Count("messages", filter=visible & ~Q(messages__pk__in=read), distinct=True))
        .order_by("-last_message_at", "-pk")
    )


def thread_years(user):
    """The years of the last message in the user's threads, for the list's year filter."""
    return [day.year for day in threads_visible_to(user).exclude(last_message_at=None).dates("last_message_at", "year")]


THREAD_STATUSES = [("unread", gettext_lazy("Med uleste meldinger")), ("read", gettext_lazy("Alle lest"))]


def threads_filtered(threads, *, q="", status="", year=None):
    """The thread list searched by case number, subject or organisation and filtered by unread
    and by the year of the last message, in the database."""
    if q:
        threads = threads.filter(
            Q(case_number__icontains=q) | Q(subject__icontains=q) | Q(organisation__name__icontains=q)
        )
    if status == "unread":
        threads = threads.filter(unread__gt=0)
    elif status == "read":
        threads = threads.filter(unread=0)
    if year:
        threads = threads.filter(last_message_at__year=year)
    return threads


def thread_messages(user, thread):
    return messages_visible_to(user, thread).prefetch_related("attachments").order_by("created_at", "pk")


def cases_for_new_thread(user):
    """(key, label, object) of the cases a municipal user may start a thread on: own submitted
    applications, grants with a letter sent, report obligations."""
    rows = []
    for application in applications_owned_by(user).exclude(case_number=None).exclude(case_number=""):
        rows.append((f"application:{application.pk}", f"{application.case_number} – {application.title}", application))
    for grant in grants_sent_to(user).select_related("organisation"):
        rows.append((f"grant:{grant.pk}", f"{grant.case_number} – {grant}", grant))
    for obligation in obligations_owned_by(user):
        rows.append(
            (
                f"obligation:{obligation.pk}",
                f"{obligation.grant.case_number} – {obligation.get_kind_display()} {obligation.due_date:%d.%m.%Y}",
                obligation,
            )
        )
    return rows


def case_from_key(user, key: str):
    """The case a key like "application:12" names, if the user may message on it; else None.
    Lets IMDi open a new thread from a link on the case (the municipality picks from its list)."""
    from applications.models import Application, Grant
    from casework.rules import case_visible_to
    from reporting.models import ReportObligation

    kind, _sep, pk = (key or "").partition(":")
    model = {"application": Application, "grant": Grant, "obligation": ReportObligation}.get(kind)
    if model is None or not pk.isdigit():
        return None
    case = model.objects.filter(pk=int(pk)).first()
    return case if case is not None and case_visible_to(user, case) else None


def notices_of(user):
    """What the portal has sent the user ("Varsler"), newest first."""
    from core.models import Notification

    return Notification.objects.filter(user=user).order_by("-created_at", "-pk")
