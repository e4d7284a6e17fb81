"""The rules of each scheme and call, as data: next year's circular is entered, not coded."""

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django_fsm import FSMField, FSMModelMixin, transition
from simple_history.models import HistoricalRecords

from core.money import MONEY_FIELD


class Scheme(models.Model):
    class Kind(models.TextChoices):
        COMPETITIVE = "competitive", _("Søknadsbasert med konkurranse")
        FORMULA = "formula", _("Beregnet etter sats (uten søknad)")

    code = models.SlugField(_("kode"), max_length=40, unique=True)
    name = models.CharField(_("navn"), max_length=200)
    name_en = models.CharField(_("navn på engelsk"), max_length=200, blank=True)
    kind = models.CharField(_("type"), max_length=20, choices=Kind.choices)
    chapter = models.PositiveSmallIntegerField(_("kapittel"))
    post = models.PositiveSmallIntegerField(_("post"))
    purpose = models.TextField(_("formål"), blank=True)
    use_of_funds = models.TextField(_("hva tilskuddet kan brukes til"), blank=True)

    class Meta:
        verbose_name = _("tilskuddsordning")
        verbose_name_plural = _("tilskuddsordninger")
        ordering = ["name"]

    def __str__(self):
        return self.name

    @property
    def chapter_post(self) -> str:
        return f"{self.chapter}.{self.post:02d}"


