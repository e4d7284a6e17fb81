"""The job pages (core.jobs): «Jobber», the signed-in user's own jobs with their progress; one
job's page, which reloads itself while the job runs and then offers the download; the download.
Who may read a job is the job kind's rule (core.jobs.job_may_read); anyone else gets 404."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render

from core.jobs import job_may_read
from core.models import Job
from core.uploads import attachment_response

# Seconds between the page's reloads while the job is queued or running.
REFRESH_SECONDS = 3
PAGE_SIZE = 25


def _job(request, pk) -> Job:
    job = Job.objects.select_related("owner").filter(pk=pk).first()
    if job is None or not job_may_read(request.user, job):
        raise Http404
    return job


@login_required
def job_list(request):
    jobs = Job.objects.filter(owner=request.user).order_by("-created_at", "-id")
    page = Paginator(jobs, PAGE_SIZE).get_page(request.GET.get("side"))
    active = any(job.is_active for job in page.object_list)
    return render(
        request,
        "core/job_list.html",
        {"page": page, "refresh": REFRESH_SECONDS if active else None},
    )


@login_required
def job_detail(request, pk):
    job = _job(request, pk)
    return render(
        request,
        "core/job_detail.html",
        {"job": job, "refresh": REFRESH_SECONDS if job.is_active else None},
    )


@login_required
def job_download(request, pk):
    job = _job(request, pk)
    if not job.is_done or not job.result:
        raise Http404
    return attachment_response(job.result, filename=job.result_name, content_type=job.result_content_type)
