"""Confirmation pages for the admin's irreversible actions: each names the consequence and
asks before the POST that does it."""

from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _

from core.money import format_nok
from core.transitions import may


def grant_send_confirm_page(model_admin, request, grant):
    """GET on "Signer og send tilskuddsbrev": what sending does, and the button that does it.
    Someone who may not send is taken back to the grant, as before."""
    change_url = reverse("admin:applications_grant_change", args=[grant.pk])
    if not may(grant, request.user, "mark_letter_sent"):
        return HttpResponseRedirect(change_url)
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": model_admin.model._meta,
        "original": grant,
        "title": _("Signer og send tilskuddsbrev for sak %(case)s") % {"case": grant.case_number},
        "consequences": [
            _(
                "Brevet signeres med ditt navn og arkiveres som PDF. Det kan ikke trekkes tilbake, "
                "bare rettes med et nytt brev."
            ),
            _("%(org)s får beskjed om brevet og kan akseptere %(amount)s i portalen.")
            % {"org": grant.organisation.name, "amount": format_nok(grant.amount)},
            _("Akseptfristen begynner å løpe når brevet er sendt."),
        ],
        "action_url": reverse("admin:applications_grant_send", args=[grant.pk]),
        "submit_label": _("Signer og send tilskuddsbrev"),
        "cancel_url": change_url,
    }
    return TemplateResponse(request, "admin/confirm_action.html", context)
