import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_fsm import FSMField, FSMModelMixin, transition
from simple_history.models import HistoricalRecords

from core.calendar import next_bank_day
from core.models import PrivateAttachment
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
        # A dismissal IMDi itself reversed after an appeal (forvaltningsloven § 33 andre ledd).
        REVERSED = "reversed", _("Omgjort etter klage")

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
        start = self.appeal_window_start
        if self.outcome != self.Outcome.DISMISS or start is None:
            return None
        return next_bank_day(start + dt.timedelta(days=self.application.call.appeal_period_days))

    @property
    def appeal_window_start(self):
        """The day the applicant received the decision: as recorded, else the day the letter
        was sent (it goes out by e-mail and in the portal when the decision is approved)."""
        if self.received_on is not None:
            return self.received_on
        if self.approved_at is None:
            return None
        return timezone.localdate(self.approved_at)

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

    # IMDi finds an appeal against a dismissal justified and reverses the dismissal itself
    # (applications.services.appeal.appeal_reverse; the application returns to assessment).
    @transition(
        field=status,
        source=Status.APPROVED,
        target=Status.REVERSED,
        permission="applications.handle_appeal",
        conditions=[lambda decision: decision.outcome == Decision.Outcome.DISMISS],
    )
    def reverse(self):
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
    """An appeal against a dismissal: registered by an officer from a letter, or written by the
    applicant's approver in the portal within the window (then `text` holds it, with its
    attachments). IMDi forwards it to the appeal body or reverses the dismissal itself."""

    decision = models.ForeignKey(Decision, on_delete=models.PROTECT, related_name="appeals")
    received_on = models.DateField(_("klage mottatt"))
    is_late = models.BooleanField(_("klagen kom etter fristen"), default=False)
    forwarded_to_ministry_on = models.DateField(_("oversendt klageinstansen"), null=True, blank=True)
    notes = models.TextField(_("merknader"), blank=True)
    registered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    via_portal = models.BooleanField(_("sendt i portalen"), default=False)
    text = models.TextField(_("klage"), blank=True)
    deadline = models.DateField(_("klagefrist"), null=True, blank=True)
    # The appeal body as the call names it when the appeal was forwarded (Call.appeal_body).
    appeal_body = models.CharField(_("klageinstans"), max_length=200, blank=True)
    reversed_on = models.DateField(_("omgjort"), null=True, blank=True)
    outcome_note = models.TextField(_("IMDis vurdering av klagen"), blank=True)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("klage")
        verbose_name_plural = _("klager")
        constraints = [
            models.UniqueConstraint(
                fields=["decision"], condition=Q(via_portal=True), name="appeal_one_portal_appeal_per_decision"
            ),
            models.CheckConstraint(condition=Q(via_portal=False) | ~Q(text=""), name="appeal_portal_has_text"),
            models.CheckConstraint(
                condition=Q(forwarded_to_ministry_on__isnull=True) | Q(reversed_on__isnull=True),
                name="appeal_forwarded_or_reversed",
            ),
        ]

    def __str__(self):
        return f"Klage på {self.decision}"

    @property
    def is_forwarded(self) -> bool:
        return self.forwarded_to_ministry_on is not None

    @property
    def is_reversed(self) -> bool:
        return self.reversed_on is not None

    @property
    def is_open(self) -> bool:
        return not (self.is_forwarded or self.is_reversed)

    @property
    def state_label(self) -> str:
        if self.is_reversed:
            return _("Vedtaket er omgjort")
        if self.is_forwarded:
            return _("Oversendt klageinstansen")
        return _("Til behandling i IMDi")


def appeal_file_path(instance, filename):
    # Stored by content hash, never by the uploaded name (core.models.PrivateAttachment).
    return f"private/appeals/{instance.appeal_id}/{instance.sha256}"


class AppealAttachment(PrivateAttachment):
    """An attachment to an appeal written in the portal (checked like every upload)."""

    appeal = models.ForeignKey(Appeal, on_delete=models.PROTECT, related_name="attachments")
    file = models.FileField(upload_to=appeal_file_path, max_length=300)

    class Meta:
        verbose_name = _("vedlegg til klage")
        verbose_name_plural = _("vedlegg til klager")
        ordering = ["uploaded_at", "id"]
