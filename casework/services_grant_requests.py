"""Every write on requests about an awarded grant (issue 15): a municipality asks for a change
(budget lines, period, project lead, partners) or a later acceptance or report deadline, with its
reasons; an officer approves or refuses it in writing (a letter, archived as PDF with its
SHA-256); an approved request is applied to the grant then, and only then (`grant_request_apply`
refuses anything not approved). Each step writes a case event and sends its notice after the
commit through core.notifications.notification_send."""

import datetime as dt
import re
from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from applications.models import BudgetLine, BudgetYear, Grant
from applications.services.application import period_exceeds_max_years
from applications.services.grant import grant_acceptance_deadline_extend
from casework.models import GrantRequest
from core.calendar import today_oslo
from core.documents import document_kind_register, document_render_enqueue
from core.pdf import pdf_render, sha256_hex
from core.services import case_event_record
from core.transitions import transition_apply
from organisations.models import Organisation
from reporting.selectors import OPEN_STATES
from reporting.services import report_obligation_due_date_extend

K = GrantRequest.Kind
CHANGE_KINDS = (K.BUDGET, K.PERIOD, K.PROJECT_LEAD, K.PARTNERS)
REASON_MAX = 4000
EXTENSION_DAYS_MAX = 180
BUDGET_LINES_MAX = 50
AMOUNT_MAX = Decimal("999999999999.99")
# A change may be asked once the letter is out, while the grant runs.
GRANT_OPEN = (Grant.Status.LETTER_SENT, Grant.Status.ACCEPTED)


def _fmt_date(day) -> str:
    return day.strftime("%d.%m.%Y") if day else "–"


def _grant_year_budget(grant):
    return BudgetYear.objects.filter(application_id=grant.application_id, year=grant.year).first()


def _budget_text(budget_year) -> str:
    if budget_year is None:
        return "–"
    lines = budget_year.lines.order_by("pk")
    return "\n".join(f"{line.get_category_display()}; {line.description}; {line.amount}" for line in lines) or "–"


def _category(text: str):
    """A category by its code, its label, or the unique start of its label ("reise")."""
    wanted = text.strip().lower()
    for value, label in BudgetLine.Category.choices:
        if wanted in (value, str(label).lower()):
            return value
    starts = [
        value
        for value, label in BudgetLine.Category.choices
        if len(wanted) >= 3 and str(label).lower().startswith(wanted)
    ]
    return starts[0] if len(starts) == 1 else None


def _budget_parse(text: str) -> list[dict]:
    """Lines "kategori; beskrivelse; beløp", one per row: every problem named with its row."""
    rows = [row for row in (text or "").splitlines() if row.strip()]
    if not rows:
        raise ValidationError({"budget_lines": _("Skriv minst én budsjettlinje.")})
    if len(rows) > BUDGET_LINES_MAX:
        raise ValidationError({"budget_lines": _("Høyst %(max)s budsjettlinjer.") % {"max": BUDGET_LINES_MAX}})
    lines, problems = [], []
    for number, row in enumerate(rows, start=1):
        parts = [part.strip() for part in row.split(";")]
        if len(parts) != 3:
            problems.append(_("Linje %(n)s: skriv kategori; beskrivelse; beløp.") % {"n": number})
            continue
        category = _category(parts[0])
        raw = re.sub(r"[\s\u00a0]", "", parts[2]).replace(",", ".")
        try:
            amount = Decimal(raw)
        except InvalidOperation:
            amount = None
        if category is None:
            problems.append(_("Linje %(n)s: ukjent kategori «%(c)s».") % {"n": number, "c": parts[0][:40]})
        elif not parts[1] or len(parts[1]) > 300:
            problems.append(_("Linje %(n)s: beskrivelsen må ha 1–300 tegn.") % {"n": number})
        elif amount is None or not amount.is_finite() or amount.adjusted() > 12 or amount.as_tuple().exponent < -2:
            problems.append(_("Linje %(n)s: skriv beløpet som et tall med høyst to desimaler.") % {"n": number})
        elif amount < 0 or amount > AMOUNT_MAX:
            problems.append(_("Linje %(n)s: beløpet kan ikke være negativt eller urimelig stort.") % {"n": number})
        else:
            lines.append({"category": category, "description": parts[1], "amount": str(amount)})
    if problems:
        raise ValidationError({"budget_lines": problems})
    return lines


