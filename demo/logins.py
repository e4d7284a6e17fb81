"""Demo data for the embedded default: one login per role. Identifiers are generated so they
pass the MOD11 checks and the organisations are marked as demo data."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction
from stdnum.no import kontonr, orgnr

from organisations.models import ExternalIdentity, Membership, Organisation
from organisations.roles import BUDGET_HOLDER, FINANCE, OFFICER

DEMO_ORGANISATIONS = {
    # (kind, number): (base for org number, base for bank account)
    ("kommune", "4601"): ("96421", "1503"),  # Bergen
    ("kommune", "5001"): ("94218", "4202"),  # Trondheim
    ("fylkeskommune", "46"): ("82193", "3201"),  # Vestland
}

DEMO_USERS = [
    # username, first, last, title, org key, membership role, group, superuser, description
    (
        "saksbehandler",
        "Sara",
        "Saksbehandler",
        "Rådgiver flyktningtjenesten",
        ("kommune", "4601"),
        "caseworker",
        None,
        False,
        "Saksbehandler i Bergen kommune",
    ),
    (
        "godkjenner",
        "Gunnar",
        "Godkjenner",
        "Kommunedirektør",
        ("kommune", "4601"),
        "approver",
        None,
        False,
        "Godkjenner (kommunedirektør) i Bergen kommune",
    ),
    (
        "saksbehandler2",
        "Tone",
        "Trondsen",
        "Prosjektleder",
        ("kommune", "5001"),
        "caseworker",
        None,
        False,
        "Saksbehandler i Trondheim kommune",
    ),
    (
        "fylke",
        "Frida",
        "Fylkesen",
        "Seniorrådgiver",
        ("fylkeskommune", "46"),
        "caseworker",
        None,
        False,
        "Saksbehandler i Vestland fylkeskommune",
    ),
    ("radgiver", "Rolf", "Rådgiver", "Seniorrådgiver", None, None, OFFICER, False, "Rådgiver i IMDi"),
    (
        "budsjett",
        "Berit",
        "Budsjettansvarlig",
        "Avdelingsdirektør",
        None,
        None,
        BUDGET_HOLDER,
        False,
        "Budsjettdisponent i IMDi",
    ),
    ("okonomi", "Øystein", "Økonomi", "Controller", None, None, FINANCE, False, "Økonomi i IMDi"),
    # A batch is built by one finance user and approved by another (four eyes).
    ("okonomi2", "Frida", "Fosse", "Controller", None, None, FINANCE, False, "Økonomi i IMDi (godkjenner bunter)"),
    ("admin", "Ada", "Administrator", "Systemforvalter", None, None, None, True, "Superbruker"),
]

# Synthetic national identity numbers for the municipal demo users' "Logg inn med ID-porten"
# (organisations.dev_idporten): day 99 makes them never a real fødselsnummer.
DEMO_PIDS = {
    "saksbehandler": "99000000001",
    "godkjenner": "99000000002",
    "saksbehandler2": "99000000003",
    "fylke": "99000000004",
}


def demo_idporten_identities() -> list[tuple[str, str]]:
    """The (pid, label) pairs the ID-porten stand-in offers: the seeded municipal demo users."""
    labels = {row[0]: f"{row[1]} {row[2]}, {row[-1]}" for row in DEMO_USERS}
    return [(pid, labels[username]) for username, pid in DEMO_PIDS.items()]


def _with_check_digit(base: str, module, length: int) -> str:
    """Extend `base` with digits until the number passes the module's MOD11 check."""
    for filler in range(10 ** (length - len(base) - 1)):
        candidate = base + str(filler).zfill(length - len(base) - 1)
        for check in "0123456789":
            if module.is_valid(candidate + check):
                return candidate + check
    raise ValueError(base)


@transaction.atomic
def demo_seed(*, password: str):
    orgs = {}
    for (kind, number), (org_base, account_base) in DEMO_ORGANISATIONS.items():
        org = Organisation.objects.get(kind=kind, number=number)
        if not org.org_number:
            org.org_number = _with_check_digit(org_base + number[:2].zfill(2), orgnr, 9)
            org.bank_account = _with_check_digit(account_base + number.zfill(4), kontonr, 11)
            org.address = "Rådhusgata 1"
            org.postal_code = "5014" if number == "4601" else ("7004" if number == "5001" else "5020")
            org.postal_place = {"4601": "Bergen", "5001": "Trondheim"}.get(number, "Bergen")
            org.phone = "55 00 00 00"
            org.email = f"postmottak@{org.name.split()[0].lower()}.demo.no"
            org.is_demo_data = True
            org.save()
        orgs[(kind, number)] = org

    User = get_user_model()
    logins, users = [], {}
    for username, first, last, title, org_key, role, group, superuser, description in DEMO_USERS:
        user, created = User.objects.get_or_create(
            username=username,
            defaults={"first_name": first, "last_name": last, "title": title, "email": f"{username}@demo.imdi.no"},
        )
        user.is_staff = bool(group) or superuser
        user.is_superuser = superuser
        if created:
            user.set_password(password)
        user.save()
        if org_key:
            Membership.objects.update_or_create(user=user, organisation=orgs[org_key], defaults={"role": role})
        if group:
            user.groups.add(Group.objects.get(name=group))
        if username in DEMO_PIDS:
            ExternalIdentity.objects.get_or_create(
                provider=ExternalIdentity.Provider.IDPORTEN, subject=DEMO_PIDS[username], defaults={"user": user}
            )
        logins.append((username, description))
        users[username] = user
    return logins, users, orgs
