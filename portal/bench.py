"""The benchmark's ceiling (bench/pages.py): the least a signed-in page costs on this stack —
session, user, middleware — with no query or template of its own. Routed only when
settings.BENCH_CEILING_VIEW is on (off by default, and so in production)."""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.views.decorators.http import require_GET


@require_GET
@login_required
def bench_ceiling(request):
    return HttpResponse(b"ok", content_type="text/plain")
