from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_fsm import FSMField, FSMModelMixin, transition
from simple_history.models import HistoricalRecords

from organisations.validators import validate_bank_account, validate_org_number

OSLO_MUNICIPALITY_NUMBER = "0301"


class County(models.Model):
    """A county (fylke) as in the 2024 structure: reference data, 15 rows."""

    number = models.CharField(_("fylkesnummer"), max_length=2, unique=True)
    name = models.CharField(_("navn"), max_length=100)

    class Meta:
        verbose_name = _("fylke")
        verbose_name_plural = _("fylker")
        ordering = ["number"]

    def __str__(self):
        return f"{self.name} ({self.number})"


class Organisation(models.Model):
    class Kind(models.TextChoices):
        MUNICIPALITY = "kommune", _("Kommune")
        COUNTY_MUNICIPALITY = "fylkeskommune", _("Fylkeskommune")

    kind = models.CharField(_("type"), max_length=20, choices=Kind.choices)
    number = models.CharField(
        _("kommune- eller fylkesnummer"),
        max_length=4,
        help_text=_("Fire siffer for kommuner, to for fylkeskommuner."),
    )
    name = models.CharField(_("navn"), max_length=200)
    official_name = models.CharField(_("offisielt navn"), max_length=200, blank=True)
    county = models.ForeignKey(County, verbose_name=_("fylke"), on_delete=models.PROTECT, related_name="organisations")
    org_number = models.CharField(_("organisasjonsnummer"), max_length=9, blank=True, validators=[validate_org_number])
    address = models.CharField(_("adresse"), max_length=200, blank=True)
    postal_code = models.CharField(_("postnummer"), max_length=4, blank=True)
    postal_place = models.CharField(_("poststed"), max_length=100, blank=True)
    phone = models.CharField(_("telefon"), max_length=30, blank=True)
    email = models.EmailField(_("e-post"), blank=True)
    bank_account = models.CharField(_("kontonummer"), max_length=11, blank=True, validators=[validate_bank_account])
    is_demo_data = models.BooleanField(
        _("demodata"),
        default=False,
        help_text=_("Organisasjons- og kontonummer er genererte demoverdier, ikke reelle."),
    )

    class WrittenStandard(models.TextChoices):
        BOKMAL = "nb", _("Bokmål")
        NYNORSK = "nn", _("Nynorsk")

    # The written standard (målform) the council has chosen: state bodies write to it in that
    # standard (mållova § 6). No list of the 2024 choices is in the project's data, so every
    # organisation starts as bokmål and IMDi sets nynorsk in the admin.
    written_standard = models.CharField(
        _("målform"),
        max_length=2,
        choices=WrittenStandard.choices,
        default=WrittenStandard.BOKMAL,
        help_text=_("Brev, vedtak og e-post til organisasjonen skrives på denne målformen."),
    )
    active = models.BooleanField(_("aktiv"), default=True)
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL, through="Membership", related_name="organisations", blank=True
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("organisasjon")
        verbose_name_plural = _("organisasjoner")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                name="org_written_standard_valid", condition=models.Q(written_standard__in=["nb", "nn"])
            ),
            models.UniqueConstraint(fields=["kind", "number"], name="org_unique_kind_number"),
            models.UniqueConstraint(fields=["org_number"], condition=~models.Q(org_number=""), name="org_unique_orgnr"),
        ]

    def __str__(self):
        return self.name

    @property
    def acts_as_county_municipality(self) -> bool:
        """Oslo kommune carries the county municipality's duties (reference data README)."""
        return self.kind == self.Kind.COUNTY_MUNICIPALITY or (
            self.kind == self.Kind.MUNICIPALITY and self.number == OSLO_MUNICIPALITY_NUMBER
        )


class Membership(models.Model):
    class Role(models.TextChoices):
        CASEWORKER = "caseworker", _("Saksbehandler")
        APPROVER = "approver", _("Godkjenner (direktør eller fullmakt)")

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(_("rolle"), max_length=20, choices=Role.choices)
    # The organisation's user administrator: approves and refuses later users, sets their roles,
    # deactivates them. IMDi makes an organisation's first approved user its admin.
    is_admin = models.BooleanField(_("brukeradministrator"), default=False)
    # An approver acts for the organisation by a stated delegation (set by the organisation admin).
    delegation = models.CharField(_("fullmakt"), max_length=500, blank=True)
    active = models.BooleanField(_("aktiv"), default=True)

    class Meta:
        verbose_name = _("medlemskap")
        verbose_name_plural = _("medlemskap")
        constraints = [models.UniqueConstraint(fields=["user", "organisation"], name="membership_unique_user_org")]

    def __str__(self):
        return f"{self.user} – {self.organisation} ({self.get_role_display()})"


