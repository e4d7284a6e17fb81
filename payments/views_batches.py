"""Finance's batch pages under /utbetalinger/bunter/ and the year's export (finance role):
build, four eyes, payment file, paid, the bank's return file. Thin: forms in, services do the
work."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from core.calendar import today_oslo
from core.forms import form_errors_from
from core.money import format_nok as nok
from payments import exports, selectors, services
from payments.bank_returns import MAX_BYTES
from payments.forms import BankReturnFileForm, BatchApproveForm, BatchCreateForm, BatchPaidForm, LineFailForm
from payments.jobs import year_export_enqueue
from payments.models import Payment, PayoutBatchLine
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


def _batch_page(request, batch, *, paid_form=None, return_form=None, status=200):
    lines = selectors.batch_lines_for_page(batch)
    by_scheme = {}
    for line in lines:
        if line.is_open or line.outcome == PayoutBatchLine.Outcome.PAID:
            key = (line.payment.grant.call.scheme.name, line.payment.grant.call.scheme.chapter_post)
            by_scheme[key] = by_scheme.get(key, 0) + line.amount
    paid_on = max(today_oslo(), batch.execution_date) if batch.execution_date <= today_oslo() else None
    return render(
        request,
        "payments/batch_detail.html",
        {
            "batch": batch,
            "lines": lines,
            "account_pending": any(line.account_pending for line in lines),
            "account_changed": any(line.account_changed for line in lines),
            "by_scheme": sorted(by_scheme.items()),
            "paid_form": paid_form or BatchPaidForm(initial={"paid_on": paid_on}),
            "return_form": return_form or BankReturnFileForm(),
            "return_files": list(batch.return_files.select_related("uploaded_by")),
            "may_approve": services.batch_can_approve(request.user, batch),
            "built_by_me": batch.created_by_id == request.user.pk,
        },
        status=status,
    )


@finance_required
def batch_detail(request, pk):
    return _batch_page(request, get_object_or_404(selectors.batches_with_totals(request.user), pk=pk))


def _confirm(request, batch, *, title, consequences, action, hidden, submit_label):
    return render(
        request,
        "payments/batch_confirm.html",
        {
            "batch": batch,
            "title": title,
            "consequences": consequences,
            "action_url": action,
            "hidden": hidden,
            "submit_label": submit_label,
        },
    )


@finance_required
def batch_approve(request, pk):
    """Four eyes: a second finance user sees what the batch pays (number of lines, sum, the
    flagged accounts) and approves exactly that; then the payment file can be made."""
    batch = get_object_or_404(selectors.batches_with_totals(request.user), pk=pk)
    if request.method == "POST":
        form = BatchApproveForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("Skjemaet kunne ikke leses. Åpne bunten på nytt."))
            return redirect("payments:batch", pk=batch.pk)
        try:
            services.payout_batch_approve(batch=batch, actor=request.user, **form.cleaned_data)
        except (ValidationError, PermissionDenied) as exc:
            for message in getattr(exc, "messages", [str(exc)]):
                messages.error(request, message)
        else:
            messages.success(request, _("Bunten er godkjent. Betalingsfilen kan nå lages."))
        return redirect("payments:batch", pk=batch.pk)
    if not services.batch_can_approve(request.user, batch):
        if batch.created_by_id == request.user.pk:
            messages.error(request, _("Den som laget bunten, kan ikke godkjenne den. En annen i økonomi må godkjenne."))
        else:
            messages.error(request, _("Bunten kan ikke godkjennes nå."))
        return redirect("payments:batch", pk=batch.pk)
    count, total = services.batch_open_sum(batch)
    lines = selectors.batch_lines_for_page(batch)
    changed = sum(1 for line in lines if line.is_open and line.account_changed)
    consequences = [
        _("%(count)s utbetalinger på til sammen %(total)s godkjennes for utbetaling %(day)s.")
        % {"count": count, "total": nok(total), "day": batch.execution_date.strftime("%d.%m.%Y")},
        _("Etter godkjenningen kan betalingsfilen lages og sendes til banken."),
    ]
    if changed:
        consequences.append(
            _("%(n)s av mottakerne har nytt kontonummer siden forrige utbetaling (merket på buntsiden).")
            % {"n": changed}
        )
    return _confirm(
        request,
        batch,
        title=_("Godkjenn utbetalingsbunt %(ref)s") % {"ref": batch.reference},
        consequences=consequences,
        action=reverse("payments:batch_approve", args=[batch.pk]),
        hidden={"line_count": count, "total": f"{total:.2f}"},
        submit_label=_("Godkjenn bunten"),
    )


@finance_required
@require_POST
def batch_mark_paid(request, pk):
    """Recording a batch paid by hand (without the bank's return file) asks first."""
    batch = get_object_or_404(selectors.batches_with_totals(request.user), pk=pk)
    form = BatchPaidForm(request.POST)
    if not form.is_valid():
        return _batch_page(request, batch, paid_form=form, status=400)
    if request.POST.get("confirmed") != "1":
        data = form.cleaned_data
        return _confirm(
            request,
            batch,
            title=_("Registrer %(ref)s som utbetalt") % {"ref": batch.reference},
            consequences=[
                _("%(count)s utbetalinger på til sammen %(total)s registreres som utbetalt %(day)s.")
                % {"count": batch.n_open, "total": nok(batch.total), "day": data["paid_on"].strftime("%d.%m.%Y")},
                _("Utbetalte beløp er endelige. En utbetaling banken returnerer senere, registreres som returnert."),
            ],
            action=reverse("payments:batch_paid", args=[batch.pk]),
            hidden={"paid_on": data["paid_on"].isoformat(), "bank_reference": data["bank_reference"], "confirmed": "1"},
            submit_label=_("Registrer som utbetalt"),
        )
    try:
        services.payout_batch_mark_paid(batch=batch, actor=request.user, **form.cleaned_data)
    except ValidationError as exc:
        form_errors_from(form, exc)
        return _batch_page(request, batch, paid_form=form, status=400)
    messages.success(request, _("Bunten er registrert som utbetalt."))
    return redirect("payments:batch", pk=batch.pk)


@finance_required
@require_POST
def batch_return_file(request, pk):
    """The bank's camt.054 or pain.002 for the batch: lines paid or failed as the bank says."""
    batch = get_object_or_404(selectors.batches_with_totals(request.user), pk=pk)
    form = BankReturnFileForm(request.POST, request.FILES)
    if not form.is_valid():
        return _batch_page(request, batch, return_form=form, status=400)
    upload = form.cleaned_data["file"]
    try:
        record, new = services.bank_return_file_read(batch=batch, actor=request.user, data=upload.read(MAX_BYTES + 1))
    except ValidationError as exc:
        form_errors_from(form, exc)
        return _batch_page(request, batch, return_form=form, status=400)
    if not new:
        messages.info(request, _("Denne filen er lest inn før. Ingenting er endret."))
    else:
        messages.success(
            request,
            _("Returfilen er lest inn: %(paid)s utbetalt, %(failed)s feilet, %(already)s allerede registrert.")
            % {"paid": record.paid, "failed": record.failed, "already": record.already},
        )
        if record.unmatched:
            messages.warning(
                request,
                _("%(n)s poster i filen kunne ikke avstemmes og må vurderes (se under).")
                % {"n": len(record.unmatched)},
            )
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
@require_http_methods(["GET", "POST"])
def year_export(request, year, file_format):
    """The whole year's payment plan (all grants of the year, not cancelled), made as a job
    (payments.jobs): GET asks, POST enqueues and goes to the job's page."""
    year = int(year)
    if request.method == "POST":
        job = year_export_enqueue(actor=request.user, year=year, file_format=file_format)
        return redirect("jobs:detail", pk=job.pk)
    title = _("Utbetalingsplan %(year)s (%(format)s)") % {
        "year": year,
        "format": "CSV" if file_format == "csv" else "Excel",
    }
    return render(
        request,
        "core/job_start.html",
        {
            "title": title,
            "back_url": f"{reverse('payments:overview')}?year={year}",
            "back_label": _("Tilbake til utbetalinger"),
        },
    )