def _proposal_clean(kind, grant, data) -> tuple[dict, dict]:
    """(proposal, before) for `kind`, or a ValidationError naming the form's fields."""
    application = grant.application
    if kind == K.PERIOD:
        start, end = data.get("project_start"), data.get("project_end")
        if not isinstance(start, dt.date) or not isinstance(end, dt.date):
            raise ValidationError({"project_end": _("Skriv både ny prosjektstart og ny prosjektslutt.")})
        if end < start:
            raise ValidationError({"project_end": _("Prosjektslutt kan ikke være før prosjektstart.")})
        if period_exceeds_max_years(start, end, grant.call.max_project_years):
            raise ValidationError(
                {
                    "project_end": _("Prosjektperioden kan være høyst %(years)s år.")
                    % {"years": grant.call.max_project_years}
                }
            )
        before = {
            "project_start": str(application.project_start or ""),
            "project_end": str(application.project_end or ""),
        }
        proposal = {"project_start": start.isoformat(), "project_end": end.isoformat()}
        if proposal == before:
            raise ValidationError({"project_end": _("Perioden er den samme som nå.")})
        return proposal, before
    if kind == K.PROJECT_LEAD:
        name = " ".join((data.get("contact_name") or "").split())
        email = (data.get("contact_email") or "").strip()
        phone = (data.get("contact_phone") or "").strip()
        errors = {}
        if not name or len(name) > 200:
            errors["contact_name"] = _("Skriv navnet på den nye prosjektlederen (høyst 200 tegn).")
        try:
            validate_email(email)
        except ValidationError:
            errors["contact_email"] = _("Skriv en gyldig e-postadresse.")
        if len(phone) > 30:
            errors["contact_phone"] = _("Telefonnummeret er for langt.")
        if errors:
            raise ValidationError(errors)
        before = {"contact_name": application.contact_name, "contact_email": application.contact_email}
        before["contact_phone"] = application.contact_phone
        return {"contact_name": name, "contact_email": email, "contact_phone": phone}, before
    if kind == K.PARTNERS:
        ids = sorted({int(pk) for pk in data.get("partners") or [] if str(pk).isdigit()})
        found = Organisation.objects.filter(pk__in=ids, active=True).exclude(pk=grant.organisation_id)
        if len(found) != len(ids):
            raise ValidationError({"partners": _("Ugyldig samarbeidskommune.")})
        before_ids = sorted(application.partners.values_list("pk", flat=True))
        if ids == before_ids:
            raise ValidationError({"partners": _("Samarbeidskommunene er de samme som nå.")})
        names = ", ".join(sorted(o.name for o in found)) or "–"
        before_names = ", ".join(sorted(application.partners.values_list("name", flat=True))) or "–"
        return {"partners": ids, "text": names}, {"partners": before_ids, "text": before_names}
    if kind == K.BUDGET:
        lines = _budget_parse(data.get("budget_lines") or "")
        return {"lines": lines}, {"text": _budget_text(_grant_year_budget(grant))}
    # deadlines
    current = data["current_deadline"]
    new = data.get("new_deadline")
    if not isinstance(new, dt.date):
        raise ValidationError({"new_deadline": _("Skriv en gyldig ny frist.")})
    if new <= current:
        raise ValidationError({"new_deadline": _("Den nye fristen må være etter den gjeldende fristen.")})
    if new <= today_oslo():
        raise ValidationError({"new_deadline": _("Den nye fristen må være etter i dag.")})
    if new > current + dt.timedelta(days=EXTENSION_DAYS_MAX):
        raise ValidationError(
            {"new_deadline": _("Fristen kan forlenges med høyst %(days)s dager.") % {"days": EXTENSION_DAYS_MAX}}
        )
    return {"deadline": new.isoformat()}, {"deadline": current.isoformat()}


def _may_ask(actor, kind, grant) -> bool:
    perm = "casework.ask_deadline_extension" if kind not in CHANGE_KINDS else "casework.ask_grant_change"
    return bool(actor.has_perm(perm, grant))


