"""The circular's words a call carries besides its figures: the legal texts its letters print,
and what a priority area asks of the applicant beyond the common form: its own questions
and the documents it requires, quoted from the circular. Reference data, edited by IMDi in the
admin; the answers are applications.AreaAnswer and the documents ApplicationAttachment."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class AreaQuestion(models.Model):
    class Kind(models.TextChoices):
        TEXT = "text", _("Tekst")
        YES_NO = "yes_no", _("Ja/nei")
        NUMBER = "number", _("Tall")

    area = models.ForeignKey(
        "schemes.PriorityArea", verbose_name=_("satsingsområde"), on_delete=models.CASCADE, related_name="questions"
    )
    position = models.PositiveSmallIntegerField(_("rekkefølge"), default=1)
    kind = models.CharField(_("svartype"), max_length=10, choices=Kind.choices, default=Kind.TEXT)
    text = models.CharField(_("spørsmål"), max_length=300)
    help_text = models.TextField(_("forklaring"), blank=True, max_length=2000)
    required = models.BooleanField(_("må besvares"), default=True)
    source = models.CharField(_("kilde"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("spørsmål for satsingsområdet")
        verbose_name_plural = _("spørsmål for satsingsområdet")
        ordering = ["area", "position", "id"]
        constraints = [models.UniqueConstraint(fields=["area", "text"], name="area_question_unique_text")]

    def __str__(self):
        return self.text


class AreaAttachmentRequirement(models.Model):
    """A named document type the applicant uploads for this area (e.g. the supervisor's
    commitment)."""

    area = models.ForeignKey(
        "schemes.PriorityArea",
        verbose_name=_("satsingsområde"),
        on_delete=models.CASCADE,
        related_name="attachment_requirements",
    )
    position = models.PositiveSmallIntegerField(_("rekkefølge"), default=1)
    name = models.CharField(_("dokumenttype"), max_length=150)
    description = models.TextField(_("forklaring"), blank=True, max_length=2000)
    required = models.BooleanField(_("påkrevd"), default=True)
    source = models.CharField(_("kilde"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("påkrevd vedlegg for satsingsområdet")
        verbose_name_plural = _("påkrevde vedlegg for satsingsområdet")
        ordering = ["area", "position", "id"]
        constraints = [models.UniqueConstraint(fields=["area", "name"], name="area_attachment_unique_name")]

    def __str__(self):
        return self.name


class LetterText(models.Model):
    """The legal text (rights of appeal and their reason) a letter of one kind prints for a call,
    quoted from the call's circular. Loaded as reference data; never written in templates."""

    class Kind(models.TextChoices):
        AWARD = "award", _("Tilskuddsbrev (innvilgelse)")
        REJECTION = "rejection", _("Vedtak om avslag")
        DISMISSAL = "dismissal", _("Vedtak om avvisning")
        REACTION = "reaction", _("Vedtak om reaksjon")
        RECEPTION_OFFER = "reception_offer", _("Tilbudsbrev for integreringsmottak")

    call = models.ForeignKey(
        "schemes.Call", verbose_name=_("utlysning"), on_delete=models.CASCADE, related_name="letter_texts"
    )
    kind = models.CharField(_("brev"), max_length=20, choices=Kind.choices)
    heading = models.CharField(_("overskrift"), max_length=200)
    text = models.TextField(_("tekst"))
    source = models.CharField(_("kilde"), max_length=300)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("juridisk tekst i brev")
        verbose_name_plural = _("juridiske tekster i brev")
        ordering = ["call", "kind"]
        constraints = [models.UniqueConstraint(fields=["call", "kind"], name="letter_text_unique_kind")]

    def __str__(self):
        return f"{self.get_kind_display()} ({self.call})"
