"""Finance's long exports as jobs (core.jobs): a whole year's payout schedule as CSV or XLSX.
Registered from PaymentsConfig.ready."""

from django.utils.translation import gettext as _

from core.jobs import JobResult, job_enqueue, job_kind_register
from payments import exports
from payments import rules as payment_rules

YEAR_EXPORT = "payments.year_export"
CSV_TYPE = "text/csv; charset=utf-8"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def year_export_enqueue(*, actor, year: int, file_format: str):
    title = _("Utbetalingsplan %(year)s (%(format)s)") % {
        "year": year,
        "format": "CSV" if file_format == "csv" else "Excel",
    }
    return job_enqueue(
        kind=YEAR_EXPORT,
        owner=actor,
        key=f"{year}:{file_format}",
        title=title,
        params={"year": year, "format": file_format},
    )


def _year_payments(user, year):
    from payments.models import Payment

    return (
        payment_rules.payments_visible_to(user)
        .filter(grant__year=year)
        .exclude(status=Payment.Status.CANCELLED)
        .order_by("planned_date", "id")
    )


def year_export_run(*, job, progress) -> JobResult:
    """The whole year's payment plan (all grants of the year, not cancelled), as the one who
    asked may see it."""
    year, file_format = int(job.params["year"]), job.params["format"]
    payments = _year_payments(job.owner, year)
    if file_format == "csv":
        text = "".join(exports.schedule_csv_stream(payments, progress))
        return JobResult(f"utbetalinger-{year}.csv", text.encode("utf-8"), CSV_TYPE)
    with exports.schedule_xlsx_file(payments, title=str(year), progress=progress) as handle:
        return JobResult(f"utbetalinger-{year}.xlsx", handle.read(), XLSX_TYPE)


def register() -> None:
    job_kind_register(name=YEAR_EXPORT, run=year_export_run, may_read=payment_rules.job_readable)