@transaction.atomic
def grant_request_create(*, actor, grant, kind, reason, obligation=None, **data) -> GrantRequest:
    """The municipality asks; refused with the reason next to the field, nothing saved."""
    from applications.rules import grants_sent_to

    if kind not in K.values or not grants_sent_to(actor).filter(pk=grant.pk).exists():
        raise PermissionDenied
    if not _may_ask(actor, kind, grant):
        raise PermissionDenied(_("Du har ikke tilgang til å be om dette."))
    grant = Grant.objects.select_for_update(of=("self",)).select_related("application", "call").get(pk=grant.pk)
    reason = (reason or "").strip()
    errors = {}
    if not reason:
        errors["reason"] = _("Skriv en begrunnelse.")
    elif len(reason) > REASON_MAX:
        errors["reason"] = _("Begrunnelsen er for lang (høyst %(max)s tegn).") % {"max": REASON_MAX}
    if kind in CHANGE_KINDS and (grant.application_id is None or grant.status not in GRANT_OPEN):
        raise ValidationError(_("Dette tilskuddet kan ikke endres i portalen."))
    if kind == K.ACCEPTANCE_DEADLINE:
        if not grant.awaits_acceptance or grant.acceptance_deadline is None:
            raise ValidationError(_("Tilskuddet venter ikke på aksept."))
        data["current_deadline"] = grant.acceptance_deadline
    if kind == K.REPORT_DEADLINE:
        if obligation is None or obligation.grant_id != grant.pk or obligation.status not in OPEN_STATES:
            raise ValidationError(_("Rapporten er ikke åpen; fristen kan ikke flyttes."))
        data["current_deadline"] = obligation.due_date
    else:
        obligation = None
    try:
        proposal, before = _proposal_clean(kind, grant, data)
    except ValidationError as exc:
        if not hasattr(exc, "error_dict"):
            raise
        errors.update(exc.message_dict)
    if errors:
        raise ValidationError(errors)
    try:
        with transaction.atomic():
            request = GrantRequest.objects.create(
                grant=grant,
                obligation=obligation,
                organisation_id=grant.organisation_id,
                case_number=grant.case_number,
                kind=kind,
                reason=reason,
                proposal=proposal,
                before=before,
                requested_by=actor,
            )
    except IntegrityError:
        raise ValidationError(_("Det er allerede et ønske om dette til behandling.")) from None
    case_event_record(
        subject=grant,
        action="grant_request_made",
        actor=actor,
        message=reason,
        data={"request": request.pk, "kind": kind},
    )
    from casework.notices import grant_request_received_notify

    request_id = request.pk
    transaction.on_commit(lambda: grant_request_received_notify(request_id=request_id))
    return request


GRANT_REQUEST_LETTER = "casework.grant_request_letter"


def grant_request_letter_render(request) -> tuple[str, bytes]:
    """The decision in writing, in the organisation's written standard, dated the decision day;
    rendered off the request by the documents worker (core.documents), stored once with its hash."""
    from django.utils import translation

    organisation = request.organisation
    language = organisation.written_standard or "nb"
    with translation.override(language):
        approved = request.status == GrantRequest.Status.APPROVED
        decision_text = (
            _("IMDi godkjenner endringen. Den gjelder fra datoen for dette brevet.")
            if approved
            else _("IMDi godkjenner ikke endringen. Vilkårene i tilskuddsbrevet gjelder uendret.")
        )
        rows = grant_request_rows(request)
    pdf = pdf_render(
        "casework/grant_request_letter.pdf.html",
        {
            "request": request,
            "grant": request.grant,
            "organisation": organisation,
            "rows": rows,
            "decision_text": decision_text,
        },
        language=language,
    )
    return f"{request.case_number.replace('/', '-')}-{request.pk}-{sha256_hex(pdf)[:12]}.pdf", pdf


def grant_request_letter_stored(*, obj, digest) -> None:
    """Once the letter is stored (with its hash), the organisation's notice with it attached."""
    from casework.notices import grant_request_decided_notify

    request_id = obj.pk
    transaction.on_commit(lambda: grant_request_decided_notify(request_id=request_id))


def grant_request_letters_pending(queryset):
    """Decided requests (approved or refused) whose letter is not stored yet."""
    return queryset.filter(decided_at__isnull=False)


@transaction.atomic
def grant_request_decide(*, actor, request, approve: bool, comment: str) -> GrantRequest:
    """An officer approves (and the change is applied) or refuses, with the reasons in the letter."""
    request = (
        GrantRequest.objects.select_for_update(of=("self",)).select_related("grant", "organisation").get(pk=request.pk)
    )
    comment = (comment or "").strip()
    if len(comment) > REASON_MAX:
        raise ValidationError({"comment": _("Begrunnelsen er for lang (høyst %(max)s tegn).") % {"max": REASON_MAX}})
    if not approve and not comment:
        raise ValidationError({"comment": _("Skriv hvorfor ønsket avslås.")})
    request.decided_by, request.decided_at, request.decision_comment = actor, timezone.now(), comment
    transition_apply(
        obj=request,
        transition="approve" if approve else "refuse",
        actor=actor,
        subject=request.grant,
        event="grant_request_approved" if approve else "grant_request_refused",
        message=comment,
        data={"request": request.pk, "kind": request.kind},
        update_fields=["decided_by", "decided_at", "decision_comment"],
    )
    if approve:
        grant_request_apply(request=request, actor=actor)
    # The letter is rendered by the documents worker; the notice follows the stored letter.
    document_render_enqueue(kind=GRANT_REQUEST_LETTER, obj=request)
    return request


