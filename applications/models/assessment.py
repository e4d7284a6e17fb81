import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django_fsm import FSMField, FSMModelMixin, transition
from simple_history.models import HistoricalRecords

from core.calendar import next_bank_day
from core.money import MONEY_FIELD

SCORE_MIN, SCORE_MAX = 1, 6

# The guidance shown next to each score, so officers use the scale the same way.
SCORE_CHOICES = [
    (1, _("1 – Svært svak: kriteriet er ikke oppfylt")),
    (2, _("2 – Svak: kriteriet er i liten grad oppfylt, vesentlige mangler")),
    (3, _("3 – Middels: kriteriet er delvis oppfylt, flere svakheter")),
    (4, _("4 – God: kriteriet er oppfylt, noen svakheter")),
    (5, _("5 – Svært god: kriteriet er godt oppfylt, få svakheter")),
    (6, _("6 – Fremragende: kriteriet er oppfylt i særlig høy grad")),
]


class Assessment(models.Model):
    """One officer's scoring of one application on the circular's three criteria."""

    application = models.ForeignKey(
        "applications.Application", verbose_name=_("søknad"), on_delete=models.CASCADE, related_name="assessments"
    )
    officer = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("rådgiver"), on_delete=models.PROTECT, related_name="+"
    )
    score_purpose = models.PositiveSmallIntegerField(
        _("formål"),
        choices=SCORE_CHOICES,
        help_text=_("Er prosjektet i tråd med tilskuddsordningens formål og satsingsområder?"),
    )
    score_delivery = models.PositiveSmallIntegerField(
        _("gjennomføringsevne"),
        choices=SCORE_CHOICES,
        help_text=_("Kan prosjektet sannsynliggjøre god gjennomføringsevne (mål, plan, kompetanse, budsjett)?"),
    )
    score_transfer = models.PositiveSmallIntegerField(
        _("overføringsverdi"),
        choices=SCORE_CHOICES,
        help_text=_("I hvor stor grad kan kunnskapen, metodene og produktene overføres til andre kommuner?"),
    )
    comment = models.TextField(_("kommentar"), blank=True)
    recommended_amount = models.DecimalField(_("anbefalt beløp"), null=True, blank=True, **MONEY_FIELD)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("vurdering")
        verbose_name_plural = _("vurderinger")
        # The admin list's order (last changed first).
        indexes = [models.Index(fields=["-updated_at", "-id"], name="assessment_changed_idx")]
        constraints = [
            models.UniqueConstraint(fields=["application", "officer"], name="assessment_unique_officer"),
            models.CheckConstraint(
                condition=Q(
                    score_purpose__gte=SCORE_MIN,
                    score_purpose__lte=SCORE_MAX,
                    score_delivery__gte=SCORE_MIN,
                    score_delivery__lte=SCORE_MAX,
                    score_transfer__gte=SCORE_MIN,
                    score_transfer__lte=SCORE_MAX,
                ),
                name="assessment_scores_in_scale",
            ),
            models.CheckConstraint(
                condition=Q(recommended_amount__isnull=True) | Q(recommended_amount__gte=0),
                name="assessment_amount_nonneg",
            ),
        ]

    def __str__(self):
        return f"{self.application} – {self.officer}"

    @property
    def total(self):
        return self.score_purpose + self.score_delivery + self.score_transfer


def is_award(decision) -> bool:
    return decision.outcome == Decision.Outcome.AWARD


is_award.refusal = _("Bare beløpet i et foreslått tilskudd kan endres.")