class BankAccountChange(FSMModelMixin, models.Model):
    """A new payout account for an organisation, waiting for a second person at IMDi.

    The organisation's `bank_account` is the confirmed account, the only one payments use;
    a change takes effect when someone at IMDi other than whoever asked for it confirms it.
    Until then the organisation's payments are held."""

    class Source(models.TextChoices):
        ACCEPTANCE = "acceptance", _("Aksept av tilskuddsbrev")
        ADMIN = "admin", _("Endret i administrasjonen")

    class Status(models.TextChoices):
        PENDING = "pending", _("Venter på kontroll")
        CONFIRMED = "confirmed", _("Bekreftet")
        REFUSED = "refused", _("Avvist")
        SUPERSEDED = "superseded", _("Erstattet av ny endring")

    organisation = models.ForeignKey(
        Organisation, verbose_name=_("organisasjon"), on_delete=models.PROTECT, related_name="bank_account_changes"
    )
    old_account = models.CharField(_("kontonummer før"), max_length=11, blank=True)
    new_account = models.CharField(_("nytt kontonummer"), max_length=11, validators=[validate_bank_account])
    source = models.CharField(_("kilde"), max_length=20, choices=Source.choices)
    source_reference = models.CharField(_("gjelder"), max_length=100, blank=True)
    status = FSMField(_("status"), max_length=20, choices=Status.choices, default=Status.PENDING, protected=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("bedt om av"), on_delete=models.PROTECT, related_name="+"
    )
    requested_at = models.DateTimeField(_("bedt om"), auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("kontrollert av"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("kontrollert"), null=True, blank=True)
    note = models.CharField(_("merknad"), max_length=300, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("endring av kontonummer")
        verbose_name_plural = _("endringer av kontonummer")
        ordering = ["-requested_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation"],
                condition=models.Q(status="pending"),
                name="bankaccountchange_one_pending_per_org",
            ),
            models.CheckConstraint(
                condition=~models.Q(new_account=models.F("old_account")), name="bankaccountchange_is_a_change"
            ),
            models.CheckConstraint(
                condition=(models.Q(status__in=["confirmed", "refused"]) & models.Q(decided_by__isnull=False))
                | (~models.Q(status__in=["confirmed", "refused"]) & models.Q(decided_by__isnull=True)),
                name="bankaccountchange_decided_has_decider",
            ),
            # Four eyes in the database: nobody confirms or refuses their own request.
            models.CheckConstraint(
                condition=~models.Q(decided_by=models.F("requested_by")), name="bankaccountchange_four_eyes"
            ),
        ]

    def __str__(self):
        return f"{self.organisation}: {self.old_account or '–'} → {self.new_account}"

    # Four eyes: the permission (organisations.rules) excludes whoever asked for the change.
    # A later request from the organisation supersedes a pending one (no permission: the
    # request itself is the organisation's or IMDi's own act, checked where it is made).
    @transition(
        field=status,
        source=Status.PENDING,
        target=Status.CONFIRMED,
        permission="organisations.review_bank_account_change",
        custom={"label": _("Bekreft kontonummer")},
    )
    def confirm(self, *, user, at, note):
        self.decided_by = user
        self.decided_at = at
        self.note = note[:300]

    @transition(
        field=status,
        source=Status.PENDING,
        target=Status.REFUSED,
        permission="organisations.review_bank_account_change",
        custom={"label": _("Avvis endringen")},
    )
    def refuse(self, *, user, at, note):
        self.decided_by = user
        self.decided_at = at
        self.note = note[:300]

    @transition(field=status, source=Status.PENDING, target=Status.SUPERSEDED)
    def supersede(self):
        pass

    @property
    def is_pending(self) -> bool:
        return self.status == self.Status.PENDING


class JoinRequest(FSMModelMixin, models.Model):
    """A person asks to join an organisation (found by organisation number in Enhetsregisteret).
    IMDi decides while the organisation has no user administrator; after that, its admin does."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Venter")
        APPROVED = "approved", _("Godkjent")
        REFUSED = "refused", _("Avslått")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("bruker"), on_delete=models.CASCADE, related_name="join_requests"
    )
    organisation = models.ForeignKey(
        Organisation, verbose_name=_("organisasjon"), on_delete=models.CASCADE, related_name="join_requests"
    )
    status = FSMField(_("status"), default=Status.PENDING, choices=Status.choices, protected=True)
    org_number = models.CharField(_("organisasjonsnummer"), max_length=9)
    register_name = models.CharField(_("navn i Enhetsregisteret"), max_length=200, blank=True)
    message = models.CharField(_("melding fra søkeren"), max_length=500, blank=True)
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
    note = models.CharField(_("begrunnelse"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("forespørsel om tilgang")
        verbose_name_plural = _("forespørsler om tilgang")
        ordering = ["-requested_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organisation"], condition=models.Q(status="pending"), name="joinrequest_one_pending"
            ),
            models.CheckConstraint(
                condition=(models.Q(status="pending") & models.Q(decided_by__isnull=True))
                | (~models.Q(status="pending") & models.Q(decided_by__isnull=False)),
                name="joinrequest_decided_has_decider",
            ),
        ]

    def __str__(self):
        return f"{self.user} → {self.organisation} ({self.get_status_display()})"

    @property
    def is_pending(self) -> bool:
        return self.status == self.Status.PENDING

    @transition(
        field=status,
        source=Status.PENDING,
        target=Status.APPROVED,
        permission="organisations.decide_join_request",
        custom={"label": _("Godkjenn")},
    )
    def approve(self):
        pass

    @transition(
        field=status,
        source=Status.PENDING,
        target=Status.REFUSED,
        permission="organisations.decide_join_request",
        custom={"label": _("Avslå")},
    )
    def refuse(self):
        pass
