import datetime as dt

from django.shortcuts import get_object_or_404, render

from schemes.models import Rate
from schemes.selectors import call_is_open, calls_public, calls_published, calls_split_open_past, g_on, rate_on


def call_list(request):
    open_calls, past_calls = calls_split_open_past(calls_public())
    return render(request, "schemes/call_list.html", {"open_calls": open_calls, "past_calls": past_calls})


def call_detail(request, pk):
    # Not yet published: 404, as if it did not exist.
    call = get_object_or_404(
        calls_published()
        .select_related("scheme")
        .prefetch_related(
            "areas__questions", "areas__attachment_requirements", "report_deadlines", "payout_terms", "criteria"
        ),
        pk=pk,
    )
    areas = list(call.areas.all())
    g_amount = None
    if any(a.allowance_cap_g for a in areas):
        g_amount = g_on(call.g_reference_date())
        for area in areas:
            if area.allowance_cap_g and g_amount:
                area.allowance_max = area.allowance_cap_g * g_amount
    # A formula scheme's rate for the grant year: the rate valid on 1 January of that year.
    place_rate = rate_on(Rate.Kind.PER_PLACE_MONTH, dt.date(call.year, 1, 1), scheme=call.scheme)
    payout_terms = list(call.payout_terms.all())
    for term in payout_terms:
        term.planned = term.planned_date(call.year)
    return render(
        request,
        "schemes/call_detail.html",
        {
            "call": call,
            "areas": areas,
            "applicable_areas": [a for a in areas if a.accepts_applications],
            "report_deadlines": list(call.report_deadlines.all()),
            "criteria": list(call.criteria.all()),
            "payout_terms": payout_terms,
            "g_amount": g_amount,
            "g_date": call.g_reference_date(),
            "place_rate": place_rate,
            "is_open": call_is_open(call),
        },
    )
