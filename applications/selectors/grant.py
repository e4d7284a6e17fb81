"""Reads for grants, letters and acceptance: who may see and do what, and what a letter says."""

import datetime as dt
from decimal import Decimal

from django.db.models import Q
from django.utils import timezone

from applications.models import Grant, GrantLetter, LetterSendJob
from applications.rules import GRANT_PORTAL_STATUSES, grants_sent_to
from core.calendar import is_past_deadline
from core.money import split_exact, to_money
from core.transitions import may
from organisations.models import Membership, Organisation

# Grants the portal shows: a grant becomes visible to the municipality with its letter.
PORTAL_STATUSES = GRANT_PORTAL_STATUSES
DEFAULT_REMINDER_DAYS = (7, 2)


# --- who may do what -------------------------------------------------------------------------


def membership_role(user, organisation_id) -> str | None:
    """The user's role in the organisation, or None when not a member."""
    if not getattr(user, "is_authenticated", False):
        return None
    return Membership.objects.filter(user=user, organisation_id=organisation_id).values_list("role", flat=True).first()


def can_prepare_acceptance(user, grant: Grant) -> bool:
    """Caseworkers and approvers of the organisation may fill in the acceptance details."""
    return grant.awaits_acceptance and user.has_perm("applications.prepare_acceptance", grant)


def can_accept(user, grant: Grant) -> bool:
    """Only an approver (director or delegated authority) accepts or declines a grant letter
    (the Grant transition's permission, applications.rules)."""
    return may(grant, user, "accept")


# --- portal visibility -----------------------------------------------------------------------


def grants_for_user(user):
    """Grants of the user's organisations that have a letter, newest first (applications.rules)."""
    return (
        grants_sent_to(user)
        .select_related("call__scheme", "organisation", "application")
        .order_by("-year", "acceptance_deadline", "case_number")
    )


def grants_filtered(grants, *, q="", status="", year=None):
    """The portal's grant list searched by case number, title or recipient and filtered by
    status and year, in the database (the list's query count does not change)."""
    if q:
        grants = grants.filter(
            Q(case_number__icontains=q)
            | Q(application__title__icontains=q)
            | Q(call__title__icontains=q)
            | Q(call__scheme__name__icontains=q)
            | Q(organisation__name__icontains=q)
        )
    if status:
        grants = grants.filter(status=status)
    if year:
        grants = grants.filter(year=year)
    return grants


def grants_awaiting_acceptance(user):
    """Letters the user's organisations have not yet answered, the nearest deadline first."""
    return grants_for_user(user).filter(status=Grant.Status.LETTER_SENT).order_by("acceptance_deadline", "id")


def letters_for_grant(grant: Grant):
    return GrantLetter.objects.filter(grant=grant).select_related("signed_by", "replaces").order_by("version")


def latest_letter(grant: Grant) -> GrantLetter | None:
    return GrantLetter.objects.filter(grant=grant).order_by("-version").first()


def acceptance_is_late(grant: Grant, *, now=None) -> bool:
    return grant.acceptance_deadline is not None and is_past_deadline(grant.acceptance_deadline, now=now)


# --- acceptance details ----------------------------------------------------------------------


def earlier_grants_text(organisation: Organisation, *, exclude: Grant | None = None) -> str:
    """Earlier IMDi grants the organisation accepted, one line each with date and case number,
    as the acceptance letter must list them (rundskriv 06/2024 section 6)."""
    grants = (
        Grant.objects.filter(organisation=organisation, status__in=[Grant.Status.ACCEPTED, Grant.Status.CLOSED])
        .select_related("call__scheme", "acceptance")
        .order_by("year", "case_number")
    )
    if exclude is not None:
        grants = grants.exclude(pk=exclude.pk)
    lines = []
    for grant in grants:
        acceptance = getattr(grant, "acceptance", None)
        day = acceptance.decided_at.date() if acceptance else dt.date(grant.year, 1, 1)
        lines.append(f"{day:%d.%m.%Y} – saksnr. {grant.case_number} – {grant.call.scheme.name} {grant.year}")
    return "\n".join(lines)


def acceptance_initial(grant: Grant) -> dict:
    """The details to start from: a saved draft, else the organisation's register data."""
    draft = getattr(grant, "acceptance_draft", None)
    if draft is not None:
        return {
            field: getattr(draft, field)
            for field in (
                "organisation_name",
                "address",
                "phone",
                "email",
                "org_number",
                "bank_account",
                "contact_persons",
                "competence",
                "earlier_grants",
            )
        }
    org = grant.organisation
    postal = " ".join(part for part in (org.postal_code, org.postal_place) if part)
    contact = ""
    if grant.application_id and grant.application.contact_name:
        application = grant.application
        contact = ", ".join(
            part for part in (application.contact_name, application.contact_email, application.contact_phone) if part
        )
    return {
        "organisation_name": org.name,
        "address": ", ".join(part for part in (org.address, postal) if part),
        "phone": org.phone,
        "email": org.email,
        "org_number": org.org_number,
        "bank_account": org.bank_account,
        "contact_persons": contact,
        "competence": "",
        "earlier_grants": earlier_grants_text(org, exclude=grant),
    }


# --- what a letter says ----------------------------------------------------------------------


