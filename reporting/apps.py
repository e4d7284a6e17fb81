from django.apps import AppConfig


def _acceptance_report_obligations(*, grant, acceptance, actor):
    from reporting.services import report_obligations_create_for_grant

    report_obligations_create_for_grant(grant=grant)


class ReportingConfig(AppConfig):
    name = "reporting"
    verbose_name = "Rapportering"

    def ready(self):
        # Acceptance lives in applications, below reporting: reporting adds its part from here.
        from applications.services.acceptance import grant_acceptance_hook_register

        grant_acceptance_hook_register(phase="accepted", hook=_acceptance_report_obligations, order=40)
