from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class ReceptionCentreAgreement(models.Model):
    """A municipality's agreement with IMDi on an integration reception centre.

    A change in the number of places is a new agreement row from the date of the change."""

    organisation = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("kommune"),
        on_delete=models.PROTECT,
        related_name="reception_agreements",
    )
    centre_name = models.CharField(_("integreringsmottak"), max_length=200)
    places = models.PositiveIntegerField(_("antall plasser"))
    valid_from = models.DateField(_("gjelder fra"))
    valid_to = models.DateField(_("gjelder til"), null=True, blank=True)
    partnership_agreement_date = models.DateField(
        _("partnerskapsavtale datert"),
        null=True,
        blank=True,
        help_text=_("Avtale mellom kommunen, asylmottaket, karrieresenteret og Nav-kontoret."),
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("avtale om integreringsmottak")
        verbose_name_plural = _("avtaler om integreringsmottak")
        ordering = ["organisation__name", "valid_from"]
        constraints = [
            models.CheckConstraint(condition=Q(places__gt=0), name="reception_places_positive"),
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=models.F("valid_from")),
                name="reception_period_in_order",
            ),
        ]

    def __str__(self):
        return f"{self.centre_name} ({self.organisation})"


class ReceptionOffer(models.Model):
    """The offer to continue the reception centre (tilbudsbrev) for one computed grant.

    Regenerated while the grant is only decided; frozen once the grant letter has gone out."""

    grant = models.OneToOneField("applications.Grant", on_delete=models.PROTECT, related_name="reception_offer")
    pdf = models.FileField(upload_to="private/reception_offers/", max_length=300)
    sha256 = models.CharField(max_length=64)
    months = models.JSONField(_("beregning"), default=list, blank=True)
    generated_at = models.DateTimeField(_("laget"))
    generated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("tilbudsbrev om integreringsmottak")
        verbose_name_plural = _("tilbudsbrev om integreringsmottak")

    def __str__(self):
        return f"Tilbudsbrev {self.grant}"
