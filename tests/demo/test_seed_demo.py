import datetime as dt
from zoneinfo import ZoneInfo

import time_machine
from django.contrib.auth import get_user_model
from django.core.management import call_command

from applications.models import Application, Grant
from organisations.models import Membership
from organisations.roles import BUDGET_HOLDER, FINANCE, OFFICER
from payments.models import Payment
from reporting.models import ReportObligation


def test_seed_demo_creates_one_login_per_role_and_is_idempotent(db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    call_command("seed_demo")
    call_command("seed_demo")
    User = get_user_model()
    roles = {
        "saksbehandler": ("4601", Membership.Role.CASEWORKER),
        "godkjenner": ("4601", Membership.Role.APPROVER),
        "saksbehandler2": ("5001", Membership.Role.CASEWORKER),
        "fylke": ("46", Membership.Role.CASEWORKER),
    }
    for username, (number, role) in roles.items():
        membership = Membership.objects.get(user__username=username)
        assert (membership.organisation.number, membership.role) == (number, role)
    assert Membership.objects.get(user__username="fylke").organisation.kind == "fylkeskommune"
    imdi = (("radgiver", OFFICER), ("budsjett", BUDGET_HOLDER), ("okonomi", FINANCE), ("okonomi2", FINANCE))
    for username, group in imdi:
        user = User.objects.get(username=username)
        assert user.is_staff and list(user.groups.values_list("name", flat=True)) == [group]
    admin = User.objects.get(username="admin")
    assert admin.is_superuser
    assert admin.check_password(settings.DEMO_PASSWORD)
    assert (
        User.objects.filter(username__in=[*roles, "radgiver", "budsjett", "okonomi", "okonomi2", "admin"]).count() == 9
    )


def test_seed_demo_cases_go_through_the_real_flow(db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    call_command("seed_demo")
    call_command("seed_demo")  # the cases are created once
    submitted = Application.objects.exclude(case_number=None)
    assert submitted.count() == 3
    awarded = submitted.get(title="Norsk på jobben")
    assert awarded.status == Application.Status.AWARDED
    grant = Grant.objects.get(application=awarded)
    assert grant.status == Grant.Status.LETTER_SENT and grant.letters.count() == 1
    reception = Grant.objects.get(call__scheme__code="integreringsmottak")
    assert reception.status == Grant.Status.ACCEPTED
    # 50 places × 2 141 kr × 12 months
    assert str(reception.amount) == "1284600.00"
    assert ReportObligation.objects.filter(grant=reception).count() == 3
    assert sum(p.amount for p in Payment.objects.filter(grant=reception)) == reception.amount
    # A withheld-in-part payment, after advance notice, reply and a four-eyes decision.
    held = Payment.objects.get(grant=reception, hold_kind=Payment.HoldKind.REACTION)
    assert (held.status, str(held.amount), held.part) == (Payment.Status.WITHHELD, "10000.00", 1)
    assert str(held.split_from.amount) == "1274600.00"
    assert held.holding_reactions.get().decision_pdf
    assert Application.objects.filter(status=Application.Status.AWAITING_APPROVAL).count() == 1


# A Wednesday: the closed grant's payout batch is paid the day it is made (seeded on a weekend
# or holiday, its payment date is the next bank day and the close-out waits for it).
BANK_DAY = dt.datetime(2026, 12, 2, 10, 0, tzinfo=ZoneInfo("Europe/Oslo"))


def test_seed_demo_has_a_multi_year_project_in_its_second_year_and_a_closed_grant(db, settings, tmp_path):
    from decimal import Decimal

    from applications.models import ProjectYear
    from payments.models import Reaction

    settings.MEDIA_ROOT = tmp_path
    with time_machine.travel(BANK_DAY, tick=True):
        call_command("seed_demo")
    project = Application.objects.get(title="Jobbspor – toårig prosjekt")
    first, second = Grant.objects.filter(application=project).order_by("year")
    assert first.status == Grant.Status.ACCEPTED
    assert (second.year, second.status, second.amount) == (
        first.year + 1,
        Grant.Status.LETTER_SENT,
        Decimal("550000.00"),
    )
    assert second.call.year == second.year and second.letters.count() == 1
    assert ProjectYear.objects.get(application=project).status == ProjectYear.Status.CONFIRMED

    closed = Grant.objects.get(application__title="Kvalifisering i helse og omsorg")
    assert closed.status == Grant.Status.CLOSED
    claim = Reaction.objects.get(grant=closed)
    # 400 000 kr paid, 360 000 kr used in the final accounts: 40 000 kr claimed back and repaid.
    assert (claim.amount, claim.status, claim.repaid_on is not None) == (Decimal("40000.00"), "approved", True)
