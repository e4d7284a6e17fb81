"""The municipality's part in a reaction's due process: its reply to the advance notice
(forvaltningsloven § 16) and its appeal against the decision (§§ 28-29). Imported by
payments.models, so Django finds them there."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django_fsm import FSMField, FSMModelMixin, transition
from simple_history.models import HistoricalRecords

from core.models import PrivateAttachment


def reaction_file_path(instance, filename):
    # Stored by content hash, never by the uploaded name (core.models.PrivateAttachment).
    return f"private/reactions/{instance.reaction_id}/{instance.sha256}"


class ReactionReply(PrivateAttachment):
    """The municipality's reply to IMDi's advance notice: a text and, optionally, one attachment
    (checked like every upload). The attachment fields are empty when none was given."""

    reaction = models.ForeignKey("payments.Reaction", on_delete=models.PROTECT, related_name="replies")
    text = models.TextField(_("merknader"))
    file = models.FileField(upload_to=reaction_file_path, max_length=300, blank=True)
    is_late = models.BooleanField(_("kom etter fristen"), default=False)

    class Meta:
        verbose_name = _("merknad til forhåndsvarsel")
        verbose_name_plural = _("merknader til forhåndsvarsel")
        ordering = ["uploaded_at", "id"]
        constraints = [
            models.CheckConstraint(condition=~Q(text=""), name="reaction_reply_has_text"),
        ]

    def __str__(self):
        return f"{self.reaction}: {self.uploaded_at:%d.%m.%Y}"

    @property
    def has_file(self) -> bool:
        return bool(self.file)


class ReactionAppeal(FSMModelMixin, PrivateAttachment):
    """An appeal against a reaction decision, registered by the municipality in the portal
    within the appeal window and forwarded by IMDi to the appeal body (the ministry, AID)
    unless IMDi reverses the decision itself (forvaltningsloven § 33)."""

    class Status(models.TextChoices):
        RECEIVED = "received", _("Mottatt")
        FORWARDED = "forwarded", _("Oversendt klageinstansen")

    reaction = models.OneToOneField("payments.Reaction", on_delete=models.PROTECT, related_name="appeal")
    text = models.TextField(_("klage"))
    file = models.FileField(upload_to=reaction_file_path, max_length=300, blank=True)
    received_on = models.DateField(_("klage mottatt"))
    deadline = models.DateField(_("klagefrist"))
    status = FSMField(
        _("status"), max_length=10, choices=Status.choices, default=Status.RECEIVED, protected=True, db_index=True
    )
    forwarded_on = models.DateField(_("oversendt"), null=True, blank=True)
    forwarded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    forward_note = models.TextField(_("IMDis vurdering ved oversendelse"), blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("klage på reaksjon")
        verbose_name_plural = _("klager på reaksjoner")
        ordering = ["-received_on", "-id"]
        constraints = [
            models.CheckConstraint(condition=~Q(text=""), name="reaction_appeal_has_text"),
            models.CheckConstraint(condition=Q(received_on__lte=models.F("deadline")), name="reaction_appeal_in_time"),
            models.CheckConstraint(
                condition=(Q(status="forwarded") & Q(forwarded_on__isnull=False))
                | (~Q(status="forwarded") & Q(forwarded_on__isnull=True)),
                name="reaction_appeal_forwarded_has_date",
            ),
        ]

    def __str__(self):
        return f"Klage på {self.reaction}"

    @transition(
        field=status,
        source=Status.RECEIVED,
        target=Status.FORWARDED,
        permission="payments.forward_reaction_appeal",
        custom={"label": _("Oversend klagen")},
    )
    def forward(self, *, on, user, note):
        self.forwarded_on = on
        self.forwarded_by = user
        self.forward_note = note

    @property
    def is_forwarded(self) -> bool:
        return self.status == self.Status.FORWARDED

    @property
    def has_file(self) -> bool:
        return bool(self.file)
