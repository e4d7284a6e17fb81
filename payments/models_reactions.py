"""Reactions (repayment claims, withholdings, stops of later years) and the municipality's part
in their due process: its reply to the advance notice (forvaltningsloven § 16) and its appeal
against the decision (§§ 28-29). Imported by payments.models, so Django finds them there."""

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django_fsm import FSMField, FSMModelMixin, transition
from simple_history.models import HistoricalRecords

from core.calendar import next_bank_day
from core.models import PrivateAttachment
from core.money import MONEY_FIELD


class Reaction(FSMModelMixin, models.Model):
    """A reaction to a breach of the grant's conditions: a repayment claim (tilbakebetalingskrav)
    or a withholding (tilbakeholdelse). Each is an individual decision that can be appealed."""

    class Kind(models.TextChoices):
        REPAYMENT_CLAIM = "repayment_claim", _("Tilbakebetalingskrav")
        WITHHOLDING = "withholding", _("Tilbakeholdelse")
        # Stopping the project's later years (no amount): the multi-year continuation reads
        # an approved stop on the grant (payments.selectors.grant_later_years_stopped).
        STOP_LATER_YEARS = "stop_years", _("Stans av senere prosjektår")

    class WithholdingOutcome(models.TextChoices):
        NONE = "", _("Ikke avgjort")
        RELEASED = "released", _("Frigitt og utbetalt")
        CANCELLED = "cancelled", _("Bortfalt (utbetales ikke)")

    grant = models.ForeignKey("applications.Grant", on_delete=models.PROTECT, related_name="reactions")
    kind = models.CharField(_("type"), max_length=20, choices=Kind.choices)
    amount = models.DecimalField(_("beløp"), **MONEY_FIELD)
    reason = models.TextField(_("begrunnelse"))
    payment = models.ForeignKey(
        "payments.Payment",
        verbose_name=_("utbetaling som holdes tilbake"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="reactions",
    )

    class Status(models.TextChoices):
        # Forhåndsvarsel (forvaltningsloven § 16) sent; the municipality may reply by the deadline.
        NOTICE = "notice", _("Forhåndsvarslet")
        PROPOSED = "proposed", _("Foreslått")
        APPROVED = "approved", _("Vedtatt")
        REJECTED = "rejected", _("Avvist")
        WITHDRAWN = "withdrawn", _("Henlagt etter varsel")

    decided_on = models.DateField(_("vedtaksdato"))
    # decided_by is who proposed it; it takes effect only when a budget holder who neither
    # proposed nor last changed it approves the version they saw (four eyes).
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("foreslått av"), on_delete=models.PROTECT, related_name="+"
    )
    status = FSMField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PROPOSED, db_index=True, protected=True
    )
    version = models.PositiveIntegerField(_("versjon"), default=1)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("sist endret av"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("godkjent av"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    approved_at = models.DateTimeField(_("godkjent"), null=True, blank=True)
    review_note = models.CharField(_("merknad fra godkjenner"), max_length=300, blank=True)
    appeal_info = models.TextField(_("klageadgang"))
    repayment_due_date = models.DateField(_("frist for tilbakebetaling"), null=True, blank=True)
    repaid_on = models.DateField(_("tilbakebetalt dato"), null=True, blank=True)
    # Due process (forvaltningsloven §§ 16, 24, 27-29): the advance notice and its reply
    # deadline, IMDi's assessment of the reply, the written decision (PDF, stored once).
    notice_sent_on = models.DateField(_("forhåndsvarsel sendt"), null=True, blank=True)
    reply_deadline = models.DateField(_("frist for merknader"), null=True, blank=True)
    notice_omitted_reason = models.CharField(_("grunn til at forhåndsvarsel ikke er sendt"), max_length=300, blank=True)
    reply_assessment = models.TextField(_("IMDis vurdering av merknadene"), blank=True)
    decision_pdf = models.FileField(_("vedtaksbrev"), upload_to="private/reactions/", blank=True, max_length=300)
    decision_pdf_sha256 = models.CharField(max_length=64, blank=True)
    decision_sent_on = models.DateField(_("vedtaket sendt"), null=True, blank=True)
    held_payment = models.ForeignKey(
        "payments.Payment",
        verbose_name=_("utbetaling som holdes"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="holding_reactions",
    )
    withholding_outcome = models.CharField(
        _("utfall av tilbakeholdelsen"), max_length=10, choices=WithholdingOutcome.choices, blank=True
    )
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("reaksjon")
        verbose_name_plural = _("reaksjoner")
        ordering = ["-decided_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__gt=0) | (Q(kind="stop_years") & Q(amount=0)), name="reaction_amount_positive"
            ),
            models.CheckConstraint(
                condition=Q(notice_sent_on__isnull=True) | Q(reply_deadline__gte=models.F("notice_sent_on")),
                name="reaction_reply_deadline_after_notice",
            ),
            models.CheckConstraint(
                condition=Q(kind="repayment_claim") | Q(repaid_on__isnull=True),
                name="reaction_repaid_only_claims",
            ),
            models.CheckConstraint(
                condition=Q(repaid_on__isnull=True) | Q(status="approved"), name="reaction_repaid_only_approved"
            ),
            # Reactions recorded before four eyes were migrated as approved without a reviewer.
            models.CheckConstraint(
                condition=~Q(status="proposed") | Q(approved_by__isnull=True), name="reaction_proposed_unreviewed"
            ),
            # Four eyes in the database: whoever proposed or last changed it never reviews it.
            models.CheckConstraint(
                condition=~Q(approved_by=models.F("decided_by")) & ~Q(approved_by=models.F("changed_by")),
                name="reaction_four_eyes",
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.amount}"

    @transition(
        field=status,
        source=Status.NOTICE,
        target=Status.PROPOSED,
        permission="payments.propose_reaction",
        custom={"label": _("Foreslå vedtak")},
    )
    def propose(self, *, assessment, user):
        self.reply_assessment = assessment
        self.changed_by = user

    @transition(
        field=status,
        source=Status.NOTICE,
        target=Status.WITHDRAWN,
        permission="payments.propose_reaction",
        custom={"label": _("Henlegg saken"), "confirm": _("Henlegge saken uten reaksjon?"), "style": "danger"},
    )
    def withdraw(self, *, note, user):
        self.reply_assessment = note
        self.changed_by = user

    # Four eyes: the permission excludes whoever proposed or last changed the reaction
    # (payments.rules); the service also checks the version the reviewer saw.
    @transition(
        field=status,
        source=Status.PROPOSED,
        target=Status.APPROVED,
        permission="payments.review_reaction",
        custom={"label": _("Godkjenn")},
    )
    def approve(self, *, user, at):
        self.approved_by = user
        self.approved_at = at

    @transition(
        field=status,
        source=Status.PROPOSED,
        target=Status.REJECTED,
        permission="payments.review_reaction",
        custom={"label": _("Avvis")},
    )
    def reject(self, *, user, at, note):
        self.approved_by = user
        self.approved_at = at
        self.review_note = note[:300]

    @property
    def is_notice(self) -> bool:
        return self.status == self.Status.NOTICE

    @property
    def assessment_is_final(self) -> bool:
        """IMDi's assessment of the reply is the party's to read once the case is decided or
        closed; before that it is a draft."""
        return self.status in (self.Status.APPROVED, self.Status.WITHDRAWN)

    @property
    def is_withholding(self) -> bool:
        return self.kind == self.Kind.WITHHOLDING

    @property
    def has_amount(self) -> bool:
        return self.kind != self.Kind.STOP_LATER_YEARS

    @property
    def appeal_deadline(self):
        """Three weeks (the call's appeal_period_days) from the decision was sent, moved to the
        next working day when it ends on a weekend or public holiday (forvaltningsloven § 30,
        domstolloven § 149; core.calendar.next_bank_day knows exactly those days)."""
        if self.decision_sent_on is None:
            return None
        return next_bank_day(self.decision_sent_on + dt.timedelta(days=self.grant.call.appeal_period_days))

    @property
    def is_proposed(self) -> bool:
        return self.status == self.Status.PROPOSED

    @property
    def is_approved(self) -> bool:
        return self.status == self.Status.APPROVED

    @property
    def is_rejected(self) -> bool:
        return self.status == self.Status.REJECTED

    @property
    def is_open_claim(self) -> bool:
        """An approved repayment claim not yet repaid."""
        return self.kind == self.Kind.REPAYMENT_CLAIM and self.is_approved and not self.repaid_on


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
