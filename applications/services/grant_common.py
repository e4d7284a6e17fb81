"""What the grant services share: the grant's row lock and its file names."""

from applications.models import Grant


def grant_lock(grant: Grant) -> Grant:
    """Lock the grant row (only it: the joins are for the letter) for a step on it."""
    return (
        Grant.objects.select_for_update(of=("self",))
        .select_related("call__scheme", "organisation", "application__area", "decision")
        .get(pk=grant.pk)
    )


def grant_file_stem(grant: Grant) -> str:
    return (grant.case_number or str(grant.pk)).replace("/", "-")