class Appropriation(models.Model):
    """An appropriation (bevilgning) on one chapter/post for one year, IMDi's share."""

    year = models.PositiveSmallIntegerField(_("år"))
    chapter = models.PositiveSmallIntegerField(_("kapittel"))
    post = models.PositiveSmallIntegerField(_("post"))
    name = models.CharField(_("postnavn"), max_length=200)
    amount = models.DecimalField(_("beløp til disposisjon for IMDi"), **MONEY_FIELD)
    source = models.CharField(_("kilde"), max_length=300, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("bevilgning")
        verbose_name_plural = _("bevilgninger")
        ordering = ["-year", "chapter", "post"]
        constraints = [
            models.UniqueConstraint(fields=["year", "chapter", "post"], name="appropriation_unique"),
            models.CheckConstraint(condition=Q(amount__gte=0), name="appropriation_amount_nonneg"),
        ]

    def __str__(self):
        return f"Kap. {self.chapter} post {self.post} ({self.year})"


class AppropriationShare(models.Model):
    """One line of the allocation letter's split of an appropriation among schemes."""

    appropriation = models.ForeignKey(Appropriation, on_delete=models.CASCADE, related_name="shares")
    label = models.CharField(_("formål"), max_length=200)
    scheme = models.ForeignKey(
        Scheme,
        verbose_name=_("tilskuddsordning"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="appropriation_shares",
    )
    amount = models.DecimalField(_("beløp"), **MONEY_FIELD)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("fordeling av bevilgning")
        verbose_name_plural = _("fordeling av bevilgning")
        ordering = ["appropriation", "-amount"]
        constraints = [
            models.UniqueConstraint(fields=["appropriation", "label"], name="share_unique_label"),
            models.CheckConstraint(condition=Q(amount__gte=0), name="share_amount_nonneg"),
        ]

    def __str__(self):
        return f"{self.label} ({self.appropriation})"


class Rate(models.Model):
    """A rate valid for a period: the grunnbeløp (G), or a scheme's per-place monthly rate."""

    class Kind(models.TextChoices):
        G = "G", _("Grunnbeløpet i folketrygden (G)")
        PER_PLACE_MONTH = "per_place_month", _("Sats per plass per måned")

    kind = models.CharField(_("type"), max_length=20, choices=Kind.choices)
    scheme = models.ForeignKey(
        Scheme,
        verbose_name=_("tilskuddsordning"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="rates",
    )
    amount = models.DecimalField(_("beløp"), **MONEY_FIELD)
    valid_from = models.DateField(_("gyldig fra"))
    valid_to = models.DateField(_("gyldig til"), null=True, blank=True)
    source = models.CharField(_("kilde"), max_length=300, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("sats")
        verbose_name_plural = _("satser")
        ordering = ["kind", "-valid_from"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "scheme", "valid_from"], name="rate_unique_from"),
            models.CheckConstraint(condition=Q(amount__gt=0), name="rate_amount_positive"),
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=models.F("valid_from")),
                name="rate_period_in_order",
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.amount} fra {self.valid_from:%d.%m.%Y}"


class Call(models.Model):
    """One year's call (utlysning) of a scheme, with its rules as data."""

    scheme = models.ForeignKey(
        Scheme, verbose_name=_("tilskuddsordning"), on_delete=models.PROTECT, related_name="calls"
    )
    year = models.PositiveSmallIntegerField(_("tilskuddsår"))
    title = models.CharField(_("tittel"), max_length=250)
    circular_number = models.CharField(_("rundskriv nr."), max_length=20)
    summary = models.TextField(_("sammendrag"), blank=True)
    published_on = models.DateField(_("publisert"), null=True, blank=True)
    application_deadline = models.DateField(
        _("søknadsfrist"),
        null=True,
        blank=True,
        help_text=_("Søknader kan sendes inn til og med denne dagen (norsk tid). Tom for ordninger uten søknad."),
    )
    frame = models.DecimalField(_("samlet ramme"), **MONEY_FIELD)
    appropriation_share = models.ForeignKey(
        AppropriationShare,
        verbose_name=_("bevilgning"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="calls",
    )
    min_participants = models.PositiveIntegerField(_("minste antall deltakere"), null=True, blank=True)
    max_project_years = models.PositiveSmallIntegerField(_("lengste prosjektperiode (år)"), default=1)
    own_contribution_required = models.BooleanField(_("egenandel kreves"), default=False)
    budget_must_balance = models.BooleanField(
        _("budsjettet må gå i balanse"),
        default=True,
        help_text=_(
            "Kostnadene hvert år må være lik egenandel + annen finansiering + søknadsbeløp (med deltakerstønad)."
        ),
    )
    acceptance_period_days = models.PositiveSmallIntegerField(_("frist for aksept (dager)"), default=14)
    acceptance_reminder_days = models.JSONField(
        _("påminnelser før akseptfrist (dager før)"),
        default=list,
        blank=True,
        help_text=_("For eksempel [7, 2]."),
    )
    report_reminder_days_before = models.JSONField(
        _("påminnelser før rapportfrist (dager før)"),
        default=list,
        blank=True,
    )
    report_reminder_days_after = models.JSONField(
        _("purringer etter rapportfrist (dager etter)"),
        default=list,
        blank=True,
    )
    appeal_period_days = models.PositiveSmallIntegerField(
        _("klagefrist ved avvisning (dager)"),
        default=21,
        help_text=_("Tre uker fra mottakeren får vedtaket (forvaltningsloven § 29)."),
    )
    # Named in the dismissal and reaction letters; the officer forwards an appeal to it.
    appeal_body = models.CharField(
        _("klageinstans"),
        max_length=200,
        default="Arbeids- og inkluderingsdepartementet",
        help_text=_("Klageinstansen rundskrivet oppgir (forvaltningsloven § 28)."),
    )
    reaction_reply_days = models.PositiveSmallIntegerField(
        _("frist for merknader til forhåndsvarsel (dager)"),
        default=14,
        help_text=_(
            "Dager fra forhåndsvarselet til fristen for å uttale seg (forvaltningsloven § 16); "
            "flyttes til neste virkedag."
        ),
    )
    returned_report_days = models.PositiveSmallIntegerField(
        _("ny frist for returnert rapport (dager)"),
        default=14,
        help_text=_("Forslag til ny frist når IMDi returnerer en rapport; rådgiveren kan sette en annen dato."),
    )
    target_group = models.TextField(_("målgruppe for ordningen"), blank=True)
    priorities = models.TextField(_("prioriteringer"), blank=True, help_text=_("Én prioritering per linje."))
    assessment_notes = models.TextField(_("ellers i vurderingen"), blank=True, help_text=_("Én per linje."))
    conditions = models.TextField(_("vilkår"), blank=True)
    complaint_rules = models.TextField(_("klageregler"), blank=True)
    reactions = models.TextField(_("reaksjoner ved brudd på vilkårene"), blank=True)
    contact = models.TextField(_("kontakt"), blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("utlysning")
        verbose_name_plural = _("utlysninger")
        ordering = ["-year", "scheme__name"]
        constraints = [
            models.UniqueConstraint(fields=["scheme", "year"], name="call_unique_scheme_year"),
            models.CheckConstraint(condition=Q(frame__gte=0), name="call_frame_nonneg"),
            models.CheckConstraint(condition=Q(max_project_years__gte=1), name="call_years_positive"),
        ]

    def __str__(self):
        return self.title

    @property
    def is_competitive(self) -> bool:
        return self.scheme.kind == Scheme.Kind.COMPETITIVE

    def g_reference_date(self, year: int | None = None) -> dt.date:
        """The date at which G is read for the allowance cap of project year `year`.

        The call's own year: the application deadline (14 February; the G in force then is
        the G of 1 May the year before). A later project year: 1 January of that year, the G
        known when that year's budget is confirmed (the G of 1 May the year before). So a
        project 2023-2025 under the 2023 call uses 111 477, 118 620 and 124 028 kr in turn;
        a year whose G is not loaded yet uses the newest G (see the fixture's _notes["g"])."""
        if year is None or year <= self.year:
            return self.application_deadline or dt.date(self.year, 1, 1)
        return dt.date(year, 1, 1)


class AssessmentCriterion(models.Model):
    """One of the criteria a call's circular assesses applications by, with the guidance and
    the scale shown beside the officer's score. Loaded as reference data for each call."""

    class Code(models.TextChoices):
        PURPOSE = "purpose", _("Formål")
        DELIVERY = "delivery", _("Gjennomføringsevne")
        TRANSFER = "transfer", _("Overføringsverdi")

    call = models.ForeignKey(Call, verbose_name=_("utlysning"), on_delete=models.CASCADE, related_name="criteria")
    code = models.CharField(_("kriterium"), max_length=20, choices=Code.choices)
    position = models.PositiveSmallIntegerField(_("rekkefølge"), default=1)
    name = models.CharField(_("navn"), max_length=100)
    guidance = models.TextField(_("veiledning"), help_text=_("Spørsmålet rundskrivet stiller."))
    # [{"score": 1, "label": "…"}, …]: what each point on the scale means for this criterion.
    scale = models.JSONField(_("skala"), default=list, blank=True)
    source = models.CharField(_("kilde"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("vurderingskriterium")
        verbose_name_plural = _("vurderingskriterier")
        ordering = ["call", "position"]
        constraints = [models.UniqueConstraint(fields=["call", "code"], name="criterion_unique_code")]

    def __str__(self):
        return f"{self.name} ({self.call})"


class PriorityArea(models.Model):
    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="areas")
    number = models.PositiveSmallIntegerField(_("nummer"))
    title = models.CharField(_("tittel"), max_length=300)
    description = models.TextField(_("beskrivelse"), blank=True)
    target_group = models.TextField(_("målgruppe"), blank=True)
    priority_themes = models.TextField(_("prioriterte temaer"), blank=True, help_text=_("Ett tema per linje."))
    special_conditions = models.TextField(_("særlige vilkår"), blank=True)
    open_to_municipalities = models.BooleanField(_("kommuner kan søke"), default=True)
    open_to_county_municipalities = models.BooleanField(_("fylkeskommuner kan søke"), default=True)
    frame = models.DecimalField(_("ramme for området"), null=True, blank=True, **MONEY_FIELD)
    per_applicant_cap = models.DecimalField(_("høyeste tilskudd per søker"), null=True, blank=True, **MONEY_FIELD)
    supervisor_required = models.BooleanField(_("veileder kreves"), default=False)
    allowance_cap_g = models.DecimalField(
        _("deltakerstønad: høyst G per deltaker per år"),
        max_digits=4,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("Tom hvis området ikke gir deltakerstønad."),
    )
    separate_circular = models.CharField(
        _("eget rundskriv"),
        max_length=20,
        blank=True,
        help_text=_("Fylt ut når området styres av et eget rundskriv og ikke søkes her."),
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("satsingsområde")
        verbose_name_plural = _("satsingsområder")
        ordering = ["call", "number"]
        constraints = [
            models.UniqueConstraint(fields=["call", "number"], name="area_unique_number"),
            models.CheckConstraint(condition=Q(frame__isnull=True) | Q(frame__gte=0), name="area_frame_nonneg"),
            models.CheckConstraint(
                condition=Q(per_applicant_cap__isnull=True) | Q(per_applicant_cap__gt=0),
                name="area_cap_positive",
            ),
            models.CheckConstraint(
                condition=Q(allowance_cap_g__isnull=True) | Q(allowance_cap_g__gt=0),
                name="area_allowance_positive",
            ),
        ]

    def __str__(self):
        return f"{self.number}. {self.title}"

    @property
    def accepts_applications(self) -> bool:
        return not self.separate_circular

    def is_open_to(self, organisation) -> bool:
        if not self.accepts_applications:
            return False
        if organisation.acts_as_county_municipality and self.open_to_county_municipalities:
            return True
        # Oslo is both; an area closed to municipalities but open to counties is handled above.
        return organisation.kind == organisation.Kind.MUNICIPALITY and self.open_to_municipalities


class ReportDeadline(models.Model):
    class Kind(models.TextChoices):
        STATUS = "status", _("Statusrapport")
        HALF_YEAR = "half_year", _("Halvårsrapport med regnskap")
        ANNUAL = "annual", _("Årsrapport")
        ACCOUNTS = "accounts", _("Regnskap")

    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="report_deadlines")
    kind = models.CharField(_("type"), max_length=20, choices=Kind.choices)
    period_start = models.DateField(_("periode fra"))
    period_end = models.DateField(_("periode til"))
    due_date = models.DateField(_("frist"))
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("rapportfrist")
        verbose_name_plural = _("rapportfrister")
        ordering = ["call", "due_date", "kind"]
        constraints = [
            models.UniqueConstraint(fields=["call", "kind", "period_end"], name="report_deadline_unique"),
            models.CheckConstraint(
                condition=Q(period_end__gte=models.F("period_start")), name="report_period_in_order"
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.due_date:%d.%m.%Y}"


class PayoutTerm(models.Model):
    """A payout term (termin) of a call: the day in the grant year the payment is planned for.

    The actual payment date is moved forward to the next bank day."""

    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="payout_terms")
    number = models.PositiveSmallIntegerField(_("termin"))
    label = models.CharField(_("navn"), max_length=60)
    month = models.PositiveSmallIntegerField(_("måned"))
    day = models.PositiveSmallIntegerField(_("dag"), default=1)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("utbetalingstermin")
        verbose_name_plural = _("utbetalingsterminer")
        ordering = ["call", "number"]
        constraints = [
            models.UniqueConstraint(fields=["call", "number"], name="payout_term_unique"),
            models.CheckConstraint(condition=Q(month__gte=1, month__lte=12), name="payout_term_month"),
            models.CheckConstraint(condition=Q(day__gte=1, day__lte=28), name="payout_term_day"),
        ]

    def __str__(self):
        return f"{self.label} ({self.day:02d}.{self.month:02d}.)"

    def planned_date(self, year: int) -> dt.date:
        return dt.date(year, self.month, self.day)

    def bank_day(self, year: int, *, not_before: dt.date) -> dt.date:
        """The term's day in `year` moved to a bank day, never before `not_before` (the day the
        letter is sent or the plan made): a term already past is paid from the first bank day on
        or after that day instead (owed, just late)."""
        from core.calendar import next_bank_day

        return next_bank_day(max(self.planned_date(year), not_before))


class BudgetChange(FSMModelMixin, models.Model):
    """A request to change a frame, cap or appropriation share (or move a call to another share).

    A change that makes room takes effect only when a second budget holder approves it
    (pending → approved or refused, the transitions below, permission in schemes.rules); one
    that only tightens is created applied and takes effect at once. Written only by
    schemes.services."""

    class Kind(models.TextChoices):
        CALL_FRAME = "call_frame", _("Utlysningens samlede ramme")
        CALL_SHARE = "call_share", _("Utlysningens bevilgning (flytting)")
        AREA_FRAME = "area_frame", _("Satsingsområdets ramme")
        AREA_CAP = "area_cap", _("Høyeste tilskudd per søker i satsingsområdet")
        SHARE_AMOUNT = "share_amount", _("Beløp i fordelingen av bevilgningen")
        APPROPRIATION_AMOUNT = "appropriation_amount", _("Bevilgningens beløp til disposisjon for IMDi")

    class Status(models.TextChoices):
        PENDING = "pending", _("Venter på godkjenning")
        APPROVED = "approved", _("Godkjent og gjennomført")
        REFUSED = "refused", _("Avvist")
        APPLIED = "applied", _("Innstramming gjennomført (uten godkjenning)")

    CALL_KINDS = (Kind.CALL_FRAME, Kind.CALL_SHARE)
    AREA_KINDS = (Kind.AREA_FRAME, Kind.AREA_CAP)

    kind = models.CharField(_("endring"), max_length=30, choices=Kind.choices)
    status = FSMField(_("status"), max_length=20, choices=Status.choices, default=Status.PENDING, protected=True)
    call = models.ForeignKey(
        Call, verbose_name=_("utlysning"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    area = models.ForeignKey(
        PriorityArea,
        verbose_name=_("satsingsområde"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    share = models.ForeignKey(
        AppropriationShare,
        verbose_name=_("fordeling av bevilgning"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    appropriation = models.ForeignKey(
        Appropriation,
        verbose_name=_("bevilgning"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    # Amounts: empty means "no limit" (an area without its own frame or cap).
    old_amount = models.DecimalField(_("gammelt beløp"), null=True, blank=True, **MONEY_FIELD)
    new_amount = models.DecimalField(_("nytt beløp"), null=True, blank=True, **MONEY_FIELD)
    old_share = models.ForeignKey(
        AppropriationShare,
        verbose_name=_("fra bevilgning"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    new_share = models.ForeignKey(
        AppropriationShare,
        verbose_name=_("til bevilgning"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    reason = models.TextField(_("begrunnelse"), max_length=4000)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("bedt om av"), on_delete=models.PROTECT, related_name="+"
    )
    requested_at = models.DateTimeField(_("bedt om"), auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("avgjort av"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("avgjort"), null=True, blank=True)
    decision_comment = models.TextField(_("kommentar til avgjørelsen"), max_length=4000, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("budsjettendring")
        verbose_name_plural = _("budsjettendringer")
        ordering = ["-requested_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(decided_by__isnull=True) | ~Q(decided_by=models.F("requested_by")),
                name="budget_change_four_eyes",
            ),
            models.CheckConstraint(
                condition=(Q(status="pending") & Q(decided_by__isnull=True) & Q(decided_at__isnull=True))
                | (Q(status__in=["approved", "refused"]) & Q(decided_by__isnull=False) & Q(decided_at__isnull=False))
                | (Q(status="applied") & Q(decided_by__isnull=True) & Q(decided_at__isnull=False)),
                name="budget_change_decided_consistently",
            ),
            models.CheckConstraint(
                condition=(Q(kind__in=["call_frame", "call_share"]) & Q(call__isnull=False) & Q(area__isnull=True))
                | (Q(kind__in=["area_frame", "area_cap"]) & Q(call__isnull=False) & Q(area__isnull=False))
                | (Q(kind="share_amount") & Q(share__isnull=False) & Q(call__isnull=True))
                | (Q(kind="appropriation_amount") & Q(appropriation__isnull=False) & Q(call__isnull=True)),
                name="budget_change_target_fits_kind",
            ),
            models.CheckConstraint(
                condition=(Q(old_amount__isnull=True) | Q(old_amount__gte=0))
                & (Q(new_amount__isnull=True) | Q(new_amount__gte=0)),
                name="budget_change_amounts_nonneg",
            ),
            # One open request per thing at a time: a second would be decided against stale figures.
            models.UniqueConstraint(
                fields=["kind", "call"],
                condition=Q(status="pending", area__isnull=True, call__isnull=False),
                name="budget_change_one_pending_call",
            ),
            models.UniqueConstraint(
                fields=["kind", "area"],
                condition=Q(status="pending", area__isnull=False),
                name="budget_change_one_pending_area",
            ),
            models.UniqueConstraint(
                fields=["kind", "share"],
                condition=Q(status="pending", share__isnull=False),
                name="budget_change_one_pending_share",
            ),
            models.UniqueConstraint(
                fields=["kind", "appropriation"],
                condition=Q(status="pending", appropriation__isnull=False),
                name="budget_change_one_pending_appropriation",
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.target} ({self.get_status_display()})"

    @property
    def target(self):
        return self.area or self.call or self.share or self.appropriation

    @property
    def is_pending(self) -> bool:
        return self.status == self.Status.PENDING

    # The second budget holder's verdict. The permission leaves out whoever asked; the service
    # (schemes.services) says so first in plain words, and the database refuses it too.
    @transition(
        field=status,
        source=Status.PENDING,
        target=Status.APPROVED,
        permission="schemes.decide_budget_change",
        custom={"label": _("Godkjenn endringen")},
    )
    def approve(self, *, user, at, comment=""):
        self.decided_by = user
        self.decided_at = at
        self.decision_comment = comment or ""

    @transition(
        field=status,
        source=Status.PENDING,
        target=Status.REFUSED,
        permission="schemes.decide_budget_change",
        custom={"label": _("Avvis")},
    )
    def refuse(self, *, user, at, comment):
        self.decided_by = user
        self.decided_at = at
        self.decision_comment = comment


from schemes.models_circular import AreaAttachmentRequirement, AreaQuestion, LetterText  # noqa: E402, F401
