"""Login forms and the lockout's view of a username.

An absurd username (longer than any account's, or with a NUL byte) is an ordinary failed
login: the same message as a wrong password, and nothing reaches the database with it."""

from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import AuthenticationForm

# django-axes stores the username in AccessAttempt.username, a varchar(255).
AXES_USERNAME_MAX_LENGTH = 255


def axes_username(request, credentials):
    """The username django-axes records: as typed, cut to what its table holds, NUL removed
    (PostgreSQL refuses NUL in text)."""
    username = None
    if credentials:
        username = credentials.get(get_user_model().USERNAME_FIELD)
    if username is None and request is not None:
        username = request.POST.get("username")
    if username is None:
        return None
    return str(username).replace("\x00", "")[:AXES_USERNAME_MAX_LENGTH]


class _UsernameBounded:
    """Refuses a username no account can have before asking the authentication backends."""

    def clean(self):
        username = self.data.get("username") if self.is_bound else None
        max_length = get_user_model()._meta.get_field(get_user_model().USERNAME_FIELD).max_length
        if isinstance(username, str) and (len(username) > max_length or "\x00" in username):
            raise self.get_invalid_login_error()
        return super().clean()


class LoginForm(_UsernameBounded, AuthenticationForm):
    pass


class AdminLoginForm(_UsernameBounded, AdminAuthenticationForm):
    pass
