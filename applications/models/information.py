"""A request for more information (issue 15): an IMDi officer asks the applicant for named
information with a reply deadline; the named sections of the application reopen for the
municipality, its caseworker answers, its approver re-submits, and the case returns to
assessment. `before` and `after` are the reopened sections' values when asked and when
re-submitted, so the officer sees what changed."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from applications.sections import section_label


class InformationRequest(models.Model):
    application = models.ForeignKey(
        "applications.Application",
        verbose_name=_("søknad"),
        on_delete=models.PROTECT,
        related_name="information_requests",
    )
    # Section keys of applications.sections.SECTIONS.
    sections = models.JSONField(_("deler som åpnes"), default=list)
    question = models.TextField(_("hva IMDi ber om"), max_length=4000)
    reply_by = models.DateField(_("svarfrist"))
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("bedt om av"), on_delete=models.PROTECT, related_name="+"
    )
    requested_at = models.DateTimeField(_("bedt om"), auto_now_add=True)
    answer = models.TextField(_("svar fra kommunen"), max_length=4000, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    answered_at = models.DateTimeField(_("besvart"), null=True, blank=True)
    resubmitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    resubmitted_at = models.DateTimeField(_("sendt inn på nytt"), null=True, blank=True)
    reminded_at = models.DateTimeField(_("påminnelse sendt"), null=True, blank=True)
    before = models.JSONField(default=dict, blank=True)
    after = models.JSONField(default=dict, blank=True)

    class Meta:
        verbose_name = _("forespørsel om mer informasjon")
        verbose_name_plural = _("forespørsler om mer informasjon")
        ordering = ["-requested_at", "-pk"]
        constraints = [
            # One open request at a time on an application.
            models.UniqueConstraint(
                fields=["application"],
                condition=Q(resubmitted_at__isnull=True),
                name="information_request_one_open",
            ),
            models.CheckConstraint(condition=~Q(question=""), name="information_request_has_question"),
            models.CheckConstraint(condition=~Q(sections=[]), name="information_request_names_sections"),
        ]

    def __str__(self):
        return f"{self.application}: {self.question[:60]}"

    @property
    def is_open(self) -> bool:
        return self.resubmitted_at is None

    @property
    def section_labels(self) -> list[str]:
        return [section_label(key) for key in self.sections]
