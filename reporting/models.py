from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_fsm import FSMField, FSMModelMixin, transition
from simple_history.models import HistoricalRecords

from core.models import PrivateAttachment
from core.money import MONEY_FIELD


class ReportObligation(FSMModelMixin, models.Model):
    """One report a grant recipient owes, with its due date. Overdue is derived from the date."""

    class Kind(models.TextChoices):
        STATUS = "status", _("Statusrapport")
        HALF_YEAR = "half_year", _("Halvårsrapport med regnskap")
        ANNUAL = "annual", _("Årsrapport")
        ACCOUNTS = "accounts", _("Regnskap")
        # IMDi's control (bevilgningsreglementet § 10 andre ledd): a request for documents,
        # added to a grant from the admin.
        DOCUMENTS = "documents", _("Dokumentasjon til kontroll")

    class Status(models.TextChoices):
        OPEN = "open", _("Åpen")
        SUBMITTED = "submitted", _("Sendt inn")
        APPROVED = "approved", _("Godkjent")
        RETURNED = "returned", _("Returnert")

    grant = models.ForeignKey("applications.Grant", on_delete=models.PROTECT, related_name="report_obligations")
    deadline = models.ForeignKey(
        "schemes.ReportDeadline",
        verbose_name=_("rapportfrist i utlysningen"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="obligations",
    )
    kind = models.CharField(_("type"), max_length=20, choices=Kind.choices)
    period_start = models.DateField(_("periode fra"))
    period_end = models.DateField(_("periode til"))
    due_date = models.DateField(_("frist"), db_index=True)
    # An obligation IMDi added to the grant (an extra report, a document request): what IMDi
    # asks for, and who added it. Empty for the call's own report deadlines.
    request_text = models.TextField(_("hva IMDi ber om"), max_length=8000, blank=True)
    added_by = models.ForeignKey(
        "core.User", verbose_name=_("lagt til av"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    status = FSMField(_("status"), default=Status.OPEN, choices=Status.choices, protected=True, db_index=True)
    created_at = models.DateTimeField(_("opprettet"), default=timezone.now, editable=False)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("rapporteringsplikt")
        verbose_name_plural = _("rapporteringsplikter")
        ordering = ["due_date", "id"]
        constraints = [
            models.UniqueConstraint(fields=["grant", "kind", "period_end"], name="obligation_unique"),
            models.CheckConstraint(condition=Q(period_end__gte=models.F("period_start")), name="obligation_period"),
        ]
        indexes = [models.Index(fields=["status", "due_date"])]

    def __str__(self):
        return f"{self.get_kind_display()} {self.due_date:%d.%m.%Y}"

    @property
    def has_accounts(self) -> bool:
        return self.kind in KINDS_WITH_ACCOUNTS

    @property
    def is_locked(self) -> bool:
        return self.status in (self.Status.SUBMITTED, self.Status.APPROVED)

    @property
    def is_returned(self) -> bool:
        return self.status == self.Status.RETURNED

    @property
    def is_approved(self) -> bool:
        return self.status == self.Status.APPROVED

    @property
    def is_submitted(self) -> bool:
        """Waiting for IMDi's review."""
        return self.status == self.Status.SUBMITTED

    @property
    def is_sent_to_imdi(self) -> bool:
        """IMDi reads a report (text, accounts, activities, attachments) only once the
        organisation has submitted it; an open or returned report is the organisation's draft."""
        return self.status in SENT_TO_IMDI

    # The state machine. Each transition declares who may take it (reporting.rules); services
    # apply them through core.transitions.transition_apply, which also writes the case event.
    @transition(
        field=status,
        source=[Status.OPEN, Status.RETURNED],
        target=Status.SUBMITTED,
        permission="reporting.submit_report",
        custom={"label": _("Send inn til IMDi")},
    )
    def submit(self):
        pass

    @transition(
        field=status,
        source=Status.SUBMITTED,
        target=Status.APPROVED,
        permission="reporting.review_report",
        custom={"label": _("Godkjenn rapporten")},
    )
    def approve(self):
        pass

    @transition(
        field=status,
        source=Status.SUBMITTED,
        target=Status.RETURNED,
        permission="reporting.review_report",
        custom={"label": _("Returner til kommunen")},
    )
    def return_to_organisation(self):
        pass


KINDS_WITH_ACCOUNTS = (ReportObligation.Kind.ACCOUNTS, ReportObligation.Kind.HALF_YEAR)
SENT_TO_IMDI = (ReportObligation.Status.SUBMITTED, ReportObligation.Status.APPROVED)


class Report(models.Model):
    """What the organisation reports for one obligation. Editable while the obligation is
    open or returned; locked once submitted."""

    obligation = models.OneToOneField(ReportObligation, on_delete=models.PROTECT, related_name="report")

    # Status report (rundskriv 08/2024: statusrapport om gjennomføring av prosjektet)
    progress = models.TextField(_("framdrift sammenlignet med planen"), max_length=8000, blank=True)
    activities_done = models.TextField(_("aktiviteter som er gjennomført"), max_length=8000, blank=True)
    participants = models.PositiveIntegerField(_("antall deltakere hittil"), null=True, blank=True)
    deviations = models.TextField(_("avvik og risiko"), max_length=8000, blank=True)

    # Annual report (rundskriv 08/2024 and 06/2024 section 9)
    goal_contribution = models.TextField(
        _("hvordan arbeidet har bidratt til å nå de prioriterte resultatmålene for ordningen"),
        max_length=8000,
        blank=True,
    )
    use_of_grant = models.TextField(_("hvordan tilskuddet er brukt"), max_length=8000, blank=True)
    results = models.TextField(_("resultater"), max_length=8000, blank=True)
    transfer_value = models.TextField(_("overføringsverdi"), max_length=8000, blank=True)
    lessons = models.TextField(_("hva andre kan lære av prosjektet"), max_length=8000, blank=True)
    documents_reply = models.TextField(_("svar til IMDi"), max_length=8000, blank=True)

    # Half-year report (rundskriv 06/2024 section 9)
    activities_comment = models.TextField(_("kommentar til beboernes aktiviteter"), max_length=8000, blank=True)

    # Accounts (income side; expense lines are AccountsLine rows)
    own_contribution = models.DecimalField(_("egenandel"), default=0, **MONEY_FIELD)
    other_income = models.DecimalField(_("andre inntekter"), default=0, **MONEY_FIELD)

    accounts_lead_approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("regnskap godkjent av prosjektansvarlig"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    accounts_lead_approved_at = models.DateTimeField(null=True, blank=True)
    accounts_superior_approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("regnskap godkjent av leder for prosjektansvarlig"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    accounts_superior_approved_at = models.DateTimeField(null=True, blank=True)

    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    submitted_at = models.DateTimeField(_("sendt inn"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    review_comment = models.TextField(_("kommentar fra IMDi"), blank=True)
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("rapport")
        verbose_name_plural = _("rapporter")
        constraints = [
            models.CheckConstraint(
                condition=Q(own_contribution__gte=0, other_income__gte=0), name="report_income_nonneg"
            ),
            # The circulars: accounts approved by the project lead AND that person's superior.
            models.CheckConstraint(
                condition=Q(accounts_lead_approved_by__isnull=True)
                | Q(accounts_superior_approved_by__isnull=True)
                | ~Q(accounts_lead_approved_by=models.F("accounts_superior_approved_by")),
                name="report_accounts_two_approvers",
            ),
        ]

    def __str__(self):
        return str(self.obligation)

    @property
    def accounts_approved(self) -> bool:
        return bool(self.accounts_lead_approved_by_id and self.accounts_superior_approved_by_id)


class AccountsLine(models.Model):
    """One expense line of the accounts: booked against an approved budget line (development
    scheme) or a category (reception centres, which have no application budget)."""

    class Category(models.TextChoices):
        SALARY = "salary", _("Lønn og sosiale kostnader")
        PURCHASED_SERVICES = "services", _("Kjøp av tjenester")
        SUPERVISION = "supervision", _("Veiledning og følgeforskning")
        TRAVEL = "travel", _("Reise og opphold")
        MATERIALS = "materials", _("Materiell og utstyr")
        PARTICIPANT_ALLOWANCE = "allowance", _("Deltakerstønad")
        INCENTIVES = "incentives", _("Insentiv- og bonusordninger")
        OTHER = "other", _("Andre kostnader")

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="accounts_lines")
    position = models.PositiveSmallIntegerField(_("rekkefølge"))
    budget_line = models.ForeignKey(
        "applications.BudgetLine", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    category = models.CharField(_("kategori"), max_length=20, choices=Category.choices)
    description = models.CharField(_("budsjettpost"), max_length=300)
    budget = models.DecimalField(_("godkjent budsjett"), null=True, blank=True, **MONEY_FIELD)
    expenses = models.DecimalField(_("bokførte utgifter"), default=0, **MONEY_FIELD)
    covered_by_grant = models.DecimalField(_("herav dekket av tilskuddet"), default=0, **MONEY_FIELD)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("regnskapslinje")
        verbose_name_plural = _("regnskapslinjer")
        ordering = ["report", "position"]
        constraints = [
            models.UniqueConstraint(fields=["report", "position"], name="accounts_line_position"),
            models.CheckConstraint(condition=Q(expenses__gte=0, covered_by_grant__gte=0), name="accounts_line_nonneg"),
            models.CheckConstraint(
                condition=Q(covered_by_grant__lte=models.F("expenses")), name="accounts_line_covered_le_expenses"
            ),
            models.CheckConstraint(condition=Q(budget__isnull=True) | Q(budget__gte=0), name="accounts_budget_nonneg"),
        ]

    def __str__(self):
        return self.description


class ReportActivity(models.Model):
    """The residents' activities in a half-year report (rundskriv 06/2024 section 1.2)."""

    class Activity(models.TextChoices):
        NORWEGIAN = "norwegian", _("Opplæring i norsk")
        SOCIAL_STUDIES = "social_studies", _("Opplæring i samfunnskunnskap")
        COMPETENCE_MAPPING = "competence_mapping", _("Kompetansekartlegging")
        CAREER_GUIDANCE = "career_guidance", _("Karriereveiledning")
        LANGUAGE_TRAINING = "language_training", _("Språktrening")
        WORK_ORIENTED = "work_oriented", _("Arbeidsrettede aktiviteter")
        VOLUNTARY = "voluntary", _("Andre aktiviteter i samarbeid med frivillig(e) organisasjon(er) og/eller mottaket")
        EDUCATION = "education", _("Skole- og utdanningsrelaterte aktiviteter")
        INCENTIVES = "incentives", _("Insentiv- og bonusordninger")

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="activities")
    activity = models.CharField(_("aktivitet"), max_length=30, choices=Activity.choices)
    participants = models.PositiveIntegerField(_("antall deltakere"), null=True, blank=True)
    description = models.TextField(_("beskrivelse"), max_length=4000, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("aktivitet for beboere")
        verbose_name_plural = _("aktiviteter for beboere")
        ordering = ["report", "id"]
        constraints = [models.UniqueConstraint(fields=["report", "activity"], name="report_activity_unique")]

    def __str__(self):
        return self.get_activity_display()


def report_attachment_path(instance, filename):
    # Never trust the uploaded name in the path.
    return f"private/reports/{instance.report_id}/{instance.sha256[:2]}/{instance.sha256}"


class ReportAttachment(PrivateAttachment):
    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(upload_to=report_attachment_path, max_length=300)

    class Meta:
        verbose_name = _("vedlegg til rapport")
        verbose_name_plural = _("vedlegg til rapporter")
        ordering = ["uploaded_at", "id"]


class ReportReminder(models.Model):
    """One reminder (before) or overdue notice (after) for one due date of one obligation:
    the unique constraint makes it exist, and be sent, once however often the sweep runs."""

    obligation = models.ForeignKey(ReportObligation, on_delete=models.CASCADE, related_name="reminders")
    due_date = models.DateField(_("frist"))
    days_before = models.SmallIntegerField(_("dager før fristen"), help_text=_("Negativ: etter fristen."))
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    recipients = models.PositiveSmallIntegerField(_("mottakere"), default=0)

    class Meta:
        verbose_name = _("påminnelse om rapport")
        verbose_name_plural = _("påminnelser om rapporter")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["obligation", "due_date", "days_before"], name="report_reminder_once")
        ]

    def __str__(self):
        return f"{self.obligation} ({self.days_before})"


class CalendarToken(models.Model):
    """The secret in a user's iCalendar feed URL; replacing it revokes the old URL."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="report_calendar")
    token = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("kalenderlenke")
        verbose_name_plural = _("kalenderlenker")

    def __str__(self):
        return str(self.user)
