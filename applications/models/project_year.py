from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django_fsm import FSMField, FSMModelMixin, transition
from simple_history.models import HistoricalRecords

from core.money import MONEY_FIELD


def _continues(project_year) -> bool:
    return project_year.proposal in (ProjectYear.Proposal.CONFIRM, ProjectYear.Proposal.REDUCE)


_continues.refusal = _("Forslaget er å stanse året, ikke å videreføre det.")


def _stops(project_year) -> bool:
    return project_year.proposal == ProjectYear.Proposal.STOP


_stops.refusal = _("Forslaget er å videreføre året, ikke å stanse det.")


class ProjectYear(FSMModelMixin, models.Model):
    """A later year of a multi-year award (rundskriv 08/2024: up to three years, each subject to
    the Storting's appropriation, awarded one year at a time).

    The award binds ("bundet") the year's amount in that year's frames of the same scheme: the
    call of that year (once it exists), its area with the same number and its appropriation
    share. When the year's call and appropriation exist, an officer proposes to confirm, reduce
    or stop the year; a budget holder who did not propose it decides (four eyes). A confirmed
    year becomes the year's own Grant in that year's call, with its own letter, acceptance,
    payment terms and report obligations."""

    class Status(models.TextChoices):
        BOUND = "bound", _("Bundet")
        PROPOSED = "proposed", _("Forslag til godkjenning")
        CONFIRMED = "confirmed", _("Videreført")
        STOPPED = "stopped", _("Stanset")

    class Proposal(models.TextChoices):
        CONFIRM = "confirm", _("Videreføre med bundet beløp")
        REDUCE = "reduce", _("Videreføre med redusert beløp")
        STOP = "stop", _("Stanse året")

    decision = models.ForeignKey(
        "applications.Decision", verbose_name=_("vedtak"), on_delete=models.PROTECT, related_name="project_years"
    )
    application = models.ForeignKey(
        "applications.Application", verbose_name=_("søknad"), on_delete=models.PROTECT, related_name="project_years"
    )
    organisation = models.ForeignKey(
        "organisations.Organisation", verbose_name=_("mottaker"), on_delete=models.PROTECT, related_name="+"
    )
    scheme = models.ForeignKey(
        "schemes.Scheme", verbose_name=_("tilskuddsordning"), on_delete=models.PROTECT, related_name="+"
    )
    # Areas are matched by number in the later year's call (the circular numbers them each year).
    area_number = models.PositiveSmallIntegerField(_("satsingsområde"), null=True, blank=True)
    case_number = models.CharField(_("saksnummer"), max_length=12, db_index=True)
    year = models.PositiveSmallIntegerField(_("prosjektår"))
    year_index = models.PositiveSmallIntegerField(_("år nr."))
    # What the award bound: the whole amount (project and allowance), and the allowance part.
    amount = models.DecimalField(_("bundet beløp"), **MONEY_FIELD)
    allowance = models.DecimalField(_("herav deltakerstønad"), default=0, **MONEY_FIELD)
    status = FSMField(_("status"), default=Status.BOUND, choices=Status.choices, protected=True, db_index=True)
    proposal = models.CharField(_("forslag"), max_length=10, choices=Proposal.choices, blank=True)
    proposed_amount = models.DecimalField(_("foreslått beløp"), null=True, blank=True, **MONEY_FIELD)
    proposed_allowance = models.DecimalField(_("foreslått deltakerstønad"), null=True, blank=True, **MONEY_FIELD)
    reason = models.TextField(_("begrunnelse (ut fra statusrapporten)"), blank=True)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    proposed_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    version = models.PositiveIntegerField(_("versjon"), default=1)
    grant = models.OneToOneField(
        "applications.Grant",
        verbose_name=_("tilskudd for året"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="project_year",
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("senere prosjektår")
        verbose_name_plural = _("senere prosjektår (flerårige tilskudd)")
        ordering = ["year", "case_number"]
        constraints = [
            models.UniqueConstraint(fields=["application", "year"], name="project_year_unique_year"),
            models.CheckConstraint(condition=Q(amount__gte=0), name="project_year_amount_nonneg"),
            models.CheckConstraint(
                condition=Q(allowance__gte=0, allowance__lte=models.F("amount")), name="project_year_allowance_within"
            ),
            models.CheckConstraint(condition=Q(year_index__gte=2), name="project_year_is_later"),
            # A continued year never costs more than the award bound.
            models.CheckConstraint(
                condition=Q(proposed_amount__isnull=True)
                | Q(proposed_amount__gte=0, proposed_amount__lte=models.F("amount")),
                name="project_year_proposal_within_bound",
            ),
            models.CheckConstraint(
                condition=~Q(status="confirmed") | Q(grant__isnull=False), name="project_year_confirmed_has_grant"
            ),
        ]

    def __str__(self):
        return f"{self.case_number} {self.year}"

    @property
    def holds_money(self) -> bool:
        """Still bound in its year's frames (not yet a grant, not stopped)."""
        return self.status in (self.Status.BOUND, self.Status.PROPOSED)

    @property
    def is_proposed(self) -> bool:
        return self.status == self.Status.PROPOSED

    @property
    def is_confirmed(self) -> bool:
        return self.status == self.Status.CONFIRMED

    @property
    def is_stopped(self) -> bool:
        return self.status == self.Status.STOPPED

    # The state machine; who may take each step is in applications.rules. Frames, four eyes and
    # the year's call are checked in applications.services.project_year.
    @transition(
        field=status, source=Status.BOUND, target=Status.PROPOSED, permission="applications.propose_project_year"
    )
    def propose_confirm(self):
        pass

    @transition(
        field=status, source=Status.BOUND, target=Status.PROPOSED, permission="applications.propose_project_year"
    )
    def propose_reduce(self):
        pass

    @transition(
        field=status, source=Status.BOUND, target=Status.PROPOSED, permission="applications.propose_project_year"
    )
    def propose_stop(self):
        pass

    @transition(
        field=status,
        source=Status.PROPOSED,
        target=Status.CONFIRMED,
        permission="applications.decide_project_year",
        conditions=[_continues],
        custom={"label": _("Godkjenn videreføringen")},
    )
    def approve(self):
        pass

    @transition(
        field=status,
        source=Status.PROPOSED,
        target=Status.STOPPED,
        permission="applications.decide_project_year",
        conditions=[_stops],
        custom={"label": _("Godkjenn stans av året")},
    )
    def approve_stop(self):
        pass

    @transition(
        field=status,
        source=Status.PROPOSED,
        target=Status.BOUND,
        permission="applications.decide_project_year",
        custom={"label": _("Send forslaget tilbake")},
    )
    def return_to_officer(self):
        pass