def grant_amounts_by_year(grant: Grant) -> list[dict]:
    """The grant year's amount, then the later years of a multi-year project. Later years are
    subject to the Storting's appropriation (rundskriv 08/2024: awarded one year at a time)."""
    years = [
        {
            "year": grant.year,
            "amount": grant.amount,
            "project": grant.project_amount,
            "allowance": grant.allowance,
            "reserved": False,
        }
    ]
    decision = grant.decision
    for item in (decision.later_years if decision else None) or []:
        try:
            project, allowance = to_money(item["amount"]), to_money(item.get("allowance") or "0")
            years.append(
                {
                    "year": int(item["year"]),
                    "amount": project + allowance,
                    "project": project,
                    "allowance": allowance,
                    "reserved": True,
                }
            )
        except (KeyError, TypeError, ValueError):
            continue
    return years


def grant_payout_plan(grant: Grant, *, not_before: dt.date | None = None) -> list[dict]:
    """The call's payout terms with their dates moved to bank days, and the amount of each term
    (split exactly, the remainder on the last term). A term already past on `not_before` (the
    letter's date; a reception-centre letter often goes out after the first term) is planned on
    the first bank day on or after it, as the payment plan will (payments.services.plan)."""
    terms = list(grant.call.payout_terms.order_by("number"))
    if not terms:
        return []
    parts = split_exact(grant.amount, len(terms))
    floor = not_before or dt.date(grant.year, 1, 1)
    return [
        {"label": term.label, "date": term.bank_day(grant.year, not_before=floor), "amount": part}
        for term, part in zip(terms, parts, strict=True)
    ]


def reception_basis(grant: Grant) -> dict | None:
    """places × monthly rate × months for a reception-centre grant, when it is known."""
    if grant.places and grant.monthly_rate and grant.months:
        return {"places": grant.places, "monthly_rate": grant.monthly_rate, "months": grant.months}
    # The reception offer (assessment issue) keeps the month-by-month computation.
    offer = getattr(grant, "reception_offer", None)
    rows = []
    for item in (offer.months if offer else None) or []:
        if isinstance(item, dict):
            rows.append(item)
    if rows:
        return {"rows": rows}
    return None


def grant_letter_context(
    grant: Grant,
    *,
    signed_by,
    sent_on: dt.date,
    acceptance_deadline: dt.date,
    version: int = 1,
    replaces: GrantLetter | None = None,
    correction_note: str = "",
    preview: bool = False,
) -> dict:
    """Everything a grant letter states (rundskriv 06/2024 section 6.1; rundskriv 08/2024)."""
    call = grant.call
    scheme = call.scheme
    application = grant.application
    area = application.area if application else None
    amounts = grant_amounts_by_year(grant)
    special_conditions = grant.special_conditions or (grant.decision.special_conditions if grant.decision else "")
    return {
        "grant": grant,
        "call": call,
        "scheme": scheme,
        "organisation": grant.organisation,
        "application": application,
        "area": area,
        "amounts": amounts,
        "total_amount": sum((row["amount"] for row in amounts), Decimal("0")),
        "multi_year": len(amounts) > 1,
        "has_allowance": any(row["allowance"] for row in amounts),
        "payout_plan": grant_payout_plan(grant, not_before=sent_on),
        "reception_basis": reception_basis(grant) if not call.is_competitive else None,
        "special_conditions": special_conditions,
        "report_deadlines": list(call.report_deadlines.order_by("due_date", "kind")),
        "acceptance_deadline": acceptance_deadline,
        "sent_on": sent_on,
        "signed_by": signed_by,
        "version": version,
        "replaces": replaces,
        "correction_note": correction_note,
        "preview": preview,
    }


def grants_due_for_sweep():
    """Letters out and unanswered, with a deadline, not yet flagged overdue."""
    return (
        Grant.objects.filter(
            status=Grant.Status.LETTER_SENT,
            acceptance_deadline__isnull=False,
            acceptance_overdue_flagged_at__isnull=True,
        )
        .select_related("call")
        .order_by("id")
    )


def reminder_days(call) -> list[int]:
    days = call.acceptance_reminder_days or DEFAULT_REMINDER_DAYS
    return sorted({int(d) for d in days if int(d) >= 0})


def grants_flagged_overdue():
    return Grant.objects.filter(
        Q(status=Grant.Status.LETTER_SENT) & Q(acceptance_overdue_flagged_at__isnull=False)
    ).select_related("organisation", "call")


# A job whose worker died never finishes; after this long it no longer blocks a new one.
SEND_JOB_STALE_AFTER = dt.timedelta(hours=2)


def letter_job_pending(grant: Grant) -> LetterSendJob | None:
    """The queued or running job that will send the letter of `grant` (all of its call's, or
    a selection holding it), if any."""
    if not grant.is_decided:
        return None
    return (
        LetterSendJob.objects.filter(
            Q(grants=None) | Q(grants=grant),
            call_id=grant.call_id,
            status__in=[LetterSendJob.Status.QUEUED, LetterSendJob.Status.RUNNING],
            created_at__gte=timezone.now() - SEND_JOB_STALE_AFTER,
        )
        .order_by("-created_at")
        .first()
    )
