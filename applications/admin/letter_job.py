"""The grant admin's letter sending (issue 17 item 4): «Signer og send» on a grant's page, the
list action on a selection and «Send alle» for a call all queue a LetterSendJob
(applications.services.letter_job); its page shows the progress, polling JSON."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponseRedirect, JsonResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from applications.admin.base import form_errors_from as _form_errors_from
from applications.admin.confirm import grant_send_confirm_page
from applications.forms.grant import SendAllForm
from applications.models import Grant, LetterSendJob
from applications.services import letter_job


def can_handle_letters(user) -> bool:
    """Officers and budget holders prepare and preview letters, extend deadlines, let grants lapse."""
    return user.has_perm("applications.handle_grant_letters")


def can_sign_letters(user) -> bool:
    """A grant letter is signed by someone with budget authority (budsjettdisponeringsmyndighet)."""
    return user.has_perm("applications.send_grant_letter")


def error_messages(exc) -> list[str]:
    if isinstance(exc, ValidationError):
        return exc.messages
    return [str(exc) or gettext("Du har ikke tilgang til dette.")]


class LetterJobAdminMixin:
    """GrantAdmin's views for sending letters; it supplies _grant and _change_url."""

    @admin.action(description=_("Signer og send tilskuddsbrev for valgte tilskudd"))
    def send_letters(self, request, queryset):
        if not can_sign_letters(request.user):
            self.message_user(request, gettext("Tilskuddsbrev signeres av en budsjettdisponent."), messages.ERROR)
            return
        # The letters are rendered and sent by a background job per call; the list only queues.
        jobs, refusals = letter_job.letter_send_jobs_start(
            grants=queryset.filter(status=Grant.Status.DECIDED), actor=request.user
        )
        for refusal in refusals:
            self.message_user(request, refusal, messages.ERROR)
        skipped = queryset.exclude(status=Grant.Status.DECIDED).count()
        if skipped:
            self.message_user(
                request,
                gettext("%(n)s valgte tilskudd hadde allerede fått brev og ble hoppet over.") % {"n": skipped},
                messages.WARNING,
            )
        if not jobs:
            if not refusals and not skipped:
                none_ready = gettext("Ingen av de valgte tilskuddene har brev som venter.")
                self.message_user(request, none_ready, messages.ERROR)
            return None
        self.message_user(
            request,
            gettext("%(n)s tilskuddsbrev er lagt i kø og sendes nå. Fremdriften vises på utsendingssiden.")
            % {"n": sum(job.total for job in jobs)},
            messages.SUCCESS,
        )
        target = jobs[0] if len(jobs) == 1 else None
        if target is not None:
            return HttpResponseRedirect(reverse("admin:applications_grant_send_job", args=[target.pk]))
        return HttpResponseRedirect(reverse("admin:applications_grant_send_all"))

    def send_view(self, request, pk):
        grant = self._grant(request, pk)
        if request.method != "POST":
            return grant_send_confirm_page(self, request, grant)
        # The letter is rendered, signed and sent by a background job; its page shows when.
        try:
            job = letter_job.letter_send_job_start(call=grant.call, actor=request.user, grants=[grant])
        except (ValidationError, PermissionDenied) as exc:
            self.message_user(request, " ".join(error_messages(exc)), messages.ERROR)
            return HttpResponseRedirect(self._change_url(grant))
        return HttpResponseRedirect(reverse("admin:applications_grant_send_job", args=[job.pk]))

    def send_all_view(self, request):
        if not self.has_view_permission(request):
            raise PermissionDenied
        if not can_sign_letters(request.user):
            raise PermissionDenied
        form = SendAllForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                job = letter_job.letter_send_job_start(call=form.cleaned_data["call"], actor=request.user)
            except ValidationError as exc:
                _form_errors_from(form, exc)
            else:
                return HttpResponseRedirect(reverse("admin:applications_grant_send_job", args=[job.pk]))
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": gettext("Send alle tilskuddsbrev for en utlysning"),
            "form": form,
            "jobs": LetterSendJob.objects.select_related("call", "started_by")[:10],
        }
        return TemplateResponse(request, "applications/grant_admin_send_all.html", context)

    def _job(self, request, job_id):
        if not self.has_view_permission(request):
            raise PermissionDenied
        return get_object_or_404(LetterSendJob.objects.select_related("call", "started_by"), pk=job_id)

    def job_view(self, request, job_id):
        job = self._job(request, job_id)
        selected = list(job.grants.order_by("pk")[:2])
        grant = selected[0] if len(selected) == 1 else None
        if grant is not None:
            title = gettext("Utsending av tilskuddsbrev for sak %(case)s") % {"case": grant.case_number}
        else:
            title = gettext("Utsending av tilskuddsbrev: %(call)s") % {"call": job.call}
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": title,
            "job": job,
            "grant": grant,
            "status_url": reverse("admin:applications_grant_send_job_status", args=[job.pk]),
        }
        return TemplateResponse(request, "applications/grant_admin_send_job.html", context)

    def job_status_view(self, request, job_id):
        job = self._job(request, job_id)
        return JsonResponse(
            {
                "status": job.status,
                "status_display": job.get_status_display(),
                "total": job.total,
                "done": job.done,
                "failed": job.failed,
                "percent": job.percent,
                "finished": job.status in (LetterSendJob.Status.DONE, LetterSendJob.Status.FAILED),
                "errors": job.errors[-20:],
            }
        )
