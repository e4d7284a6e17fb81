"""Tells a user whose session ran out that it did, on the page they land on (the login page).

The session cookie and the session end together after SESSION_IDLE_MINUTES, so the server
cannot tell an expired visitor from a new one by the session alone. A second cookie, set while
signed in and living longer, says "you were signed in here": it coming back without a signed-in
user means the session expired. Signing out removes it, so a deliberate logout says nothing."""

from django.conf import settings
from django.contrib import messages
from django.utils.translation import gettext as _

MARKER_MAX_AGE = 7 * 24 * 60 * 60


class SessionExpiryNoticeMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.cookie = settings.SESSION_EXPIRED_NOTICE_COOKIE

    def __call__(self, request):
        signed_in_before = request.COOKIES.get(self.cookie) == "1"
        if signed_in_before and not request.user.is_authenticated:
            minutes = settings.SESSION_COOKIE_AGE // 60
            messages.info(
                request,
                _("Du ble logget ut fordi du ikke hadde vært aktiv på %(minutes)s minutter. Logg inn igjen.")
                % {"minutes": minutes},
            )
        response = self.get_response(request)
        if request.user.is_authenticated:
            if not signed_in_before:
                response.set_cookie(
                    self.cookie,
                    "1",
                    max_age=MARKER_MAX_AGE,
                    secure=settings.SESSION_COOKIE_SECURE,
                    httponly=True,
                    samesite="Lax",
                )
        elif signed_in_before:
            response.delete_cookie(self.cookie, samesite="Lax")
        return response
