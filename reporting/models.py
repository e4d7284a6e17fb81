from django.db import models
from django.utils.translation import gettext_lazy as _
from django_fsm import FSMField
from simple_history.models import HistoricalRecords


class ReportObligation(models.Model):
    """One report a grant recipient owes, with its due date. Overdue is derived from the date."""

    class Kind(models.TextChoices):
        STATUS = "status", _("Statusrapport")
        HALF_YEAR = "half_year", _("Halvårsrapport med regnskap")
        ANNUAL = "annual", _("Årsrapport")
        ACCOUNTS = "accounts", _("Regnskap")

    class Status(models.TextChoices):
        OPEN = "open", _("Åpen")
        SUBMITTED = "submitted", _("Sendt inn")
        APPROVED = "approved", _("Godkjent")
        RETURNED = "returned", _("Returnert")

    grant = models.ForeignKey("applications.Grant", on_delete=models.PROTECT, related_name="report_obligations")
    kind = models.CharField(_("type"), max_length=20, choices=Kind.choices)
    period_start = models.DateField(_("periode fra"))
    period_end = models.DateField(_("periode til"))
    due_date = models.DateField(_("frist"), db_index=True)
    status = FSMField(_("status"), default=Status.OPEN, choices=Status.choices, protected=False, db_index=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("rapporteringsplikt")
        verbose_name_plural = _("rapporteringsplikter")
        ordering = ["due_date", "id"]
        constraints = [
            models.UniqueConstraint(fields=["grant", "kind", "period_end"], name="obligation_unique"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.due_date:%d.%m.%Y}"
