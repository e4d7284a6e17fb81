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
