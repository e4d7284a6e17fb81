from django.shortcuts import get_object_or_404, render

from schemes.models import Call
from schemes.selectors import calls_public


def call_list(request):
    return render(request, "schemes/call_list.html", {"calls": calls_public()})


def call_detail(request, pk):
    call = get_object_or_404(
        Call.objects.select_related("scheme").prefetch_related("areas", "report_deadlines", "payout_terms"), pk=pk
    )
    return render(request, "schemes/call_detail.html", {"call": call})
