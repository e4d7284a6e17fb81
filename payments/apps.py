from django.apps import AppConfig


def _acceptance_account_request(*, grant, cleaned, actor):
    """The account the approver confirmed on acceptance: only a request, which a second person
    at IMDi confirms; the organisation's payments are held until then. The same account as the
    confirmed one is no change (and withdraws a pending one)."""
    from organisations.models import BankAccountChange
    from payments.services import bank_account_change_request

    if cleaned.get("bank_account"):
        bank_account_change_request(
            organisation=grant.organisation,
            new_account=cleaned["bank_account"],
            actor=actor,
            source=BankAccountChange.Source.ACCEPTANCE,
            source_reference=grant.case_number,
        )


def _acceptance_payment_plan(*, grant, acceptance, actor):
    from payments.services import payment_plan_create_for_grant

    payment_plan_create_for_grant(grant=grant)


def _later_years_stopped_refusal(project_year):
    """An approved reaction "stop later years" on any of the project's grants: the year may only
    be stopped, never confirmed or reduced."""
    from django.utils.translation import gettext as _

    from applications.models import Grant
    from payments.selectors import grant_later_years_stopped

    for grant in Grant.objects.filter(decision_id=project_year.decision_id).order_by("year"):
        if grant_later_years_stopped(grant):
            return _(
                "Senere år av prosjektet er stanset ved vedtak om reaksjon i sak %(case)s. "
                "Året %(year)s kan ikke videreføres, bare stanses."
            ) % {"case": grant.case_number, "year": project_year.year}
    return None


class PaymentsConfig(AppConfig):
    name = "payments"
    verbose_name = "Utbetalinger"

    def ready(self):
        # Organisations (the organisation admin) asks for account changes; payments holds them.
        from organisations.services import bank_account_request_register
        from payments.services import bank_account_change_request

        bank_account_request_register(bank_account_change_request)

        from payments import jobs as payment_jobs

        payment_jobs.register()

        from payments.services import reaction_letter

        reaction_letter.register()

        # Acceptance lives in applications, below payments: payments adds its part from here.
        from applications.services.acceptance import grant_acceptance_hook_register

        grant_acceptance_hook_register(phase="details_confirmed", hook=_acceptance_account_request)
        grant_acceptance_hook_register(phase="accepted", hook=_acceptance_payment_plan, order=60)

        # The multi-year continuation (applications) asks whether a reaction stopped the later years.
        from applications.services.project_year import continuation_check_register

        continuation_check_register(_later_years_stopped_refusal)
