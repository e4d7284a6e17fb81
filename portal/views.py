from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render

from organisations import rules as org_rules
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
    the admin, municipal users on their organisations' dashboard. An IMDi account signed in
    with a password only goes to its second factor first."""
    user = request.user
    if org_rules.second_factor_needed(user):
        return redirect("second_factor_verify")
    if org_rules.finance(user) and not org_rules.officer(user):
        return redirect("payments:overview")
    if org_rules.imdi_staff(user):
        return redirect("admin:index")
    return redirect("applications:dashboard")
