from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django_fsm import FSMField, FSMModelMixin, transition
from simple_history.models import HistoricalRecords

from core.money import MONEY_FIELD


class Grant(FSMModelMixin, models.Model):
    """One year's grant to one organisation: from an approved award decision (development
    scheme) or from places × rate × months (reception centres)."""

    class Status(models.TextChoices):
        DECIDED = "decided", _("Vedtatt")
        LETTER_SENT = "letter_sent", _("Tilskuddsbrev sendt")
        ACCEPTED = "accepted", _("Akseptert")
        DECLINED = "declined", _("Takket nei")
        LAPSED = "lapsed", _("Bortfalt")
        CLOSED = "closed", _("Avsluttet")

    call = models.ForeignKey(
        "schemes.Call", verbose_name=_("utlysning"), on_delete=models.PROTECT, related_name="grants"
    )
    organisation = models.ForeignKey(
        "organisations.Organisation", verbose_name=_("mottaker"), on_delete=models.PROTECT, related_name="grants"
    )
    application = models.ForeignKey(
        "applications.Application",
        verbose_name=_("søknad"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="grants",
    )
    decision = models.ForeignKey(
        "applications.Decision",
        verbose_name=_("vedtak"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="grants",
    )
    case_number = models.CharField(_("saksnummer"), max_length=12, db_index=True)
    year = models.PositiveSmallIntegerField(_("tilskuddsår"))
    amount = models.DecimalField(_("tilskudd"), **MONEY_FIELD)
    # The part of `amount` that is participant allowance: frames, payments and accounts count
    # the whole amount; the letter prints the two parts on their own lines.
    allowance = models.DecimalField(_("herav deltakerstønad"), default=0, **MONEY_FIELD)
    status = FSMField(_("status"), default=Status.DECIDED, choices=Status.choices, protected=True, db_index=True)
    special_conditions = models.TextField(_("særskilte vilkår"), blank=True)
    acceptance_deadline = models.DateField(_("akseptfrist"), null=True, blank=True)
    acceptance_overdue_flagged_at = models.DateTimeField(_("akseptfrist oversittet"), null=True, blank=True)
    # The basis of a formula grant (reception centres: places × monthly rate × months), shown
    # in the letter; empty for competitive grants.
    places = models.PositiveIntegerField(_("antall plasser"), null=True, blank=True)
    monthly_rate = models.DecimalField(_("sats per plass per måned"), null=True, blank=True, **MONEY_FIELD)
    months = models.PositiveSmallIntegerField(_("antall måneder"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("tilskudd")
        verbose_name_plural = _("tilskudd")
        ordering = ["-year", "organisation__name"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gte=0), name="grant_amount_nonneg"),
            models.CheckConstraint(
                condition=Q(allowance__gte=0, allowance__lte=models.F("amount")), name="grant_allowance_within_amount"
            ),
            models.UniqueConstraint(
                fields=["application", "year"],
                condition=Q(application__isnull=False),
                name="grant_unique_application_year",
            ),
            # Formula grants (reception centres) have no application: one per call and organisation.
            models.UniqueConstraint(
                fields=["call", "organisation", "year"],
                condition=Q(application__isnull=True),
                name="grant_unique_formula_year",
            ),
            models.CheckConstraint(
                condition=Q(monthly_rate__isnull=True) | Q(monthly_rate__gt=0), name="grant_monthly_rate_positive"
            ),
            models.CheckConstraint(
                condition=Q(months__isnull=True) | Q(months__gte=1, months__lte=12), name="grant_months_in_year"
            ),
        ]

    def __str__(self):
        return f"{self.case_number} {self.organisation} {self.year}"

    @property
    def project_amount(self):
        """The grant without the participant allowance."""
        return self.amount - self.allowance

    @property
    def awaits_acceptance(self) -> bool:
        """The letter is sent and the municipality has not yet answered."""
        return self.status == self.Status.LETTER_SENT

    @property
    def is_decided(self) -> bool:
        """Decided, the letter not yet sent (IMDi's own until then)."""
        return self.status == self.Status.DECIDED

    @property
    def is_answerable(self) -> bool:
        """Its letter may still be changed: not yet accepted, declined or lapsed."""
        return self.status in (self.Status.DECIDED, self.Status.LETTER_SENT)

    # The state machine; who may take each step is in applications.rules. The deadline and the
    # letter's own checks stay in the services (applications.services.grant and .acceptance).
    @transition(
        field=status,
        source=Status.DECIDED,
        target=Status.LETTER_SENT,
        permission="applications.send_grant_letter",
        custom={"label": _("Signer og send tilskuddsbrevet")},
    )
    def mark_letter_sent(self):
        pass

    @transition(
        field=status,
        source=Status.LETTER_SENT,
        target=Status.ACCEPTED,
        permission="applications.answer_grant",
        custom={"label": _("Aksepter tilskuddet")},
    )
    def accept(self):
        pass

    @transition(
        field=status,
        source=Status.LETTER_SENT,
        target=Status.DECLINED,
        permission="applications.answer_grant",
        custom={"label": _("Takk nei")},
    )
    def decline(self):
        pass

    @transition(
        field=status,
        source=Status.LETTER_SENT,
        target=Status.LAPSED,
        permission="applications.lapse_grant",
        custom={"label": _("La tilskuddet falle bort")},
    )
    def lapse(self):
        pass

    @transition(
        field=status,
        source=Status.ACCEPTED,
        target=Status.CLOSED,
        permission="applications.close_grant",
        custom={"label": _("Avslutt tilskuddet")},
    )
    def close(self):
        pass


class GrantLetter(models.Model):
    """A grant letter as sent: the PDF/A bytes are stored once with their SHA-256 and never
    regenerated. A correction is a new version that replaces an earlier one."""

    grant = models.ForeignKey(Grant, on_delete=models.PROTECT, related_name="letters")
    version = models.PositiveSmallIntegerField(_("versjon"), default=1)
    replaces = models.OneToOneField("self", null=True, blank=True, on_delete=models.PROTECT, related_name="replaced_by")
    pdf = models.FileField(upload_to="private/letters/", max_length=300, blank=True)
    sha256 = models.CharField(max_length=64, blank=True)
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("signert av"), on_delete=models.PROTECT, related_name="+"
    )
    sent_at = models.DateTimeField(_("sendt"))
    acceptance_deadline = models.DateField(_("akseptfrist"))
    correction_note = models.TextField(_("hva som er rettet"), blank=True)

    class Meta:
        verbose_name = _("tilskuddsbrev")
        verbose_name_plural = _("tilskuddsbrev")
        ordering = ["grant", "version"]
        constraints = [
            models.UniqueConstraint(fields=["grant", "version"], name="letter_unique_version"),
            # The first letter replaces nothing; every correction names the version it replaces.
            models.CheckConstraint(
                condition=Q(version=1, replaces__isnull=True) | Q(version__gt=1, replaces__isnull=False),
                name="letter_correction_names_replaced",
            ),
            # A stored letter has its hash; a correction waits for both while it is rendered.
            models.CheckConstraint(
                condition=(~Q(pdf="") & ~Q(sha256="")) | Q(pdf="", sha256="", version__gt=1),
                name="letter_has_hash",
            ),
        ]

    def __str__(self):
        return f"Tilskuddsbrev {self.grant.case_number} v{self.version}"


class Acceptance(models.Model):
    """The organisation's acceptance (or refusal) of a grant letter, with the details the
    acceptance letter must carry (rundskriv 06/2024 section 6) as they were confirmed."""

    grant = models.OneToOneField(Grant, on_delete=models.PROTECT, related_name="acceptance")
    letter = models.ForeignKey(GrantLetter, on_delete=models.PROTECT, related_name="acceptances")
    accepted = models.BooleanField(_("akseptert"))
    decline_reason = models.TextField(_("begrunnelse for å takke nei"), blank=True)
    organisation_name = models.CharField(_("navn"), max_length=200)
    address = models.CharField(_("adresse"), max_length=300)
    phone = models.CharField(_("telefon"), max_length=30)
    email = models.EmailField(_("e-post"))
    org_number = models.CharField(_("organisasjonsnummer"), max_length=9)
    bank_account = models.CharField(_("kontonummer for utbetaling"), max_length=11)
    contact_persons = models.TextField(_("kontaktperson(er)"))
    competence = models.TextField(_("forutsetninger og kompetanse for å gjennomføre"), blank=True)
    earlier_grants = models.TextField(_("tidligere tilskudd fra IMDi (dato og saksnummer)"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("besvart av"), on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(_("besvart"))
    receipt_pdf = models.FileField(upload_to="private/receipts/", blank=True, max_length=300)
    receipt_sha256 = models.CharField(max_length=64, blank=True)

    class Meta:
        verbose_name = _("aksept")
        verbose_name_plural = _("aksepter")
        constraints = [
            models.CheckConstraint(
                condition=Q(accepted=True) | ~Q(decline_reason=""), name="acceptance_decline_has_reason"
            ),
        ]

    def __str__(self):
        return f"Aksept {self.grant}"


class AcceptanceReminder(models.Model):
    """One reminder (or overdue notice) for one acceptance deadline: exists and is sent once."""

    grant = models.ForeignKey(Grant, on_delete=models.CASCADE, related_name="acceptance_reminders")
    deadline = models.DateField(_("akseptfrist"))
    days_before = models.SmallIntegerField(_("dager før fristen"), help_text=_("Negativ: etter fristen."))
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("påminnelse om aksept")
        verbose_name_plural = _("påminnelser om aksept")
        constraints = [
            models.UniqueConstraint(fields=["grant", "deadline", "days_before"], name="acceptance_reminder_once")
        ]

    def __str__(self):
        return f"{self.grant} {self.days_before}"


class AcceptanceDraft(models.Model):
    """The acceptance details as prepared (by a caseworker or an approver) before an approver
    accepts: a workspace, not a decision. The Acceptance copies them when it is made."""

    grant = models.OneToOneField(Grant, on_delete=models.CASCADE, related_name="acceptance_draft")
    organisation_name = models.CharField(_("navn"), max_length=200, blank=True)
    address = models.CharField(_("adresse"), max_length=300, blank=True)
    phone = models.CharField(_("telefon"), max_length=30, blank=True)
    email = models.EmailField(_("e-post"), blank=True)
    org_number = models.CharField(_("organisasjonsnummer"), max_length=9, blank=True)
    bank_account = models.CharField(_("kontonummer for utbetaling"), max_length=11, blank=True)
    contact_persons = models.TextField(_("kontaktperson(er)"), blank=True)
    competence = models.TextField(_("forutsetninger og kompetanse for å gjennomføre"), blank=True)
    earlier_grants = models.TextField(_("tidligere tilskudd fra IMDi (dato og saksnummer)"), blank=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("utkast til aksept")
        verbose_name_plural = _("utkast til aksept")

    def __str__(self):
        return f"Utkast til aksept {self.grant}"


class LetterSendJob(models.Model):
    """Sending the grant letters of a call (all of them, or a selection) as one background job,
    with its progress: the request only queues it (issue 17 item 4)."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("I kø")
        RUNNING = "running", _("Sender")
        DONE = "done", _("Ferdig")
        FAILED = "failed", _("Feilet")

    call = models.ForeignKey("schemes.Call", on_delete=models.PROTECT, related_name="letter_send_jobs")
    # The budget holder's selection (one grant from its page, several from the list); empty:
    # every decided grant of the call.
    grants = models.ManyToManyField(
        "applications.Grant", blank=True, related_name="+", verbose_name=_("valgte tilskudd")
    )
    started_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.QUEUED)
    total = models.PositiveIntegerField(_("antall brev"), default=0)
    done = models.PositiveIntegerField(_("sendt"), default=0)
    failed = models.PositiveIntegerField(_("feilet"), default=0)
    errors = models.JSONField(_("feil"), default=list, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("utsending av tilskuddsbrev")
        verbose_name_plural = _("utsendinger av tilskuddsbrev")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(done__lte=models.F("total")) & Q(failed__lte=models.F("total")),
                name="letter_job_progress_bounded",
            ),
        ]

    def __str__(self):
        return f"{self.call} {self.created_at:%d.%m.%Y %H:%M}"

    # The job's progress is written row-wise outside the letters' transactions, so the bar moves
    # while the job runs: these two bulk writes are the only status changes of a job.
    @classmethod
    def progress_start(cls, pk: int, *, total: int, done: int = 0) -> None:
        """`done`: letters a killed run of this job already sent (a resumed job counts on)."""
        cls.objects.filter(pk=pk).update(status=cls.Status.RUNNING, total=total, done=done, failed=0, errors=[])

    @classmethod
    def progress_finish(cls, pk: int, *, failed: bool) -> None:
        from django.utils import timezone

        cls.objects.filter(pk=pk).update(
            status=cls.Status.FAILED if failed else cls.Status.DONE, finished_at=timezone.now()
        )

    @property
    def percent(self) -> int:
        if not self.total:
            return 100 if self.status == self.Status.DONE else 0
        return int(100 * (self.done + self.failed) / self.total)
