"""Finance's batch pages under /utbetalinger/bunter/ and the year's export (finance role):
build, four eyes, payment file, paid, the bank's return file. Thin: forms in, services do the
work."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.calendar import today_oslo
from payments import exports, selectors, services
from payments.forms import BatchCreateForm, BatchPaidForm, LineFailForm
from payments.models import Payment, PayoutBatchLine
from payments.rules import payments_visible_to
from payments.views import CSV_TYPE, XLSX_TYPE, _form_errors, finance_required


@finance_required
@require_POST
def batch_create(request):
    form = BatchCreateForm(request.POST)
    if not form.is_valid():
        for field, errors in form.errors.items():
            for error in errors:
                label = form.fields[field].label if field in form.fields else ""
                messages.error(request, f"{label}: {error}" if label else error)
        return redirect("payments:due")
    try:
        batch = services.payout_batch_create(actor=request.user, **form.cleaned_data)
    except ValidationError as exc:
        _form_errors(request, exc)
        return redirect("payments:due")
    messages.success(request, _("Utbetalingsbunt %(ref)s er opprettet.") % {"ref": batch.reference})
    return redirect("payments:batch", pk=batch.pk)


@finance_required
def batch_list(request):
    return render(request, "payments/batch_list.html", {"batches": selectors.batches_with_totals(request.user)[:200]})


@finance_required
def batch_detail(request, pk):
    batch = get_object_or_404(selectors.batches_with_totals(request.user), pk=pk)
    lines = list(selectors.batch_lines(batch))
    by_scheme = {}
    for line in lines:
        if line.is_open or line.outcome == PayoutBatchLine.Outcome.PAID:
            key = (line.payment.grant.call.scheme.name, line.payment.grant.call.scheme.chapter_post)
            by_scheme[key] = by_scheme.get(key, 0) + line.amount
    held = selectors.organisation_ids_with_pending_account(line.payment.grant.organisation_id for line in lines)
    for line in lines:
        line.account_pending = line.is_open and line.payment.grant.organisation_id in held
    return render(
        request,
        "payments/batch_detail.html",
        {
            "batch": batch,
            "lines": lines,
            "account_pending": any(line.account_pending for line in lines),
            "by_scheme": sorted(by_scheme.items()),
            "paid_form": BatchPaidForm(initial={"paid_on": today_oslo()}),
            "fail_form": LineFailForm(),
        },
    )


@finance_required
@require_POST
def batch_mark_paid(request, pk):
    batch = selectors.batch_for(request.user, pk)
    form = BatchPaidForm(request.POST)
    if form.is_valid():
        try:
            services.payout_batch_mark_paid(batch=batch, actor=request.user, **form.cleaned_data)
            messages.success(request, _("Bunten er registrert som utbetalt."))
        except ValidationError as exc:
            _form_errors(request, exc)
    else:
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
    return redirect("payments:batch", pk=batch.pk)


@finance_required
@require_POST
def batch_line_fail(request, pk, line_pk):
    line = selectors.batch_line_for(request.user, pk, line_pk)
    form = LineFailForm(request.POST)
    if form.is_valid():
        try:
            services.payout_batch_line_fail(line=line, actor=request.user, reason=form.cleaned_data["reason"])
            messages.success(request, _("Utbetalingen er markert som feilet og er klar til utbetaling igjen."))
        except ValidationError as exc:
            _form_errors(request, exc)
    else:
        messages.error(request, _("Oppgi feilårsak."))
    return redirect("payments:batch", pk=pk)


@finance_required
@require_POST
def batch_cancel(request, pk):
    batch = selectors.batch_for(request.user, pk)
    try:
        services.payout_batch_cancel(batch=batch, actor=request.user)
        messages.success(request, _("Bunten er avbrutt; utbetalingene er klare igjen."))
    except ValidationError as exc:
        _form_errors(request, exc)
    return redirect("payments:batch", pk=pk)


def _batch_payments(batch):
    return Payment.objects.filter(batch_lines__batch=batch, batch_lines__is_open=True).order_by("planned_date", "id")


@finance_required
@require_POST
def batch_payment_file(request, pk):
    """«Lag betalingsfil»: makes the pain.001 file once and records it; the page then offers
    the download (the same stored bytes every time)."""
    batch = selectors.batch_for(request.user, pk)
    try:
        services.payout_batch_payment_file_create(batch=batch, actor=request.user)
        messages.success(request, _("Betalingsfilen er laget. Last den ned og send den til banken."))
    except ValidationError as exc:
        _form_errors(request, exc)
    return redirect("payments:batch", pk=pk)


@finance_required
def batch_export(request, pk, file_format):
    """A plain download: nothing is recorded (the payment file's making is, by its POST)."""
    batch = selectors.batch_for(request.user, pk)
    if file_format == "xml" and not batch.payment_file_exported:
        messages.error(request, _("Betalingsfilen er ikke laget ennå. Trykk «Lag betalingsfil» først."))
        return redirect("payments:batch", pk=pk)
    # CSV and Excel are schedules for reading, not payment orders.
    if file_format in ("csv", "xlsx"):
        payments = _batch_payments(batch) if batch.is_open else _batch_paid(batch)
        if file_format == "csv":
            return _csv_response(payments, f"{batch.reference}.csv")
        return _xlsx_response(payments, f"{batch.reference}.xlsx", title=batch.reference)
    try:
        handle = batch.payment_file.open("rb")
    except (FileNotFoundError, ValueError) as exc:
        raise Http404 from exc
    return FileResponse(
        handle, as_attachment=True, filename=f"{batch.reference}-pain001.xml", content_type="application/xml"
    )


def _batch_paid(batch):
    return Payment.objects.filter(batch_lines__batch=batch, batch_lines__outcome="paid").order_by("planned_date", "id")


def _csv_response(payments, filename):
    response = StreamingHttpResponse(exports.schedule_csv_stream(payments), content_type=CSV_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _xlsx_response(payments, filename, *, title):
    return FileResponse(
        exports.schedule_xlsx_file(payments, title=title),
        as_attachment=True,
        filename=filename,
        content_type=XLSX_TYPE,
    )


@finance_required
def year_export(request, year, file_format):
    """The whole year's payment plan (all grants of the year, not cancelled)."""
    year = int(year)
    payments = (
        payments_visible_to(request.user)
        .filter(grant__year=year)
        .exclude(status=Payment.Status.CANCELLED)
        .order_by("planned_date", "id")
    )
    if file_format == "csv":
        return _csv_response(payments, f"utbetalinger-{year}.csv")
    return _xlsx_response(payments, f"utbetalinger-{year}.xlsx", title=str(year))
