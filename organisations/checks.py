from django.conf import settings
from django.core.checks import Warning, register


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
