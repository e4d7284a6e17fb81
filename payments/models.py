from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django_fsm import FSMField, FSMModelMixin, transition
from simple_history.models import HistoricalRecords

from core.money import MONEY_FIELD

APPEAL_INFO_DEFAULT = _(
    "Vedtaket er et enkeltvedtak og kan påklages til Arbeids- og inkluderingsdepartementet. "
    "Klagen sendes til IMDi innen tre uker fra vedtaket er mottatt (forvaltningsloven §§ 28 og 29)."
)


class Payment(FSMModelMixin, models.Model):
    """One payout term of one grant."""

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planlagt")
        DUE = "due", _("Klar til utbetaling")
        WITHHELD = "withheld", _("Holdt tilbake")
        IN_BATCH = "in_batch", _("I utbetalingsbunt")
        PAID = "paid", _("Utbetalt")
        CANCELLED = "cancelled", _("Kansellert")

    class HoldKind(models.TextChoices):
        # The sweep lifts a condition hold by itself once the condition clears; a hold decided
        # by an officer (a withholding reaction) is lifted only by an officer.
        NONE = "", _("Ingen")
        CONDITION = "condition", _("Vilkår ikke oppfylt")
        REACTION = "reaction", _("Tilbakeholdt ved vedtak")

    grant = models.ForeignKey("applications.Grant", on_delete=models.PROTECT, related_name="payments")
    term_number = models.PositiveSmallIntegerField(_("termin"))
    # A withholding of part of a payment splits it: the held amount becomes a part of its own
    # (part 1, 2, ...) of the same term, the rest is paid on time; the parts sum to the term.
    part = models.PositiveSmallIntegerField(_("del av terminen"), default=0)
    split_from = models.ForeignKey(
        "self",
        verbose_name=_("skilt ut fra"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="split_parts",
    )
    term_label = models.CharField(_("termin"), max_length=60)
    planned_date = models.DateField(_("utbetalingsdato"), db_index=True)
    amount = models.DecimalField(_("beløp"), **MONEY_FIELD)
    status = FSMField(_("status"), default=Status.PLANNED, choices=Status.choices, protected=True, db_index=True)
    withheld_reason = models.CharField(_("grunn til tilbakeholdelse"), max_length=300, blank=True)
    hold_kind = models.CharField(_("type tilbakeholdelse"), max_length=20, choices=HoldKind.choices, blank=True)
    # The end-to-end id the bank sees. It changes only when a payment that was in an exported
    # payment file comes back failed or returned: the new attempt must not look like a duplicate.
    reference = models.CharField(_("betalingsreferanse"), max_length=35, unique=True)
    reissue_count = models.PositiveSmallIntegerField(_("antall nye referanser"), default=0)
    paid_on = models.DateField(_("utbetalt dato"), null=True, blank=True)
    bank_reference = models.CharField(_("bankreferanse"), max_length=80, blank=True)
    cancel_reason = models.CharField(_("grunn til kansellering"), max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("utbetaling")
        verbose_name_plural = _("utbetalinger")
        ordering = ["planned_date", "id"]
        constraints = [
            models.UniqueConstraint(fields=["grant", "term_number", "part"], name="payment_unique_term_part"),
            models.CheckConstraint(
                condition=(Q(part=0) & Q(split_from__isnull=True)) | (Q(part__gt=0) & Q(split_from__isnull=False)),
                name="payment_part_has_origin",
            ),
            models.CheckConstraint(condition=Q(amount__gt=0), name="payment_amount_positive"),
            # A paid payment always carries its date and bank reference; nothing else has them.
            models.CheckConstraint(
                condition=(Q(status="paid") & Q(paid_on__isnull=False) & ~Q(bank_reference=""))
                | (~Q(status="paid") & Q(paid_on__isnull=True)),
                name="payment_paid_has_date",
            ),
            models.CheckConstraint(
                condition=~Q(status="withheld") | ~Q(withheld_reason=""),
                name="payment_withheld_has_reason",
            ),
        ]

    def __str__(self):
        return f"{self.reference} {self.amount}"

    # The state machine (DESIGN.md §4). Permissions are payments.rules'; the sweep and the
    # account refresh are system work (actor=None). Services apply these through
    # core.transitions.transition_apply, which writes the case event.
    @transition(
        field=status,
        source=[Status.PLANNED, Status.WITHHELD],
        target=Status.DUE,
        permission="payments.release_payment",
    )
    def make_due(self):
        self.withheld_reason = ""
        self.hold_kind = ""

    @transition(
        field=status,
        source=Status.WITHHELD,
        target=Status.PLANNED,
        permission="payments.release_payment",
        custom={"label": _("Frigi")},
    )
    def release(self):
        """An officer lifts a hold before the payment's date: it waits for its date again."""
        self.withheld_reason = ""
        self.hold_kind = ""

    @transition(
        field=status,
        source=[Status.PLANNED, Status.DUE, Status.WITHHELD],
        target=Status.WITHHELD,
        permission="payments.withhold_payment",
    )
    def withhold(self, *, reason, kind):
        self.withheld_reason = reason[:300]
        self.hold_kind = kind

    @transition(field=status, source=Status.DUE, target=Status.IN_BATCH, permission="payments.run_payouts")
    def add_to_batch(self):
        pass

    @transition(field=status, source=Status.IN_BATCH, target=Status.DUE, permission="payments.run_payouts")
    def remove_from_batch(self):
        """The batch was cancelled before its payment file was made: nothing reached the bank."""

    @transition(field=status, source=Status.IN_BATCH, target=Status.DUE, permission="payments.run_payouts")
    def fail(self, *, new_reference):
        self.reference = new_reference
        self.reissue_count += 1

    @transition(field=status, source=Status.PAID, target=Status.DUE, permission="payments.run_payouts")
    def return_from_bank(self, *, new_reference):
        self.paid_on = None
        self.bank_reference = ""
        self.reference = new_reference
        self.reissue_count += 1

    @transition(field=status, source=Status.IN_BATCH, target=Status.PAID, permission="payments.run_payouts")
    def mark_paid(self, *, paid_on, bank_reference):
        self.paid_on = paid_on
        self.bank_reference = bank_reference

    @transition(
        field=status,
        source=[Status.PLANNED, Status.DUE, Status.WITHHELD],
        target=Status.CANCELLED,
        permission="payments.cancel_payment",
        custom={"label": _("Kanseller"), "confirm": _("Kansellere utbetalingen?"), "style": "danger"},
    )
    def cancel(self, *, reason):
        self.cancel_reason = reason[:300]

    # State facts for the templates (they never compare a status with a literal).
    @property
    def is_withheld(self) -> bool:
        return self.status == self.Status.WITHHELD

    @property
    def is_paid(self) -> bool:
        return self.status == self.Status.PAID


def payment_file_made(batch) -> bool:
    return batch.payment_file_created_at is not None


payment_file_made.refusal = _("Lag betalingsfilen før bunten registreres som utbetalt.")


def payment_file_not_made(batch) -> bool:
    return batch.payment_file_created_at is None


payment_file_not_made.refusal = _("Betalingsfilen for bunten er laget og kan være sendt til banken.")


def has_open_lines(batch) -> bool:
    if batch.pk is None:
        # A batch built in memory before a bulk insert (demo.volume) carries its payments.
        return bool(getattr(batch, "_lines", ()))
    return batch.lines.filter(is_open=True).exists()


has_open_lines.refusal = _("Bunten har ingen utbetalinger igjen.")


class PayoutBatch(FSMModelMixin, models.Model):
    """A set of due payments that finance exports to the bank in one go."""

    class Status(models.TextChoices):
        OPEN = "open", _("Venter på godkjenning")
        APPROVED = "approved", _("Godkjent")
        PAID = "paid", _("Utbetalt")
        CANCELLED = "cancelled", _("Avbrutt")

    reference = models.CharField(_("buntreferanse"), max_length=20, unique=True)
    status = FSMField(_("status"), default=Status.OPEN, choices=Status.choices, protected=True, db_index=True)
    execution_date = models.DateField(_("ønsket betalingsdato"))
    selection = models.JSONField(_("utvalg"), default=dict, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("laget av"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("laget"), auto_now_add=True)
    # Four eyes: one finance user builds the batch, another approves it before its payment
    # file can be made (payments.rules; the service and the database check it too).
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("godkjent av"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    approved_at = models.DateTimeField(_("godkjent"), null=True, blank=True)
    exported_at = models.DateTimeField(_("sist eksportert"), null=True, blank=True)
    export_count = models.PositiveIntegerField(_("antall eksporter"), default=0)
    paid_on = models.DateField(_("utbetalt dato"), null=True, blank=True)
    bank_reference = models.CharField(_("bankreferanse"), max_length=80, blank=True)
    paid_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # The pain.001 payment file is made once (a POST), stored, and every download serves
    # the same bytes: the bank sees one message id and one end-to-end id per payment.
    payment_file = models.FileField(_("betalingsfil"), upload_to="private/payment_files/", blank=True, max_length=300)
    payment_file_sha256 = models.CharField(max_length=64, blank=True)
    payment_file_created_at = models.DateTimeField(_("betalingsfil laget"), null=True, blank=True)
    payment_file_created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("utbetalingsbunt")
        verbose_name_plural = _("utbetalingsbunter")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(status="paid") & Q(paid_on__isnull=False) & ~Q(bank_reference=""))
                | (~Q(status="paid") & Q(paid_on__isnull=True)),
                name="batch_paid_has_date",
            ),
            # Once its payment file is out, a batch can only end paid (lines may fail).
            models.CheckConstraint(
                condition=~Q(status="cancelled") | Q(payment_file_created_at__isnull=True),
                name="batch_exported_not_cancelled",
            ),
            models.CheckConstraint(condition=~Q(approved_by=models.F("created_by")), name="batch_four_eyes"),
            # Batches exported before four eyes were migrated as approved without an approver.
            models.CheckConstraint(
                condition=~Q(status="approved") | Q(approved_at__isnull=False), name="batch_approved_has_date"
            ),
        ]

    @property
    def payment_file_exported(self) -> bool:
        return self.payment_file_created_at is not None

    def __str__(self):
        return self.reference

    @transition(
        field=status,
        source=Status.OPEN,
        target=Status.APPROVED,
        permission="payments.approve_batch",
        conditions=[payment_file_not_made, has_open_lines],
        custom={"label": _("Godkjenn bunt")},
    )
    def approve(self, *, user, at):
        self.approved_by = user
        self.approved_at = at

    @transition(
        field=status,
        source=Status.APPROVED,
        target=Status.PAID,
        permission="payments.run_payouts",
        conditions=[payment_file_made],
        custom={"label": _("Registrer utbetaling")},
    )
    def mark_paid(self, *, paid_on, bank_reference, user):
        self.paid_on = paid_on
        self.bank_reference = bank_reference
        self.paid_by = user

    @transition(
        field=status,
        source=[Status.OPEN, Status.APPROVED],
        target=Status.CANCELLED,
        permission="payments.run_payouts",
        conditions=[payment_file_not_made],
        custom={"label": _("Avbryt bunt"), "confirm": _("Avbryte bunten?"), "style": "danger"},
    )
    def cancel(self):
        pass

    @property
    def is_open(self) -> bool:
        """Not closed yet: waiting for approval, or approved and not yet paid."""
        return self.status in (self.Status.OPEN, self.Status.APPROVED)

    @property
    def awaits_approval(self) -> bool:
        return self.status == self.Status.OPEN

    @property
    def is_approved(self) -> bool:
        return self.status == self.Status.APPROVED

    @property
    def is_paid(self) -> bool:
        return self.status == self.Status.PAID

    @property
    def may_make_payment_file(self) -> bool:
        return self.is_approved and not self.payment_file_exported

    @property
    def line_count(self):
        """Lines that count on the batch list: paid ones once paid, open ones before
        (needs the `n_open`/`n_paid` annotations of payments.selectors.batches_with_totals)."""
        return self.n_paid if self.is_paid else self.n_open


class PayoutBatchLine(models.Model):
    """One payment in one batch. The partial unique constraint keeps a payment in at most one
    open line; closed lines stay as history (paid, failed, or batch cancelled)."""

    class Outcome(models.TextChoices):
        PENDING = "pending", _("Venter")
        PAID = "paid", _("Utbetalt")
        FAILED = "failed", _("Feilet")
        RETURNED = "returned", _("Returnert fra banken")
        REMOVED = "removed", _("Tatt ut")

    batch = models.ForeignKey(PayoutBatch, on_delete=models.PROTECT, related_name="lines")
    payment = models.ForeignKey(Payment, on_delete=models.PROTECT, related_name="batch_lines")
    amount = models.DecimalField(_("beløp"), **MONEY_FIELD)
    is_open = models.BooleanField(default=True)
    outcome = models.CharField(_("utfall"), max_length=10, choices=Outcome.choices, default=Outcome.PENDING)
    failure_reason = models.CharField(_("feilårsak"), max_length=300, blank=True)
    # Set when the line was written to the batch's payment file; unique, so one end-to-end id
    # is never in two files.
    end_to_end_id = models.CharField(_("betalingsreferanse i betalingsfil"), max_length=35, blank=True)
    # The account written in the payment file for this line (the confirmed account then).
    creditor_account = models.CharField(_("kontonummer i betalingsfil"), max_length=11, blank=True)
    # Set when the bank's return file (camt.054) booked the line: the bank's own reference.
    bank_reference = models.CharField(_("bankreferanse"), max_length=80, blank=True)
    paid_on = models.DateField(_("utbetalt dato"), null=True, blank=True)
    failed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    failed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("linje i utbetalingsbunt")
        verbose_name_plural = _("linjer i utbetalingsbunt")
        ordering = ["batch", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["payment"], condition=Q(is_open=True), name="batchline_one_open_per_payment"
            ),
            models.UniqueConstraint(fields=["batch", "payment"], name="batchline_unique_in_batch"),
            models.CheckConstraint(condition=Q(amount__gt=0), name="batchline_amount_positive"),
            models.CheckConstraint(
                condition=(Q(is_open=True) & Q(outcome="pending")) | (Q(is_open=False) & ~Q(outcome="pending")),
                name="batchline_open_is_pending",
            ),
            models.UniqueConstraint(
                fields=["end_to_end_id"], condition=~Q(end_to_end_id=""), name="batchline_end_to_end_once"
            ),
            # A line that was in an exported file is never just taken out: it is paid, or the
            # bank's failure or return is recorded with a reason.
            models.CheckConstraint(
                condition=~Q(outcome="removed") | Q(end_to_end_id=""), name="batchline_exported_not_removed"
            ),
            models.CheckConstraint(
                condition=~Q(outcome__in=["failed", "returned"]) | (~Q(end_to_end_id="") & ~Q(failure_reason="")),
                name="batchline_failed_exported_with_reason",
            ),
        ]

    def __str__(self):
        return f"{self.batch} {self.payment}"

    @property
    def is_paid(self) -> bool:
        return self.outcome == self.Outcome.PAID

    @property
    def may_fail(self) -> bool:
        """The bank may still reject it (open line of an open batch) or return it (paid, by
        the batch or by the bank's return file)."""
        return (self.is_open and self.batch.is_open) or self.is_paid