class Decision(FSMModelMixin, models.Model):
    """A proposed and (after four eyes) approved decision on one application."""

    class Outcome(models.TextChoices):
        AWARD = "award", _("Innvilgelse")
        REJECT = "reject", _("Avslag")
        DISMISS = "dismiss", _("Avvisning")

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("Foreslått")
        APPROVED = "approved", _("Vedtatt")
        RETURNED = "returned", _("Returnert til rådgiver")

    application = models.ForeignKey(
        "applications.Application", verbose_name=_("søknad"), on_delete=models.PROTECT, related_name="decisions"
    )
    outcome = models.CharField(_("utfall"), max_length=10, choices=Outcome.choices)
    status = FSMField(_("status"), default=Status.PROPOSED, choices=Status.choices, protected=True)
    amount = models.DecimalField(_("tilskudd første år"), default=0, **MONEY_FIELD)
    # Awarded beside the project amount, each within its own cap (the allowance: what was applied
    # for, and at most G × the area's G per participant × participants for that year).
    allowance = models.DecimalField(_("deltakerstønad første år"), default=0, **MONEY_FIELD)
    later_years = models.JSONField(
        _("senere år (med forbehold om Stortingets bevilgning)"),
        default=list,
        blank=True,
        help_text=_('Liste av {"year": 2025, "amount": "100000.00", "allowance": "0.00"}.'),
    )
    reason = models.TextField(_("begrunnelse"), blank=True)
    special_conditions = models.TextField(_("særskilte vilkår"), blank=True)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("foreslått av"), on_delete=models.PROTECT, related_name="+"
    )
    proposed_at = models.DateTimeField(_("foreslått"), auto_now_add=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("sist endret av"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    changed_at = models.DateTimeField(_("sist endret"), null=True, blank=True)
    # Bumped on every change of the proposal: an approval names the version its page showed.
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
    # Why the budget holder returned the proposal; the officer reads it and revises from there.
    return_comment = models.TextField(_("budsjettdisponentens kommentar ved retur"), blank=True)
    received_on = models.DateField(_("mottatt av søker"), null=True, blank=True)
    letter_pdf = models.FileField(upload_to="private/decisions/", blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("vedtak")
        verbose_name_plural = _("vedtak")
        ordering = ["-proposed_at"]
        # The admin list's order; the budget holder's list reads the approved ones newest first.
        indexes = [
            models.Index(fields=["-proposed_at", "-id"], name="decision_proposed_idx"),
            models.Index(fields=["-approved_at", "id"], name="decision_approved_idx"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gte=0), name="decision_amount_nonneg"),
            models.CheckConstraint(condition=Q(allowance__gte=0), name="decision_allowance_nonneg"),
            models.CheckConstraint(
                condition=Q(approved_by__isnull=True) | ~Q(approved_by=models.F("proposed_by")),
                name="decision_four_eyes",
            ),
            models.CheckConstraint(
                condition=Q(approved_by__isnull=True)
                | Q(changed_by__isnull=True)
                | ~Q(approved_by=models.F("changed_by")),
                name="decision_four_eyes_changer",
            ),
            models.CheckConstraint(condition=Q(version__gte=1), name="decision_version_positive"),
            models.UniqueConstraint(
                fields=["application"], condition=Q(status="approved"), name="decision_one_approved"
            ),
        ]

    def __str__(self):
        return f"{self.get_outcome_display()} – {self.application}"

    @property
    def appeal_deadline(self):
        """Only a dismissal can be appealed: appeal_period_days from when the applicant received it.

        A deadline that ends on a Saturday, Sunday, public holiday, Christmas Eve or New Year's
        Eve moves to the next working day (domstolloven § 149, which forvaltningsloven § 30
        applies to its deadlines): core.calendar.next_bank_day knows exactly those days."""
        if self.outcome != self.Outcome.DISMISS or self.received_on is None:
            return None
        return next_bank_day(self.received_on + dt.timedelta(days=self.application.call.appeal_period_days))

    @property
    def is_proposed(self) -> bool:
        return self.status == self.Status.PROPOSED

    @property
    def is_approved(self) -> bool:
        return self.status == self.Status.APPROVED

    # The state machine; who may take each step is in applications.rules. Four eyes and the
    # version the budget holder's page showed are checked in the service (they need history).
    @transition(
        field=status,
        source=Status.PROPOSED,
        target=Status.APPROVED,
        permission="applications.approve_decision",
        custom={"label": _("Godkjenn vedtaket")},
    )
    def approve(self):
        pass

    @transition(
        field=status,
        source=Status.PROPOSED,
        target=Status.RETURNED,
        permission="applications.return_decision",
        custom={"label": _("Returner til rådgiver")},
    )
    def return_to_officer(self):
        pass

    # The officer changes the amount of a proposed award: the proposal stays proposed (and its
    # version moves on, so an open confirmation page goes stale).
    @transition(
        field=status,
        source=Status.PROPOSED,
        target=Status.PROPOSED,
        permission="applications.revise_decision",
        conditions=[is_award],
        custom={"label": _("Endre beløpet")},
    )
    def revise(self):
        pass

    # The officer revises a returned proposal and sends it to a budget holder again.
    @transition(
        field=status,
        source=Status.RETURNED,
        target=Status.PROPOSED,
        permission="applications.revise_decision",
        custom={"label": _("Endre og send på nytt")},
    )
    def resubmit(self):
        pass


class Appeal(models.Model):
    decision = models.ForeignKey(Decision, on_delete=models.PROTECT, related_name="appeals")
    received_on = models.DateField(_("klage mottatt"))
    is_late = models.BooleanField(_("klagen kom etter fristen"), default=False)
    forwarded_to_ministry_on = models.DateField(_("oversendt departementet"), null=True, blank=True)
    notes = models.TextField(_("merknader"), blank=True)
    registered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("klage")
        verbose_name_plural = _("klager")

    def __str__(self):
        return f"Klage på {self.decision}"
