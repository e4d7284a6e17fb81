from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ApplicationAssignment(models.Model):
    """One officer assigned to assess one application; an application may have several."""

    application = models.ForeignKey(
        "applications.Application",
        verbose_name=_("søknad"),
        on_delete=models.CASCADE,
        related_name="assignments",
    )
    officer = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("rådgiver"), on_delete=models.PROTECT, related_name="assignments"
    )
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("tildelt av"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    assigned_at = models.DateTimeField(_("tildelt"), auto_now_add=True)

    class Meta:
        verbose_name = _("tildeling")
        verbose_name_plural = _("tildelinger")
        constraints = [
            models.UniqueConstraint(fields=["application", "officer"], name="assignment_unique_officer"),
        ]

    def __str__(self):
        return f"{self.application_id} → {self.officer_id}"
