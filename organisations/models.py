from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
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

    class Meta:
        verbose_name = _("medlemskap")
        verbose_name_plural = _("medlemskap")
        constraints = [models.UniqueConstraint(fields=["user", "organisation"], name="membership_unique_user_org")]

    def __str__(self):
        return f"{self.user} – {self.organisation} ({self.get_role_display()})"
