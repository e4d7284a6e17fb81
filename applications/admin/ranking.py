"""The ranking for one call and area in the admin: the officers' scores (mean, spread), what
was applied for and recommended, running totals against the frames; the officer proposes
amounts for many applications at once (applications.services.decision_bulk), and the ranking
exports to XLSX. Reads through applications.selectors.assessment.ranking."""

import tempfile

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _

from applications import rules as app_rules
from applications.forms.assessment import BulkProposeForm, RankingForm
from applications.selectors.assessment import ranking
from applications.services.decision_bulk import decisions_propose_bulk

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _may_propose(request) -> bool:
    return app_rules.admin_officer(request.user) and request.user.has_perm("applications.add_decision")


def ranking_view(model_admin, request):
    if not model_admin.has_view_permission(request):
        raise PermissionDenied
    form = RankingForm(request.GET or None)
    result = None
    propose_form = None
    may_propose = _may_propose(request)
    if form.is_bound and form.is_valid():
        call, area = form.cleaned_data["call"], form.cleaned_data["area"]
        result = ranking(call=call, area=area, user=request.user)
        open_ids = [row["application"].pk for row in result["rows"] if row["open"] and not row["conflict"]]
        if may_propose:
            propose_form = BulkProposeForm(request.POST if request.method == "POST" else None, application_ids=open_ids)
        if request.method == "POST":
            if not may_propose:
                raise PermissionDenied
            if propose_form.is_valid():
                try:
                    decisions = decisions_propose_bulk(call=call, amounts=propose_form.amounts(), actor=request.user)
                except ValidationError as exc:
                    if not hasattr(exc, "error_dict"):
                        propose_form.add_error(None, exc.messages)
                    for key, errors in getattr(exc, "error_dict", {}).items():
                        field = f"amount_{key}"
                        propose_form.add_error(field if field in propose_form.fields else None, errors)
                except PermissionDenied as exc:
                    propose_form.add_error(None, str(exc))
                else:
                    model_admin.message_user(
                        request,
                        _("%(n)s forslag til vedtak er sendt til budsjettdisponent.") % {"n": len(decisions)},
                        messages.SUCCESS,
                    )
                    return HttpResponseRedirect(request.get_full_path())
        for row in result["rows"]:
            name = f"amount_{row['application'].pk}"
            row["field"] = propose_form[name] if propose_form is not None and name in propose_form.fields else None
    elif request.method == "POST":
        raise PermissionDenied
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": model_admin.model._meta,
        "title": _("Rangering per satsingsområde"),
        "form": form,
        "result": result,
        "propose_form": propose_form,
        "xlsx_url": (reverse("admin:applications_assessment_ranking_xlsx") + "?" + request.GET.urlencode())
        if result is not None
        else None,
    }
    return TemplateResponse(request, "admin/applications/ranking.html", context)


def _ranking_columns():
    """The XLSX columns: a header and how to read it from a ranking row (add one to add a column)."""
    return [
        (_("Rang"), lambda i, row: i),
        (_("Saksnummer"), lambda i, row: row["application"].case_number),
        (_("Søker"), lambda i, row: row["application"].organisation.name),
        (_("Fylke"), lambda i, row: row["application"].organisation.county.name),
        (_("Status"), lambda i, row: str(row["application"].get_status_display())),
        (_("Snitt sum"), lambda i, row: None if row["mean"] is None else round(float(row["mean"]), 2)),
        (_("Spredning"), lambda i, row: row["spread"]),
        (_("Antall vurderinger"), lambda i, row: row["assessors"]),
        (_("Søkt om"), lambda i, row: row["application"].amount_applied),
        (_("Anbefalt"), lambda i, row: row["recommended"]),
        (_("Foreslått"), lambda i, row: row["proposed"]),
        (_("Vedtatt"), lambda i, row: row["approved"]),
        (_("Akkumulert i området"), lambda i, row: row["area_running"]),
        (_("Akkumulert i utlysningen"), lambda i, row: row["call_running"]),
        (_("Søkerens sum"), lambda i, row: row["applicant_total"]),
    ]


def ranking_xlsx(model_admin, request):
    if not model_admin.has_view_permission(request):
        raise PermissionDenied
    form = RankingForm(request.GET or None)
    if not form.is_valid():
        return HttpResponseRedirect(reverse("admin:applications_assessment_ranking") + "?" + request.GET.urlencode())
    call, area = form.cleaned_data["call"], form.cleaned_data["area"]
    result = ranking(call=call, area=area)
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=_("Område %(n)s") % {"n": area.number})
    columns = _ranking_columns()
    bold = Font(bold=True)
    header = []
    for title, _read in columns:
        cell = WriteOnlyCell(sheet, value=str(title))
        cell.font = bold
        header.append(cell)
    sheet.append(header)
    for i, row in enumerate(result["rows"], start=1):
        sheet.append([read(i, row) for _title, read in columns])
    handle = tempfile.TemporaryFile()  # noqa: SIM115 - handed to FileResponse, which closes it
    workbook.save(handle)
    handle.seek(0)
    return FileResponse(
        handle,
        as_attachment=True,
        filename=f"rangering-{call.year}-omrade-{area.number}.xlsx",
        content_type=XLSX_TYPE,
    )
