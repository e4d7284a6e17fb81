from urllib.parse import urlparse

from django.conf import settings
from django.core.checks import Error, Warning, register


@register("security", deploy=True)
def second_factor_required_check(app_configs, **kwargs):
    """`check --deploy` warns when IMDi roles would work with a password alone."""
    if getattr(settings, "IMDI_REQUIRE_SECOND_FACTOR", True):
        return []
    return [
        Warning(
            "IMDI_REQUIRE_SECOND_FACTOR is off: IMDi staff act in their roles with a password alone.",
            hint="Unset IMDI_REQUIRE_SECOND_FACTOR (or set it to true) in production.",
            id="organisations.W001",
        )
    ]


@register("security", deploy=True)
def identity_provider_https_check(app_configs, **kwargs):
    """`check --deploy` warns when ID-porten or Entra ID is configured over plain HTTP (tokens and
    the client secret would cross the network readable)."""
    warnings = []
    for name in ("IDPORTEN_ISSUER", "ENTRA_ISSUER"):
        issuer = getattr(settings, name, "") or ""
        if issuer and not issuer.startswith("https://"):
            warnings.append(
                Warning(
                    f"{name} is not an https:// URL: {issuer}",
                    hint="Use the provider's https issuer, e.g. https://test.idporten.no or https://idporten.no.",
                    id="organisations.W002",
                )
            )
    return warnings


@register("security", deploy=True)
def dev_idporten_check(app_configs, **kwargs):
    """`check --deploy` fails when the offline demo's ID-porten stand-in could be on, or ID-porten
    points at a loopback address (the stand-in signs in anyone)."""
    errors = []
    if getattr(settings, "DEV_IDPORTEN", False):
        errors.append(
            Error(
                "DEV_IDPORTEN is on: the ID-porten stand-in signs in anyone who asks.",
                hint="Use the production settings (imdi_portal.settings.prod), which never turn it on.",
                id="organisations.E003",
            )
        )
    issuer = getattr(settings, "IDPORTEN_ISSUER", "") or ""
    if issuer and urlparse(issuer).hostname in ("127.0.0.1", "localhost", "::1"):
        errors.append(
            Error(
                f"IDPORTEN_ISSUER is a loopback address: {issuer}",
                hint="Point IDPORTEN_ISSUER at https://test.idporten.no or https://idporten.no.",
                id="organisations.E004",
            )
        )
    return errors
