"""Messages on a case: a Thread between IMDi and the organisation on one application, grant or
report obligation (keyed by the case number and the subject), its Messages (an IMDi internal
note is a message the municipality never sees) and who has read which message."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django_fsm import FSMField, FSMModelMixin, transition

from core.models import PrivateAttachment


class Thread(models.Model):
    organisation = models.ForeignKey(
        "organisations.Organisation", verbose_name=_("organisasjon"), on_delete=models.PROTECT, related_name="+"
    )
    case_number = models.CharField(_("saksnummer"), max_length=12, db_index=True)
    subject = models.CharField(_("emne"), max_length=200)
    application = models.ForeignKey(
        "applications.Application", null=True, blank=True, on_delete=models.PROTECT, related_name="threads"
    )
    grant = models.ForeignKey(
        "applications.Grant", null=True, blank=True, on_delete=models.PROTECT, related_name="threads"
    )
    obligation = models.ForeignKey(
        "reporting.ReportObligation", null=True, blank=True, on_delete=models.PROTECT, related_name="threads"
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    last_message_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("meldingstråd")
        verbose_name_plural = _("meldingstråder")
        ordering = ["-last_message_at", "-pk"]
        constraints = [
            # A thread hangs on exactly one case object.
            models.CheckConstraint(
                name="casework_thread_one_case",
                condition=(
                    Q(application__isnull=False, grant__isnull=True, obligation__isnull=True)
                    | Q(application__isnull=True, grant__isnull=False, obligation__isnull=True)
                    | Q(application__isnull=True, grant__isnull=True, obligation__isnull=False)
                ),
            ),
            models.CheckConstraint(name="casework_thread_has_case_number", condition=~Q(case_number="")),
            models.CheckConstraint(name="casework_thread_has_subject", condition=~Q(subject="")),
            models.UniqueConstraint(fields=["case_number", "subject"], name="casework_thread_case_subject_unique"),
        ]

    def __str__(self):
        return f"{self.case_number}: {self.subject}"

    @property
    def case(self):
        return self.application or self.grant or self.obligation

    @property
    def case_label(self) -> str:
        if self.application_id:
            return _("Søknad")
        if self.grant_id:
            return _("Tilskudd")
        return _("Rapport")


class Message(models.Model):
    thread = models.ForeignKey(Thread, on_delete=models.PROTECT, related_name="messages")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    body = models.TextField(_("melding"))
    # An IMDi internal note: never shown to, nor announced to, the organisation.
    internal = models.BooleanField(_("internt notat"), default=False)
    from_imdi = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("melding")
        verbose_name_plural = _("meldinger")
        ordering = ["created_at", "pk"]
        constraints = [
            models.CheckConstraint(name="casework_message_has_body", condition=~Q(body="")),
            # Only IMDi writes internal notes.
            models.CheckConstraint(name="casework_internal_from_imdi", condition=Q(internal=False) | Q(from_imdi=True)),
        ]

    def __str__(self):
        return f"{self.thread} #{self.pk}"


def message_attachment_path(instance, filename):
    # Never trust the uploaded name in the path.
    return f"private/casework/{instance.message.thread_id}/{instance.sha256[:2]}/{instance.sha256}"


class MessageAttachment(PrivateAttachment):
    message = models.ForeignKey(Message, on_delete=models.PROTECT, related_name="attachments")
    file = models.FileField(upload_to=message_attachment_path, max_length=300)

    class Meta:
        verbose_name = _("vedlegg til melding")
        verbose_name_plural = _("vedlegg til meldinger")
        ordering = ["uploaded_at", "pk"]


class MessageRead(models.Model):
    message = models.ForeignKey(Message, on_delete=models.CASCADE, related_name="reads")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    read_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["message", "user"], name="casework_message_read_once")]

    def __str__(self):
        return f"{self.message_id} read by {self.user_id}"


class GrantRequest(FSMModelMixin, models.Model):
    """A municipality's request about an awarded grant (issue 15): a change (budget lines, period,
    project lead, partners), which IMDi's written consent must allow before it is applied, or a
    later acceptance or report deadline. An officer approves or refuses it; the decision is a
    letter, archived as PDF with its SHA-256; an approved request is applied once (`applied_at`)."""

    class Kind(models.TextChoices):
        BUDGET = "budget", _("Budsjettlinjer")
        PERIOD = "period", _("Prosjektperiode")
        PROJECT_LEAD = "project_lead", _("Prosjektleder")
        PARTNERS = "partners", _("Samarbeidskommuner")
        ACCEPTANCE_DEADLINE = "acceptance_deadline", _("Frist for aksept")
        REPORT_DEADLINE = "report_deadline", _("Frist for rapport")

    class Status(models.TextChoices):
        PENDING = "pending", _("Til behandling")
        APPROVED = "approved", _("Godkjent")
        REFUSED = "refused", _("Avslått")

    grant = models.ForeignKey(
        "applications.Grant", verbose_name=_("tilskudd"), on_delete=models.PROTECT, related_name="requests"
    )
    obligation = models.ForeignKey(
        "reporting.ReportObligation",
        verbose_name=_("rapport"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="extension_requests",
    )
    organisation = models.ForeignKey(
        "organisations.Organisation", verbose_name=_("organisasjon"), on_delete=models.PROTECT, related_name="+"
    )
    case_number = models.CharField(_("saksnummer"), max_length=12, db_index=True)
    kind = models.CharField(_("gjelder"), max_length=30, choices=Kind.choices)
    reason = models.TextField(_("begrunnelse"), max_length=4000)
    # What is asked for and what it replaces, as text rows [[label, value], …] and the raw values.
    proposal = models.JSONField(default=dict)
    before = models.JSONField(default=dict)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    requested_at = models.DateTimeField(_("sendt"), auto_now_add=True)
    status = FSMField(_("status"), default=Status.PENDING, choices=Status.choices, protected=True, db_index=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(_("avgjort"), null=True, blank=True)
    decision_comment = models.TextField(_("IMDis begrunnelse"), max_length=4000, blank=True)
    letter_pdf = models.FileField(upload_to="private/grant-requests/", max_length=300, blank=True)
    letter_sha256 = models.CharField(max_length=64, blank=True)
    applied_at = models.DateTimeField(_("gjennomført"), null=True, blank=True)

    class Meta:
        verbose_name = _("endringsønske")
        verbose_name_plural = _("endringsønsker")
        ordering = ["-requested_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                name="grant_request_report_has_obligation",
                condition=(Q(kind="report_deadline") & Q(obligation__isnull=False))
                | (~Q(kind="report_deadline") & Q(obligation__isnull=True)),
            ),
            models.CheckConstraint(name="grant_request_has_reason", condition=~Q(reason="")),
            # Applied only once approved: the database refuses anything else.
            models.CheckConstraint(
                name="grant_request_applied_only_approved", condition=Q(applied_at__isnull=True) | Q(status="approved")
            ),
            models.UniqueConstraint(
                fields=["grant", "kind"],
                condition=Q(status="pending", obligation__isnull=True),
                name="grant_request_one_pending_per_kind",
            ),
            models.UniqueConstraint(
                fields=["obligation"],
                condition=Q(status="pending", obligation__isnull=False),
                name="grant_request_one_pending_per_report",
            ),
        ]

    def __str__(self):
        return f"{self.case_number}: {self.get_kind_display()}"

    @property
    def is_deadline(self) -> bool:
        return self.kind in (self.Kind.ACCEPTANCE_DEADLINE, self.Kind.REPORT_DEADLINE)

    @transition(field=status, source=Status.PENDING, target=Status.APPROVED, permission="casework.decide_grant_request")
    def approve(self):
        pass

    @transition(field=status, source=Status.PENDING, target=Status.REFUSED, permission="casework.decide_grant_request")
    def refuse(self):
        pass