@transaction.atomic
def grant_request_apply(*, request, actor) -> GrantRequest:
    """Apply an approved request to the grant, once. Anything not approved is refused."""
    request = (
        GrantRequest.objects.select_for_update(of=("self",)).select_related("grant__application").get(pk=request.pk)
    )
    if request.status != GrantRequest.Status.APPROVED:
        raise ValidationError(_("Ønsket er ikke godkjent av IMDi og kan ikke gjennomføres."))
    if request.applied_at is not None:
        raise ValidationError(_("Ønsket er allerede gjennomført."))
    grant, proposal = request.grant, request.proposal
    application = grant.application
    if request.kind == K.PERIOD:
        application.project_start = dt.date.fromisoformat(proposal["project_start"])
        application.project_end = dt.date.fromisoformat(proposal["project_end"])
        application.save(update_fields=["project_start", "project_end", "updated_at"])
    elif request.kind == K.PROJECT_LEAD:
        for field in ("contact_name", "contact_email", "contact_phone"):
            setattr(application, field, proposal[field])
        application.save(update_fields=["contact_name", "contact_email", "contact_phone", "updated_at"])
    elif request.kind == K.PARTNERS:
        application.partners.set(proposal["partners"])
    elif request.kind == K.BUDGET:
        budget_year = _grant_year_budget(grant) or BudgetYear.objects.create(
            application=application, year_index=1, year=grant.year
        )
        budget_year.lines.all().delete()
        BudgetLine.objects.bulk_create(
            BudgetLine(
                budget_year=budget_year,
                category=line["category"],
                description=line["description"],
                amount=Decimal(line["amount"]),
            )
            for line in proposal["lines"]
        )
    elif request.kind == K.ACCEPTANCE_DEADLINE:
        grant_acceptance_deadline_extend(
            grant=grant, actor=actor, new_deadline=dt.date.fromisoformat(proposal["deadline"]), reason=request.reason
        )
    else:
        report_obligation_due_date_extend(
            obligation=request.obligation,
            actor=actor,
            new_due_date=dt.date.fromisoformat(proposal["deadline"]),
            reason=request.reason,
        )
    request.applied_at = timezone.now()
    request.save(update_fields=["applied_at"])
    case_event_record(
        subject=grant, action="grant_change_applied", actor=actor, data={"request": request.pk, "kind": request.kind}
    )
    return request


def grant_request_rows(request) -> list[tuple[str, str, str]]:
    """(what, now, asked for) for the pages and the letter."""
    before, proposal = request.before, request.proposal
    if request.kind == K.PERIOD:
        fmt = lambda v: _fmt_date(dt.date.fromisoformat(v)) if v else "–"  # noqa: E731
        return [
            (_("Prosjektstart"), fmt(before.get("project_start")), fmt(proposal["project_start"])),
            (_("Prosjektslutt"), fmt(before.get("project_end")), fmt(proposal["project_end"])),
        ]
    if request.kind == K.PROJECT_LEAD:
        return [
            (_("Navn"), before.get("contact_name") or "–", proposal["contact_name"]),
            (_("E-post"), before.get("contact_email") or "–", proposal["contact_email"]),
            (_("Telefon"), before.get("contact_phone") or "–", proposal["contact_phone"] or "–"),
        ]
    if request.kind == K.PARTNERS:
        return [(_("Samarbeidskommuner"), before.get("text", "–"), proposal["text"])]
    if request.kind == K.BUDGET:
        labels = dict(BudgetLine.Category.choices)
        asked = "\n".join(
            f"{labels[line['category']]}; {line['description']}; {line['amount']}" for line in proposal["lines"]
        )
        return [(_("Budsjettlinjer"), before.get("text", "–"), asked)]
    return [
        (
            _("Frist"),
            _fmt_date(dt.date.fromisoformat(before["deadline"])),
            _fmt_date(dt.date.fromisoformat(proposal["deadline"])),
        )
    ]


def register() -> None:
    document_kind_register(
        name=GRANT_REQUEST_LETTER,
        model="casework.GrantRequest",
        field="letter_pdf",
        render=grant_request_letter_render,
        digest_field="letter_sha256",
        stored=grant_request_letter_stored,
        pending=grant_request_letters_pending,
        created_field="decided_at",
    )
