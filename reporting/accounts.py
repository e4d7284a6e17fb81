"""The accounts of a report: the sums (computed, never typed), their checks, the approval by
the project lead and that person's superior, and reading a filled-in XLSX template.

report_save (reporting.services) writes the accounts with the rest of the draft; the guards
(who may edit, and whether the report is still open) are the ones it uses."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.services import case_event_record
from reporting.models import Report


def accounts_totals(report, lines=None) -> dict:
    """Every sum in the accounts, computed from the lines; never typed."""
    lines = list(report.accounts_lines.all() if lines is None else lines)
    grant_amount = report.obligation.grant.amount
    budget_total = sum((line.budget or Decimal("0") for line in lines), Decimal("0.00"))
    expenses = sum((line.expenses for line in lines), Decimal("0.00"))
    covered = sum((line.covered_by_grant for line in lines), Decimal("0.00"))
    income = grant_amount + report.own_contribution + report.other_income
    return {
        "grant": grant_amount,
        "budget": budget_total,
        "has_budget": any(line.budget is not None for line in lines),
        "expenses": expenses,
        "covered_by_grant": covered,
        "covered_by_other": expenses - covered,
        "own_contribution": report.own_contribution,
        "other_income": report.other_income,
        "income": income,
        "unused": grant_amount - covered,
        "deviation": expenses - budget_total,
    }


def accounts_validate(report, lines):
    errors = []
    for line in lines:
        if line.expenses < 0 or line.covered_by_grant < 0:
            errors.append(_("%(line)s: Beløpet kan ikke være negativt.") % {"line": line.description})
        if line.covered_by_grant > line.expenses:
            errors.append(
                _("%(line)s: Det som er dekket av tilskuddet kan ikke være større enn de bokførte utgiftene.")
                % {"line": line.description}
            )
    if report.own_contribution < 0 or report.other_income < 0:
        errors.append(_("Inntekter kan ikke være negative."))
    totals = accounts_totals(report, lines)
    if totals["covered_by_grant"] > totals["grant"]:
        errors.append(
            _("Utgifter dekket av tilskuddet (%(covered)s) kan ikke være større enn tilskuddet (%(grant)s).")
            % {"covered": totals["covered_by_grant"], "grant": totals["grant"]}
        )
    if errors:
        raise ValidationError(errors)


class Capacity:
    LEAD = "lead"
    SUPERIOR = "superior"
    CHOICES = [(LEAD, "prosjektansvarlig"), (SUPERIOR, "leder for prosjektansvarlig")]


@transaction.atomic
def report_accounts_approve(*, report, actor, capacity):
    """Record the approval of the accounts by the project lead or by that person's superior:
    two distinct users of the organisation."""
    from reporting.services import report_editable_require

    report = Report.objects.select_for_update().select_related("obligation__grant").get(pk=report.pk)
    report_editable_require(report=report, actor=actor)
    if not report.obligation.has_accounts:
        raise ValidationError(_("Denne rapporten har ikke regnskap."))
    now = timezone.now()
    if capacity == Capacity.LEAD:
        if report.accounts_superior_approved_by_id == actor.pk:
            raise ValidationError(
                _("Regnskapet må godkjennes av to ulike personer: du har allerede godkjent som leder.")
            )
        report.accounts_lead_approved_by, report.accounts_lead_approved_at = actor, now
        action = "accounts_approved_by_lead"
    elif capacity == Capacity.SUPERIOR:
        if report.accounts_lead_approved_by_id == actor.pk:
            raise ValidationError(
                _("Regnskapet må godkjennes av to ulike personer: du har allerede godkjent som prosjektansvarlig.")
            )
        report.accounts_superior_approved_by, report.accounts_superior_approved_at = actor, now
        action = "accounts_approved_by_superior"
    else:
        raise ValueError(capacity)
    report.save()
    case_event_record(subject=report.obligation, action=action, actor=actor)
    return report


@transaction.atomic
def report_accounts_import(*, report, actor, upload):
    """Read a filled-in accounts template into the report; nothing is saved when a cell is bad."""
    from reporting.accounts_workbook import accounts_workbook_parse
    from reporting.services import report_editable_require, report_save

    report_editable_require(report=report, actor=actor)
    values, errors = accounts_workbook_parse(report, upload)
    if errors:
        raise ValidationError(errors)
    return report_save(report=report, actor=actor, accounts=values["accounts"], lines=values["lines"])
