from django.apps import AppConfig


class ApplicationsConfig(AppConfig):
    name = "applications"
    verbose_name = "Søknader og tilskudd"

    def ready(self):
        from applications import documents as app_documents
        from applications import jobs as app_jobs
        from applications import rules as app_rules
        from applications.selectors.assessment import committed_awards
        from applications.selectors.project_year import bound_years
        from core.selectors import case_visibility_register
        from schemes.selectors import bound_awards_register, committed_awards_register

        app_jobs.register()
        app_documents.register()
        committed_awards_register(committed_awards)
        bound_awards_register(bound_years)

        case_visibility_register(
            imdi_filter=app_rules.case_events_visible_to_imdi,
            municipality_reads=app_rules.case_readable_by,
        )
