"""The application's PDF and the grant letter's preview as jobs (core.jobs): a long application
with much free text takes WeasyPrint many seconds, so the request only enqueues. Registered from
ApplicationsConfig.ready."""

from django.core.exceptions import PermissionDenied
from django.utils import translation
from django.utils.translation import gettext as _

from applications import rules as app_rules
from core.jobs import JobResult, job_enqueue, job_kind_register
from core.pdf import pdf_render

APPLICATION_PDF = "applications.pdf"
GRANT_LETTER_PREVIEW = "applications.grant_letter_preview"


def application_pdf_name(application) -> str:
    return (application.case_number or f"utkast-{application.pk}").replace("/", "-")


def application_pdf_enqueue(*, application, actor):
    """The PDF of the application as it is now: a change since an earlier job makes a new one."""
    language = translation.get_language() or "nb"
    changed = f"{application.updated_at:%Y%m%d%H%M%S%f}" if getattr(application, "updated_at", None) else ""
    return job_enqueue(
        kind=APPLICATION_PDF,
        owner=actor,
        key=f"{application.pk}:{changed}:{language}",
        title=_("Søknaden %(name)s som PDF") % {"name": application.case_number or application.title},
        params={"application": application.pk, "language": language},
        organisation_id=application.organisation_id,
    )


def application_pdf_run(*, job, progress) -> JobResult:
    from applications.selectors import application as selectors
    from applications.services.application import allowance_cap_per_year

    progress(0, 1)
    application = selectors.application_detail(job.params["application"], job.owner)
    pdf = pdf_render(
        "applications/application_pdf.html",
        {
            "application": application,
            "budget_years": selectors.budget_years_with_totals(application),
            "allowance_cap": allowance_cap_per_year(application),
        },
        archival=False,
        language=job.params.get("language") or "nb",
    )
    progress(1, 1)
    return JobResult(f"soknad-{application_pdf_name(application)}.pdf", pdf, "application/pdf")


def grant_letter_preview_enqueue(*, grant, actor):
    """The letter as it would be sent now, made by the worker for an officer or budget holder.
    A request while one is queued or running gets that one; after it, a new one (the grant may
    have changed)."""
    if not actor.has_perm("applications.handle_grant_letters"):
        raise PermissionDenied(_("Bare rådgivere og budsjettdisponenter i IMDi kan forhåndsvise tilskuddsbrev."))
    return job_enqueue(
        kind=GRANT_LETTER_PREVIEW,
        owner=actor,
        key=str(grant.pk),
        title=_("Forhåndsvisning av tilskuddsbrev – sak %(case)s") % {"case": grant.case_number},
        params={"grant": grant.pk},
    )


def grant_letter_preview_run(*, job, progress) -> JobResult:
    from applications.models import Grant
    from applications.services.grant import grant_letter_preview

    progress(0, 1)
    grant = Grant.objects.get(pk=job.params["grant"])
    pdf = grant_letter_preview(grant=grant, actor=job.owner)
    progress(1, 1)
    return JobResult(f"forhandsvisning-{grant.case_number.replace('/', '-')}.pdf", pdf, "application/pdf")


def register() -> None:
    job_kind_register(name=APPLICATION_PDF, run=application_pdf_run, may_read=app_rules.application_job_readable)
    job_kind_register(
        name=GRANT_LETTER_PREVIEW, run=grant_letter_preview_run, may_read=app_rules.grant_letter_preview_readable
    )
