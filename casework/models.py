"""Messages on a case: a Thread between IMDi and the organisation on one application, grant or
report obligation (keyed by the case number and the subject), its Messages (an IMDi internal
note is a message the municipality never sees) and who has read which message."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

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
