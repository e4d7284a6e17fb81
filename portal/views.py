from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse

from organisations.roles import is_finance, is_imdi_staff, is_officer
from organisations.rules import officer
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
    user = request.user
    if is_finance(user) and not (is_officer(user) or user.is_superuser):
        return redirect("payments:overview")
    if officer(user):
        # An officer starts the day on the applications assigned to them.
        return redirect(reverse("admin:applications_application_queue") + "?who=mine")
    if is_imdi_staff(user):
        return redirect("admin:index")
    return redirect("applications:dashboard")
