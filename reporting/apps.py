from django.apps import AppConfig


def _acceptance_report_obligations(*, grant, acceptance, actor):
    from reporting.services import report_obligations_create_for_grant

    report_obligations_create_for_grant(grant=grant)


def _status_reports(grants):
    from reporting.models import ReportObligation

    return (
        ReportObligation.objects.filter(grant__in=grants)
        .select_related("grant")
        .order_by("-grant__year", "due_date", "id")
    )


class ReportingConfig(AppConfig):
    name = "reporting"
    verbose_name = "Rapportering"

    def ready(self):
        # Acceptance lives in applications, below reporting: reporting adds its part from here.
        from applications.services.acceptance import grant_acceptance_hook_register

        grant_acceptance_hook_register(phase="accepted", hook=_acceptance_report_obligations, order=40)

        from applications.selectors.project_year import status_reports_register

        status_reports_register(_status_reports)
