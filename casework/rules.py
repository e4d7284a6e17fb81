"""Who may read and write messages on a case (django `rules`), and the visibility querysets
every casework surface (portal pages, downloads, the admin, notices) reads threads by.

A thread is seen by the users of its organisation, while the case is theirs to see
(applications.rules / reporting.rules), and by IMDi staff once the case is IMDi's to see
(a submitted application; every grant and report obligation). Nobody else: another
municipality gets a 404. Internal notes are IMDi's only."""

import rules
from django.db.models import Q

from applications.rules import applications_owned_by, applications_sent_to_imdi, grants_sent_to, grants_visible_to
from organisations.rules import budget_holder, imdi_staff, is_approver_of, is_member_of, officer, organisation_ids_of
from reporting.rules import obligations_owned_by, obligations_visible_to

# The organisation's users write on their own cases; IMDi's officers and budget holders answer.
imdi_writer = officer | budget_holder
rules.add_perm("casework.write_message", is_member_of | imdi_writer)
rules.add_perm("casework.write_internal_note", imdi_writer)
rules.add_perm("casework.read_threads", imdi_staff)
# Requests about an awarded grant: the organisation's approver asks for a change (it binds the
# organisation, like the acceptance), any of its users for a later deadline; an officer decides.
rules.add_perm("casework.ask_grant_change", is_approver_of)
rules.add_perm("casework.ask_deadline_extension", is_member_of)
rules.add_perm("casework.decide_grant_request", officer)


def grant_requests_visible_to(user):
    """IMDi staff see every request; a municipal user those of their organisations' grants once
    the letter is sent (the grants they see). Anyone else none."""
    from casework.models import GrantRequest

    if not getattr(user, "is_authenticated", False):
        return GrantRequest.objects.none()
    if imdi_staff(user):
        return GrantRequest.objects.all().select_related("grant", "organisation", "obligation")
    return GrantRequest.objects.filter(
        grant__in=grants_sent_to(user).values("pk"), organisation_id__in=organisation_ids_of(user)
    ).select_related("grant", "organisation", "obligation")


def threads_visible_to(user):
    from casework.models import Thread

    if not getattr(user, "is_authenticated", False):
        return Thread.objects.none()
    own = organisation_ids_of(user)
    q = Q(organisation_id__in=own) & (
        Q(application__in=applications_owned_by(user).values("pk"))
        | Q(grant__in=grants_sent_to(user).values("pk"))
        | Q(obligation__in=obligations_owned_by(user).values("pk"))
    )
    if imdi_staff(user):
        q |= (
            Q(application__in=applications_sent_to_imdi().values("pk"))
            | Q(grant__in=grants_visible_to(user).values("pk"))
            | Q(obligation__in=obligations_visible_to(user).values("pk"))
        )
    return Thread.objects.filter(q).select_related("organisation")


def sees_internal_notes(user) -> bool:
    return bool(imdi_staff(user))


def messages_visible_to(user, thread=None):
    """The messages the user may read (internal notes only for IMDi staff)."""
    from casework.models import Message

    qs = Message.objects.filter(thread__in=threads_visible_to(user).values("pk"))
    if thread is not None:
        qs = qs.filter(thread=thread)
    if not sees_internal_notes(user):
        qs = qs.filter(internal=False)
    return qs.select_related("author")


def message_attachments_visible_to(user):
    from casework.models import MessageAttachment

    return MessageAttachment.objects.filter(message__in=messages_visible_to(user).values("pk"))


def case_visible_to(user, case) -> bool:
    """May `user` see `case` (an application, grant or report obligation) to message on it?"""
    from applications.models import Application, Grant

    if isinstance(case, Application):
        mine = applications_owned_by(user).filter(pk=case.pk).exists()
        imdi = imdi_staff(user) and applications_sent_to_imdi().filter(pk=case.pk).exists()
    elif isinstance(case, Grant):
        mine = grants_sent_to(user).filter(pk=case.pk).exists()
        imdi = imdi_staff(user)
    else:
        mine = obligations_owned_by(user).filter(pk=case.pk).exists()
        imdi = imdi_staff(user)
    return bool(mine or imdi)


def may_write(user, thread_or_case) -> bool:
    return bool(user.has_perm("casework.write_message", thread_or_case))


def may_write_internal(user) -> bool:
    return bool(user.has_perm("casework.write_internal_note"))
