from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render

from portal.rules import start_page_of
from schemes.selectors import calls_public, calls_split_open_past


def home(request):
    open_calls, past_calls = calls_split_open_past(calls_public())
    return render(request, "portal/home.html", {"open_calls": open_calls, "past_calls": past_calls[:3]})


def accessibility(request):
    return render(request, "portal/accessibility.html")


def privacy(request):
    return render(request, "portal/privacy.html")


@login_required
def start(request):
    """Each role lands on its own start page: finance on the payout pages, other IMDi staff in
    the admin, municipal users on their organisations' dashboard."""
    return redirect(start_page_of(request.user))
