"""Join requests in the admin, for IMDi: the officers decide an organisation's first user (who
becomes its user administrator). Read-only lists; the decision is its own page that says what
follows and asks for confirmation, and goes through the same services and rules as the portal's
users page (organisations.services_membership, organisations.rules)."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core.admin import ReadOnlyAdmin
from core.forms import form_errors_from
from organisations import rules as org_rules
from organisations.forms import MembershipRoleForm
from organisations.models import JoinRequest, Membership
from organisations.services_membership import join_request_approve, join_request_refuse


class JoinRequestDecisionForm(MembershipRoleForm):
    decision = forms.ChoiceField(
        label=_("Avgjørelse"),
        choices=[("approve", _("Godkjenn")), ("refuse", _("Avslå"))],
        widget=forms.RadioSelect,
    )
    note = forms.CharField(label=_("Begrunnelse for avslag (sendes til søkeren)"), max_length=500, required=False)
    field_order = ["decision", "role", "delegation", "note"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["role"].required = False


@admin.register(JoinRequest)
class JoinRequestAdmin(ReadOnlyAdmin):
    list_display = ["user", "organisation", "org_number", "register_name", "status", "requested_at", "decide_link"]
    list_filter = ["status"]
    search_fields = ["organisation__name", "org_number", "user__last_name", "user__email"]
    list_select_related = ["user", "organisation", "decided_by"]
    fields = [
        "user",
        "organisation",
        "org_number",
        "register_name",
        "message",
        "status",
        "requested_at",
        "decided_by",
        "decided_at",
        "note",
    ]

    def get_queryset(self, request):
        return org_rules.join_requests_visible_to(request.user)

    def has_module_permission(self, request):
        return org_rules.officer(request.user) and super().has_module_permission(request)

    def has_view_permission(self, request, obj=None):
        return org_rules.officer(request.user) and super().has_view_permission(request, obj)

    def history_view(self, request, object_id, extra_context=None):
        # Django looks the object up first (and redirects when it is not in the queryset); a role
        # that may not read join requests is refused before that, as on the other pages.
        if not self.has_view_permission(request):
            raise PermissionDenied
        return super().history_view(request, object_id, extra_context)

    @admin.display(description=_("Avgjør"))
    def decide_link(self, obj):
        if not obj.is_pending:
            return "–"
        url = reverse("admin:organisations_joinrequest_decide", args=[obj.pk])
        return format_html('<a href="{}">{}</a>', url, gettext("Godkjenn eller avslå"))

    def get_urls(self):
        urls = [
            path(
                "<path:object_id>/avgjor/",
                self.admin_site.admin_view(self.decide_view),
                name="organisations_joinrequest_decide",
            )
        ]
        return urls + super().get_urls()

    def decide_view(self, request, object_id):
        if not self.has_view_permission(request):
            raise PermissionDenied
        join_request = self.get_queryset(request).filter(pk=object_id if str(object_id).isdigit() else None).first()
        if join_request is None:
            raise Http404
        change_url = reverse("admin:organisations_joinrequest_change", args=[join_request.pk])
        if not join_request.is_pending or not request.user.has_perm("organisations.decide_join_request", join_request):
            messages.error(request, gettext("Forespørselen er allerede avgjort, eller du kan ikke avgjøre den."))
            return redirect(change_url)
        form = JoinRequestDecisionForm(request.POST if request.method == "POST" else None)
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            try:
                if data["decision"] == "refuse":
                    join_request_refuse(join_request=join_request, actor=request.user, note=data["note"])
                    self.message_user(request, gettext("Forespørselen er avslått."), messages.SUCCESS)
                else:
                    join_request_approve(
                        join_request=join_request,
                        actor=request.user,
                        role=data["role"] or Membership.Role.CASEWORKER,
                        delegation=data["delegation"],
                    )
                    self.message_user(
                        request, gettext("%(user)s er godkjent.") % {"user": join_request.user}, messages.SUCCESS
                    )
            except ValidationError as exc:
                form_errors_from(form, exc)
            else:
                return redirect(change_url)
        first_user = not org_rules.organisation_has_admin(join_request.organisation_id)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "original": join_request,
            "title": gettext("Avgjør forespørsel om tilgang"),
            "form": form,
            "first_user": first_user,
            "cancel_url": change_url,
        }
        return TemplateResponse(request, "admin/organisations/joinrequest/decide.html", context)
