"""The demo seed creates a superuser. Production has no default demo password, and the seed
refuses to run without one rather than create logins with an empty password."""

import pytest
from django.core.management import CommandError, call_command

from core.models import User

pytestmark = pytest.mark.django_db


def test_seed_demo_refuses_without_a_demo_password(settings):
    settings.DEMO_PASSWORD = ""
    with pytest.raises(CommandError, match="DEMO_PASSWORD"):
        call_command("seed_demo", "--no-cases")
    assert not User.objects.filter(is_superuser=True).exists()
