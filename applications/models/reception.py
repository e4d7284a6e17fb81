from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django_fsm import FSMField, FSMModelMixin, transition
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


def _offer_letter_made(offer) -> bool:
    return bool(offer.pdf)


_offer_letter_made.refusal = _("Tilbudsbrevet lages fortsatt. Last siden på nytt om litt og send det da.")


class ReceptionOffer(FSMModelMixin, models.Model):
    """The offer to continue the reception centre (tilbudsbrev) for one computed grant.

    Regenerated while only computed. An officer sends it (the municipality sees it from then on);
    the municipality answers with its partnership agreement; an officer proposes the grant and a
    budget holder, another person, approves it (four eyes); only then may the letter go out."""

    class Status(models.TextChoices):
        COMPUTED = "computed", _("Beregnet")
        SENT = "sent", _("Sendt til kommunen")
        ANSWERED = "answered", _("Besvart av kommunen")
        PROPOSED = "proposed", _("Foreslått")
        APPROVED = "approved", _("Vedtatt")

    grant = models.OneToOneField("applications.Grant", on_delete=models.PROTECT, related_name="reception_offer")
    pdf = models.FileField(upload_to="private/reception_offers/", max_length=300)
    sha256 = models.CharField(max_length=64)
    months = models.JSONField(_("beregning"), default=list, blank=True)
    generated_at = models.DateTimeField(_("laget"))
    generated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    status = FSMField(_("status"), default=Status.COMPUTED, choices=Status.choices, protected=True, db_index=True)
    sent_at = models.DateTimeField(_("sendt"), null=True, blank=True)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("sendt av"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("foreslått av"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    proposed_at = models.DateTimeField(_("foreslått"), null=True, blank=True)
    # Bumped on every proposal and return: an approval names the version its page showed.
    version = models.PositiveIntegerField(_("versjon"), default=1)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("vedtatt av"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    approved_at = models.DateTimeField(_("vedtatt"), null=True, blank=True)
    return_comment = models.TextField(_("budsjettdisponentens kommentar ved retur"), blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("tilbudsbrev om integreringsmottak")
        verbose_name_plural = _("tilbudsbrev om integreringsmottak")
        constraints = [
            models.CheckConstraint(
                condition=Q(approved_by__isnull=True) | ~Q(approved_by=models.F("proposed_by")),
                name="reception_offer_four_eyes",
            ),
            models.CheckConstraint(
                condition=Q(status="computed") | Q(sent_at__isnull=False), name="reception_offer_sent_has_date"
            ),
        ]

    def __str__(self):
        return f"Tilbudsbrev {self.grant}"

    @property
    def is_sent(self) -> bool:
        return self.status != self.Status.COMPUTED

    @transition(
        field=status,
        source=Status.COMPUTED,
        target=Status.SENT,
        permission="applications.send_reception_offer",
        conditions=[_offer_letter_made],
        custom={"label": _("Send tilbudet til kommunen")},
    )
    def send(self):
        pass

    @transition(
        field=status,
        source=Status.SENT,
        target=Status.ANSWERED,
        permission="applications.answer_reception_offer",
        custom={"label": _("Send svaret til IMDi")},
    )
    def answer(self):
        pass

    @transition(
        field=status,
        source=Status.ANSWERED,
        target=Status.PROPOSED,
        permission="applications.propose_reception_grant",
        custom={"label": _("Foreslå tilskuddet")},
    )
    def propose(self):
        pass

    @transition(
        field=status,
        source=Status.PROPOSED,
        target=Status.APPROVED,
        permission="applications.approve_reception_grant",
        custom={"label": _("Godkjenn tilskuddet")},
    )
    def approve(self):
        pass

    @transition(
        field=status,
        source=Status.PROPOSED,
        target=Status.ANSWERED,
        permission="applications.approve_reception_grant",
        custom={"label": _("Returner til rådgiver")},
    )
    def return_to_officer(self):
        pass


class ReceptionOfferAnswer(models.Model):
    """The municipality's answer to the offer (rundskriv 06/2024 section 3 and 6): the current
    partnership agreement between the municipality, the reception centre, the career centre and
    the Nav office, as a document, with its parties and validity. Prepared by a caseworker or an
    approver; submitted (once) by an approver."""

    offer = models.OneToOneField(ReceptionOffer, on_delete=models.PROTECT, related_name="answer_record")
    document = models.FileField(_("partnerskapsavtale"), upload_to="private/partnership_agreements/", max_length=300)
    original_name = models.CharField(_("filnavn"), max_length=200, blank=True)
    content_type = models.CharField(max_length=100, blank=True)
    size = models.PositiveIntegerField(default=0)
    sha256 = models.CharField(max_length=64, blank=True)
    party_municipality = models.BooleanField(_("kommunen"), default=False)
    party_reception_centre = models.BooleanField(_("asylmottaket"), default=False)
    party_career_centre = models.BooleanField(_("karrieresenteret"), default=False)
    party_nav_office = models.BooleanField(_("Nav-kontoret"), default=False)
    valid_from = models.DateField(_("avtalen gjelder fra"), null=True, blank=True)
    valid_to = models.DateField(_("avtalen gjelder til"), null=True, blank=True)
    prepared_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("sendt av"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    submitted_at = models.DateTimeField(_("sendt"), null=True, blank=True)
    history = HistoricalRecords()

    PARTY_FIELDS = ("party_municipality", "party_reception_centre", "party_career_centre", "party_nav_office")

    class Meta:
        verbose_name = _("svar på tilbud om integreringsmottak")
        verbose_name_plural = _("svar på tilbud om integreringsmottak")
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True)
                | Q(valid_from__isnull=True)
                | Q(valid_to__gte=models.F("valid_from")),
                name="reception_answer_period_in_order",
            ),
        ]

    def __str__(self):
        return f"Svar {self.offer}"
