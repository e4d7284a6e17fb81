from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django_fsm import FSMField
from simple_history.models import HistoricalRecords

from core.money import MONEY_FIELD


class Payment(models.Model):
    """One payout term of one grant."""

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planlagt")
        DUE = "due", _("Klar til utbetaling")
        WITHHELD = "withheld", _("Holdt tilbake")
        IN_BATCH = "in_batch", _("I utbetalingsbunt")
        PAID = "paid", _("Utbetalt")
        CANCELLED = "cancelled", _("Kansellert")

    grant = models.ForeignKey("applications.Grant", on_delete=models.PROTECT, related_name="payments")
    term_number = models.PositiveSmallIntegerField(_("termin"))
    term_label = models.CharField(_("termin"), max_length=60)
    planned_date = models.DateField(_("utbetalingsdato"))
    amount = models.DecimalField(_("beløp"), **MONEY_FIELD)
    status = FSMField(_("status"), default=Status.PLANNED, choices=Status.choices, protected=False, db_index=True)
    withheld_reason = models.CharField(_("grunn til tilbakeholdelse"), max_length=300, blank=True)
    reference = models.CharField(_("betalingsreferanse"), max_length=35, unique=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("utbetaling")
        verbose_name_plural = _("utbetalinger")
        ordering = ["planned_date", "id"]
        constraints = [
            models.UniqueConstraint(fields=["grant", "term_number"], name="payment_unique_term"),
            models.CheckConstraint(condition=Q(amount__gt=0), name="payment_amount_positive"),
        ]

    def __str__(self):
        return f"{self.reference} {self.amount}"
