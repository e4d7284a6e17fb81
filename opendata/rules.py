"""What the public may see of the grants: one rule, read by the awards page, the 360Giving
files and the public API alike.

An award is published once IMDi has decided it AND the grant letter has gone out: the
municipality has it (letter sent), has accepted it, or the grant is closed. A decided grant
whose letter is not yet sent is IMDi's own; a declined or lapsed grant was never taken up and
pays nothing, so it is not an award to publish. Nothing personal is read: recipients are
municipalities and county municipalities (legal persons); contact persons, case workers and
the acceptance details stay out of every public surface."""

from applications.models import Grant

PUBLISHED_STATUSES = (Grant.Status.LETTER_SENT, Grant.Status.ACCEPTED, Grant.Status.CLOSED)


def grants_published():
    """The published awards, one row per grant year, with what the public surfaces show."""
    return (
        Grant.objects.filter(status__in=PUBLISHED_STATUSES)
        .select_related(
            "call",
            "call__scheme",
            "organisation",
            "organisation__county",
            "application",
            "application__area",
            "decision",
        )
        .prefetch_related("application__partners")
        .order_by("-year", "organisation__name", "case_number")
    )