class BankReturnFile(models.Model):
    """A file the bank sent back for a batch (camt.054 or pain.002), as uploaded, with what
    reading it did: lines paid or failed, lines already recorded, and entries left for a
    person to decide (unknown reference, amount that does not match)."""

    class Kind(models.TextChoices):
        CAMT054 = "camt054", _("Belastningsavisering (camt.054)")
        PAIN002 = "pain002", _("Statusrapport (pain.002)")

    batch = models.ForeignKey(PayoutBatch, on_delete=models.PROTECT, related_name="return_files")
    kind = models.CharField(_("type"), max_length=10, choices=Kind.choices)
    message_id = models.CharField(_("bankens meldingsid"), max_length=80, blank=True)
    file = models.FileField(_("fil"), upload_to="private/bank_returns/", max_length=300)
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)
    paid = models.PositiveIntegerField(_("registrert utbetalt"), default=0)
    failed = models.PositiveIntegerField(_("registrert feilet"), default=0)
    already = models.PositiveIntegerField(_("allerede registrert"), default=0)
    unmatched = models.JSONField(_("ikke avstemt"), default=list, blank=True)

    class Meta:
        verbose_name = _("returfil fra banken")
        verbose_name_plural = _("returfiler fra banken")
        ordering = ["-uploaded_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["batch", "sha256"], name="bank_return_file_once")]

    def __str__(self):
        return f"{self.batch} {self.get_kind_display()} {self.message_id}"


# The reaction models live in their own module (file size); Django finds them here.
from payments.models_reactions import Reaction, ReactionAppeal, ReactionReply  # noqa: E402, F401
