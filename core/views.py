from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render

from organisations.roles import is_imdi_staff
from schemes.selectors import calls_public


def home(request):
    return render(request, "core/home.html", {"calls": calls_public()[:6]})


@login_required
def start(request):
    """Each role lands on its own start page: IMDi staff in the admin, municipal users on
    their organisations' dashboard."""
    if is_imdi_staff(request.user):
        return redirect("admin:index")
    return render(request, "core/start.html", {"memberships": request.user.memberships.select_related("organisation")})
