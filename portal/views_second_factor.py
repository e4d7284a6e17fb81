"""Second factor for IMDi staff: set up a TOTP app (QR code as inline SVG), verify a code or a
recovery code in this session. The roles it unlocks are gated in organisations.roles."""

from base64 import b32encode
from urllib.parse import urlencode

import segno
from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django_otp import login as otp_login
from django_otp import match_token

from organisations import rules as org_rules
from organisations.services_second_factor import (
    second_factor_confirmed_device,
    second_factor_enrolment_confirm,
    second_factor_enrolment_start,
)


class TokenForm(forms.Form):
    token = forms.CharField(
        label=_("Kode"),
        max_length=20,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}),
    )


def _next_url(request) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}, require_https=request.is_secure()):
        return target
    return "start"


def _imdi_account_only(request):
    if not org_rules.holds_imdi_account(request.user):
        raise Http404


def _qr_svg(config_url: str) -> str:
    return segno.make(config_url, error="m").svg_inline(scale=4, dark="#000", light="#fff", omitsize=False)


@never_cache
@login_required
def second_factor_setup(request):
    _imdi_account_only(request)
    if second_factor_confirmed_device(request.user) is not None and not org_rules.second_factor_verified(request.user):
        # Replacing a working app takes a verified session: a stolen password must not do it.
        return _redirect_with_next("second_factor_verify", request)
    device = second_factor_enrolment_start(user=request.user)
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            device, codes = second_factor_enrolment_confirm(
                user=request.user, device_id=device.pk, token=form.cleaned_data["token"]
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            otp_login(request, device)
            return render(
                request, "registration/second_factor_codes.html", {"codes": codes, "next": _next_url(request)}
            )
    return render(
        request,
        "registration/second_factor_setup.html",
        {
            "form": form,
            "qr_svg": _qr_svg(device.config_url),
            "secret_b32": _base32(device.bin_key),
            "next": _next_url(request),
        },
    )


@never_cache
@login_required
def second_factor_verify(request):
    _imdi_account_only(request)
    if second_factor_confirmed_device(request.user) is None:
        return _redirect_with_next("second_factor_setup", request)
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        token = "".join(form.cleaned_data["token"].split())
        device = match_token(request.user, token)
        if device is None:
            form.add_error("token", _("Koden stemmer ikke, eller den er brukt før. Prøv en ny kode."))
        else:
            otp_login(request, device)
            return redirect(_next_url(request))
    return render(request, "registration/second_factor_verify.html", {"form": form, "next": _next_url(request)})


def _redirect_with_next(name, request):
    target = _next_url(request)
    query = f"?{urlencode({'next': target})}" if target != "start" else ""
    return redirect(reverse(name) + query)


def _base32(key: bytes) -> str:
    text = b32encode(key).decode().rstrip("=")
    return " ".join(text[i : i + 4] for i in range(0, len(text), 4))
