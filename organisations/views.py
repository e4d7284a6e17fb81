"""Organisations' own users: ask to join, and (for the organisation's admin, or IMDi for an
organisation's first user) decide requests, set roles and deactivate. Visibility and permissions
come from organisations.rules; what is not yours is 404."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.forms import form_errors_from
from core.models import CaseEvent
from organisations import rules as org_rules
from organisations.forms import JoinRequestForm, MembershipRoleForm
from organisations.models import JoinRequest, Membership
from organisations.services_membership import (
    join_request_approve,
    join_request_create,
    join_request_refuse,
    membership_deactivate,
    membership_role_set,
)


@login_required
def join(request):
    form = JoinRequestForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            join_request = join_request_create(user=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form_errors_from(form, exc)
        else:
            messages.success(
                request,
                _("Forespørselen om tilgang til %(org)s er sendt. Du får beskjed når den er avgjort.")
                % {"org": join_request.organisation},
            )
            return redirect("organisations:join")
    mine = JoinRequest.objects.filter(user=request.user).select_related("organisation")[:20]
    return render(request, "organisations/join.html", {"form": form, "mine": mine})


@login_required
def users(request):
    join_requests = org_rules.join_requests_visible_to(request.user)
    memberships = org_rules.memberships_managed_by(request.user)
    if not org_rules.officer(request.user) and not org_rules.admin_organisation_ids_of(request.user):
        raise Http404
    events = CaseEvent.objects.filter(
        action__in=[
            "join_requested",
            "join_request_approved",
            "join_request_refused",
            "membership_granted",
            "membership_role_set",
            "membership_deactivated",
        ],
        object_id__in=[*join_requests.values_list("pk", flat=True), *memberships.values_list("pk", flat=True)],
    ).select_related("actor", "content_type")
    visible = {("joinrequest", pk) for pk in join_requests.values_list("pk", flat=True)} | {
        ("membership", pk) for pk in memberships.values_list("pk", flat=True)
    }
    events = [e for e in events.order_by("-created_at")[:200] if (e.content_type.model, e.object_id) in visible][:50]
    return render(
        request,
        "organisations/users.html",
        {
            "pending": join_requests.filter(status=JoinRequest.Status.PENDING),
            "memberships": memberships.order_by("organisation__name", "user__last_name"),
            "events": events,
            "role_form": MembershipRoleForm(),
        },
    )


@login_required
@require_POST
def join_request_decide(request, pk):
    join_request = get_object_or_404(org_rules.join_requests_visible_to(request.user), pk=pk, status="pending")
    form = MembershipRoleForm(request.POST)
    if request.POST.get("decision") == "refuse":
        # Irreversible: a confirmation page first, with an optional reason (at most 500 characters).
        note = request.POST.get("note", "")
        error = _("Begrunnelsen kan være høyst 500 tegn.") if len(note) > 500 else ""
        if request.POST.get("confirmed") != "yes" or error:
            context = {"join_request": join_request, "note": note, "error": error}
            template = "organisations/join_request_refuse_confirm.html"
            return render(request, template, context, status=400 if error else 200)
    try:
        if request.POST.get("decision") == "refuse":
            join_request_refuse(join_request=join_request, actor=request.user, note=request.POST.get("note", ""))
            messages.success(request, _("Forespørselen er avslått."))
        else:
            role = form.data.get("role") or Membership.Role.CASEWORKER
            join_request_approve(
                join_request=join_request, actor=request.user, role=role, delegation=form.data.get("delegation", "")
            )
            messages.success(request, _("%(user)s er godkjent.") % {"user": join_request.user})
    except ValidationError as exc:
        for error in exc.messages:
            messages.error(request, error)
    except PermissionDenied as exc:
        raise Http404 from exc
    return redirect("organisations:users")


@login_required
@require_POST
def membership_update(request, pk):
    membership = get_object_or_404(org_rules.memberships_managed_by(request.user), pk=pk)
    try:
        if request.POST.get("action") == "deactivate":
            membership_deactivate(membership=membership, actor=request.user)
            messages.success(request, _("%(user)s er deaktivert.") % {"user": membership.user})
        else:
            membership_role_set(
                membership=membership,
                actor=request.user,
                role=request.POST.get("role", ""),
                delegation=request.POST.get("delegation", ""),
            )
            messages.success(request, _("Rollen er endret."))
    except ValidationError as exc:
        for error in exc.messages:
            messages.error(request, error)
    except PermissionDenied:
        messages.error(request, _("Du kan ikke endre din egen tilgang."))
    return redirect("organisations:users")
