from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class ConflictOfInterest(models.Model):
    """An officer's or budget holder's declaration that they are disqualified (inhabil,
    forvaltningsloven § 6) in cases from one applicant organisation. While it stands they may
    not score, propose or approve anything in an application from, or with, that organisation."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("saksbehandler"), on_delete=models.PROTECT, related_name="conflicts"
    )
    organisation = models.ForeignKey(
        "organisations.Organisation", verbose_name=_("søker"), on_delete=models.PROTECT, related_name="+"
    )
    reason = models.TextField(_("begrunnelse"))
    declared_at = models.DateTimeField(_("erklært"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("inhabilitet")
        verbose_name_plural = _("inhabilitet")
        ordering = ["-declared_at"]
        constraints = [
            models.UniqueConstraint(fields=["user", "organisation"], name="conflict_unique_user_organisation"),
            models.CheckConstraint(condition=Q(reason__regex=r"\S"), name="conflict_reason_given"),
        ]

    def __str__(self):
        return f"{self.user} – {self.organisation}"
