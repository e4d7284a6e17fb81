from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django_fsm import FSMField, FSMModelMixin, transition
from simple_history.models import HistoricalRecords

from core.models import PrivateAttachment
from core.money import MONEY_FIELD


class Application(FSMModelMixin, models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Utkast")
        AWAITING_APPROVAL = "awaiting_approval", _("Til godkjenning")
        SUBMITTED = "submitted", _("Sendt inn")
        IN_ASSESSMENT = "in_assessment", _("Under vurdering")
        INFO_REQUESTED = "info_requested", _("Mer informasjon bedt om")
        INFO_ANSWERED = "info_answered", _("Svar til godkjenning")
        AWARDED = "awarded", _("Innvilget")
        REJECTED = "rejected", _("Avslått")
        DISMISSED = "dismissed", _("Avvist")
        WITHDRAWN = "withdrawn", _("Trukket")

    call = models.ForeignKey(
        "schemes.Call", verbose_name=_("utlysning"), on_delete=models.PROTECT, related_name="applications"
    )
    area = models.ForeignKey(
        "schemes.PriorityArea",
        verbose_name=_("satsingsområde"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="applications",
    )
    organisation = models.ForeignKey(
        "organisations.Organisation", verbose_name=_("søker"), on_delete=models.PROTECT, related_name="applications"
    )
    partners = models.ManyToManyField(
        "organisations.Organisation",
        verbose_name=_("samarbeidskommuner"),
        blank=True,
        related_name="partner_applications",
    )
    status = FSMField(_("status"), default=Status.DRAFT, choices=Status.choices, protected=True, db_index=True)
    case_number = models.CharField(_("saksnummer"), max_length=12, null=True, blank=True, unique=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("opprettet av"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    sent_for_approval_at = models.DateTimeField(null=True, blank=True)
    submitted_at = models.DateTimeField(_("sendt inn"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("sendt inn av"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    returned_comment = models.TextField(_("kommentar fra godkjenner"), blank=True)

    title = models.CharField(_("prosjekttittel"), max_length=200, blank=True)
    summary = models.TextField(_("sammendrag"), max_length=4000, blank=True)
    goals = models.TextField(_("mål"), max_length=4000, blank=True)
    target_group = models.TextField(_("målgruppe"), max_length=4000, blank=True)
    activities = models.TextField(_("aktiviteter"), max_length=8000, blank=True)
    criterion_purpose = models.TextField(
        _("formål: hvordan prosjektet svarer på ordningens formål"), max_length=4000, blank=True
    )
    criterion_delivery = models.TextField(_("gjennomføringsevne"), max_length=4000, blank=True)
    criterion_transfer = models.TextField(_("overføringsverdi"), max_length=4000, blank=True)
    project_start = models.DateField(_("prosjektstart"), null=True, blank=True)
    project_end = models.DateField(_("prosjektslutt"), null=True, blank=True)
    participants = models.PositiveIntegerField(_("antall deltakere"), null=True, blank=True)
    voluntary_cooperation = models.TextField(_("samarbeid med frivillige organisasjoner"), max_length=4000, blank=True)
    supervisor_name = models.CharField(_("veileder"), max_length=200, blank=True)
    supervisor_institution = models.CharField(_("veileders institusjon"), max_length=200, blank=True)
    supervisor_is_academic = models.BooleanField(_("veileder fra universitet eller høyskole"), default=False)
    contact_name = models.CharField(_("kontaktperson"), max_length=200, blank=True)
    contact_email = models.EmailField(_("e-post til kontaktperson"), blank=True)
    contact_phone = models.CharField(_("telefon til kontaktperson"), max_length=30, blank=True)
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("søknad")
        verbose_name_plural = _("søknader")
        ordering = ["-created_at"]
        # The admin list's order (newest first, then id): its first page is read off the index.
        indexes = [models.Index(fields=["-created_at", "-id"], name="application_newest_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(project_start__isnull=True)
                | Q(project_end__isnull=True)
                | Q(project_end__gte=models.F("project_start")),
                name="application_period_in_order",
            ),
        ]

    def __str__(self):
        return f"{self.case_number or _('Utkast')}: {self.title or _('(uten tittel)')}"

    # The state machine. Each transition declares who may take it (applications.rules); services
    # apply them through core.transitions.transition_apply, which also writes the case event.
    # `custom["label"]` marks the ones a person chooses (the buttons come from these).
    @transition(
        field=status,
        source=Status.DRAFT,
        target=Status.AWAITING_APPROVAL,
        permission="applications.edit_application",
        custom={"label": _("Send til godkjenning")},
    )
    def send_for_approval(self):
        pass

    @transition(
        field=status,
        source=Status.AWAITING_APPROVAL,
        target=Status.DRAFT,
        permission="applications.approve_application",
        custom={"label": _("Send tilbake til saksbehandler")},
    )
    def send_back(self):
        pass

    @transition(
        field=status,
        source=Status.AWAITING_APPROVAL,
        target=Status.SUBMITTED,
        permission="applications.approve_application",
        custom={"label": _("Godkjenn og send inn")},
    )
    def submit(self):
        pass

    @transition(
        field=status,
        source=Status.SUBMITTED,
        target=Status.IN_ASSESSMENT,
        permission="applications.assess_application",
    )
    def start_assessment(self):
        pass

    # A request for more information (applications.services.information): the officer reopens
    # named sections, the caseworker answers (to the approver), the approver re-submits and the
    # case is back in assessment; the approver may send the answer back to the caseworker.
    @transition(
        field=status,
        source=[Status.SUBMITTED, Status.IN_ASSESSMENT],
        target=Status.INFO_REQUESTED,
        permission="applications.request_information",
    )
    def request_information(self):
        pass

    @transition(
        field=status,
        source=Status.INFO_REQUESTED,
        target=Status.INFO_ANSWERED,
        permission="applications.edit_application",
    )
    def answer_information(self):
        pass

    @transition(
        field=status,
        source=Status.INFO_ANSWERED,
        target=Status.INFO_REQUESTED,
        permission="applications.approve_application",
    )
    def return_information_answer(self):
        pass

    @transition(
        field=status,
        source=Status.INFO_ANSWERED,
        target=Status.IN_ASSESSMENT,
        permission="applications.approve_application",
    )
    def resubmit(self):
        pass

    @transition(
        field=status,
        source=[Status.SUBMITTED, Status.IN_ASSESSMENT],
        target=Status.AWARDED,
        permission="applications.decide_application",
    )
    def award(self):
        pass

    @transition(
        field=status,
        source=[Status.SUBMITTED, Status.IN_ASSESSMENT],
        target=Status.REJECTED,
        permission="applications.decide_application",
    )
    def reject(self):
        pass

    @transition(
        field=status,
        source=[Status.SUBMITTED, Status.IN_ASSESSMENT],
        target=Status.DISMISSED,
        permission="applications.decide_application",
    )
    def dismiss(self):
        pass

    # IMDi reverses a dismissal after an appeal (forvaltningsloven § 33): the application is
    # assessed again and gets a new decision (applications.services.appeal.appeal_reverse).
    @transition(
        field=status,
        source=Status.DISMISSED,
        target=Status.IN_ASSESSMENT,
        permission="applications.handle_appeal",
    )
    def reverse_dismissal(self):
        pass

    # Caseworkers may withdraw what they have not sent; once sent, it takes an approver.
    @transition(
        field=status,
        source=[Status.DRAFT, Status.AWAITING_APPROVAL],
        target=Status.WITHDRAWN,
        permission="applications.edit_application",
        custom={"label": _("Trekk søknaden")},
    )
    @transition(
        field=status,
        source=[Status.SUBMITTED, Status.IN_ASSESSMENT, Status.INFO_REQUESTED, Status.INFO_ANSWERED],
        target=Status.WITHDRAWN,
        permission="applications.approve_application",
        custom={"label": _("Trekk søknaden")},
    )
    def withdraw(self):
        pass

    @property
    def is_draft(self) -> bool:
        return self.status == self.Status.DRAFT

    @property
    def area_answers_current(self) -> list:
        """The answers to the questions of the area chosen now (an earlier area's are kept, not shown)."""
        return [a for a in self.area_answers.select_related("question") if a.question.area_id == self.area_id]

    @property
    def is_unsent(self) -> bool:
        """Still with the municipality: a draft or awaiting its approver."""
        return self.status in (self.Status.DRAFT, self.Status.AWAITING_APPROVAL)


class BudgetYear(models.Model):
    """The budget of one project year (1..max_project_years)."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="budget_years")
    year_index = models.PositiveSmallIntegerField(_("prosjektår"))
    year = models.PositiveSmallIntegerField(_("år"))
    own_contribution = models.DecimalField(_("egenandel"), default=0, **MONEY_FIELD)
    other_funding = models.DecimalField(_("annen finansiering"), default=0, **MONEY_FIELD)
    amount_applied = models.DecimalField(_("søknadsbeløp"), default=0, **MONEY_FIELD)
    participant_allowance = models.DecimalField(_("deltakerstønad det søkes om"), default=0, **MONEY_FIELD)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("budsjettår")
        verbose_name_plural = _("budsjettår")
        ordering = ["application", "year_index"]
        constraints = [
            models.UniqueConstraint(fields=["application", "year_index"], name="budget_year_unique"),
            models.CheckConstraint(
                condition=Q(
                    own_contribution__gte=0, other_funding__gte=0, amount_applied__gte=0, participant_allowance__gte=0
                ),
                name="budget_year_nonneg",
            ),
        ]

    def __str__(self):
        return f"{self.year}"


class BudgetLine(models.Model):
    class Category(models.TextChoices):
        SALARY = "salary", _("Lønn og sosiale kostnader")
        PURCHASED_SERVICES = "services", _("Kjøp av tjenester")
        SUPERVISION = "supervision", _("Veiledning og følgeforskning")
        TRAVEL = "travel", _("Reise og opphold")
        MATERIALS = "materials", _("Materiell og utstyr")
        PARTICIPANT_ALLOWANCE = "allowance", _("Deltakerstønad")
        OTHER = "other", _("Andre kostnader")

    budget_year = models.ForeignKey(BudgetYear, on_delete=models.CASCADE, related_name="lines")
    category = models.CharField(_("kategori"), max_length=20, choices=Category.choices)
    description = models.CharField(_("beskrivelse"), max_length=300)
    amount = models.DecimalField(_("beløp"), **MONEY_FIELD)

    class Meta:
        verbose_name = _("budsjettlinje")
        verbose_name_plural = _("budsjettlinjer")
        ordering = ["budget_year", "id"]
        constraints = [models.CheckConstraint(condition=Q(amount__gte=0), name="budget_line_nonneg")]

    def __str__(self):
        return self.description


class EarlierProject(models.Model):
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="earlier_projects")
    description = models.CharField(_("prosjekt"), max_length=300)
    imdi_case_number = models.CharField(_("IMDi-saksnummer"), max_length=20, blank=True)
    decided_on = models.DateField(_("dato"), null=True, blank=True)

    class Meta:
        verbose_name = _("tidligere prosjekt")
        verbose_name_plural = _("tidligere prosjekter")

    def __str__(self):
        return self.description


def attachment_path(instance, filename):
    # Never trust the uploaded name in the path.
    return f"private/applications/{instance.application_id}/{instance.sha256[:2]}/{instance.sha256}"


class ApplicationAttachment(PrivateAttachment):
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(upload_to=attachment_path, max_length=300)
    requirement = models.ForeignKey(
        "schemes.AreaAttachmentRequirement",
        verbose_name=_("dokumenttype"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="attachments",
    )

    class Meta:
        verbose_name = _("vedlegg")
        verbose_name_plural = _("vedlegg")
        ordering = ["uploaded_at"]


class CaseNumberSequence(models.Model):
    """Per-year counter for case numbers (24/00123); incremented under a row lock."""

    year = models.PositiveSmallIntegerField(unique=True)
    last_number = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("saksnummerserie")
        verbose_name_plural = _("saksnummerserier")

    def __str__(self):
        return f"{self.year}: {self.last_number}"
