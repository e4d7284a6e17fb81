from axes.helpers import get_cool_off
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from core.login import LoginForm
from portal.lockout import login_tries_left


class PortalLoginForm(LoginForm):
    """The portal's login form: a wrong password also says how many tries are left."""

    def get_invalid_login_error(self):
        error = super().get_invalid_login_error()
        if self.request is None:
            return error
        left = login_tries_left(self.request, {"username": self.data.get("username")})
        if left <= 0:
            return error
        cool_off = get_cool_off(self.request)
        minutes = int(cool_off.total_seconds() // 60) if cool_off else 0
        tries = ngettext("Du har %(left)s forsøk igjen.", "Du har %(left)s forsøk igjen.", left) % {"left": left}
        lock = _("Deretter sperres innloggingen i %(minutes)s minutter.") % {"minutes": minutes} if minutes else ""
        error.message = " ".join(part for part in (str(error.message), tries, lock) if part)
        return error
