"""Volume data for benchmarks and query-budget tests: N years of the development scheme, made
with bulk inserts that produce the rows the services would have produced.

What one generated year holds (call year Y, the last year is the newest):

- the development call of year Y (the circulars' own calls where they exist, otherwise a copy of
  the 2024 call with its dates moved to Y, its areas, payout terms, report deadlines and letter
  texts; a copy has no appropriation share);
- `per_year` applications from the generated municipalities (and counties in areas only they may
  apply in), each with one budget year and budget lines; case numbers from the per-year sequence;
- for every submitted application: two officers' assessments, a proposed decision by one officer
  and (once decided) its approval by a budget holder who is neither; awards within the call's
  frame, every area's frame and per-applicant cap (what `decision_approve` checks);
- for every award: the grant, its letter (version 1, a SHA-256 of the row's text, no PDF file),
  the acceptance with the organisation's details, the payment plan (the call's payout terms split
  exactly with the same helpers as `payment_plan_create_for_grant`), the report obligations with
  their empty reports (`deadline_dates_for_grant`, as `report_obligations_create_for_grant`);
- the later life of each case by the date: payments planned, due, or paid in one payout batch per
  term and year; reports submitted and approved after their due date; a grant whose every report
  is approved and every payment paid is closed;
- one case event per step, with the same action, subject, states and case number the service
  writes (so the case log and timelines read as they do after real work).

The newest year is a call in progress: drafts, applications waiting for their approver,
submitted and in assessment, proposals waiting for a budget holder, letters waiting for
acceptance. Older years are finished. Nothing is dated after today. Not generated: model history
rows (django-simple-history), multi-year projects, reception-centre grants, accounts lines,
notifications, reactions, appeals, attachments and PDFs.

Deterministic for a given seed and today's date."""

import datetime as dt
import hashlib
import random
from contextlib import contextmanager

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone
from stdnum.no import kontonr, orgnr

from applications.models import CaseNumberSequence
from core.calendar import today_oslo
from organisations.models import Membership, Organisation
from organisations.roles import BUDGET_HOLDER, FINANCE, OFFICER
from schemes.models import Call, LetterText, PayoutTerm, PriorityArea, ReportDeadline

VOLUME_MARK = "(volum)"
USER_PREFIX = "volum-"
DEFAULT_PER_YEAR = 450
DEFAULT_ORGANISATIONS = 160


@contextmanager
def timestamps_as_given(*models):
    """Let bulk inserts keep the dates we give them: auto_now/auto_now_add would stamp today."""
    changed = []
    for model in models:
        for field in model._meta.concrete_fields:
            for attr in ("auto_now", "auto_now_add"):
                if getattr(field, attr, False):
                    setattr(field, attr, False)
                    changed.append((field, attr))
    try:
        yield
    finally:
        for field, attr in changed:
            setattr(field, attr, True)


def with_check_digit(base: str, module, length: int) -> str:
    """Extend `base` with digits until the number passes the module's MOD11 check."""
    for filler in range(10 ** (length - len(base) - 1)):
        candidate = base + str(filler).zfill(length - len(base) - 1)
        for check in "0123456789":
            if module.is_valid(candidate + check):
                return candidate + check
    raise ValueError(base)


def oslo_datetime(day: dt.date, hour: int = 10, minute: int = 0) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, minute)))


def _shift(day, years):
    if day is None:
        return None
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def volume_calls_ensure(*, years: list[int]) -> dict[int, Call]:
    """The development call of each year: the circulars' own where loaded, otherwise a copy of
    the 2024 call moved to that year (marked in the title)."""
    source = Call.objects.get(scheme__code="utvikling", year=2024)
    calls = {}
    for year in years:
        existing = Call.objects.filter(scheme=source.scheme, year=year).first()
        if existing:
            calls[year] = existing
            continue
        shift = year - source.year
        call = Call.objects.get(pk=source.pk)
        call.pk = None
        call.year = year
        call.title = f"Tilskudd til utvikling av kvalifiserings- og integreringstiltak {year} {VOLUME_MARK}"
        call.circular_number = f"volum-{year}"
        call.published_on = _shift(source.published_on, shift)
        call.application_deadline = _shift(source.application_deadline, shift)
        call.appropriation_share = None
        call.save()
        for model in (PriorityArea, PayoutTerm, LetterText):
            rows = list(model.objects.filter(call=source).order_by("pk"))
            for row in rows:
                row.pk = None
                row.call = call
            model.objects.bulk_create(rows)
        deadlines = list(ReportDeadline.objects.filter(call=source).order_by("pk"))
        for deadline in deadlines:
            deadline.pk = None
            deadline.call = call
            deadline.period_start = _shift(deadline.period_start, shift)
            deadline.period_end = _shift(deadline.period_end, shift)
            deadline.due_date = _shift(deadline.due_date, shift)
        ReportDeadline.objects.bulk_create(deadlines)
        calls[year] = call
    return calls


def volume_organisations_prepare(*, count: int) -> list[Organisation]:
    """`count` applicant organisations (all counties and the first municipalities by number),
    given valid organisation and account numbers and contact details where they have none."""
    counties = list(Organisation.objects.filter(kind=Organisation.Kind.COUNTY_MUNICIPALITY).order_by("number"))
    municipalities = list(
        Organisation.objects.filter(kind=Organisation.Kind.MUNICIPALITY).order_by("number")[
            : max(count - len(counties), 1)
        ]
    )
    orgs = counties + municipalities
    changed = []
    for index, org in enumerate(orgs):
        if org.org_number and org.bank_account:
            continue
        org.org_number = with_check_digit(f"9{index:04d}", orgnr, 9)
        org.bank_account = with_check_digit(f"6{index:05d}", kontonr, 11)
        org.address = org.address or "Rådhusplassen 1"
        org.postal_code = org.postal_code or f"{1000 + index:04d}"
        org.postal_place = org.postal_place or org.name.split()[0]
        org.phone = org.phone or f"5{index:07d}"
        org.email = org.email or f"postmottak@{org.number}.volum.no"
        org.is_demo_data = True
        changed.append(org)
    Organisation.objects.bulk_update(
        changed,
        ["org_number", "bank_account", "address", "postal_code", "postal_place", "phone", "email", "is_demo_data"],
        batch_size=500,
    )
    return orgs


def volume_users_ensure(*, orgs, password: str) -> dict:
    """A caseworker and an approver per organisation, six officers, three budget holders and
    two finance users (usernames `volum-…`, all with `password`)."""
    User = get_user_model()
    hashed = make_password(password)
    wanted = []
    for org in orgs:
        for role in ("caseworker", "approver"):
            wanted.append((f"{USER_PREFIX}{org.kind[:1]}{org.number}-{role[:4]}", org, role, None))
    for group, label, count in ((OFFICER, "radgiver", 6), (BUDGET_HOLDER, "budsjett", 3), (FINANCE, "okonomi", 2)):
        for n in range(1, count + 1):
            wanted.append((f"{USER_PREFIX}{label}{n}", None, None, group))
    existing = set(User.objects.filter(username__startswith=USER_PREFIX).values_list("username", flat=True))
    new_users = [
        User(
            username=username,
            first_name=(role or group or "").split()[0].capitalize(),
            last_name=org.name if org else username.removeprefix(USER_PREFIX),
            email=f"{username}@volum.imdi.no",
            password=hashed,
            is_staff=group is not None,
        )
        for username, org, role, group in wanted
        if username not in existing
    ]
    User.objects.bulk_create(new_users, batch_size=1000)
    by_name = {u.username: u for u in User.objects.filter(username__startswith=USER_PREFIX)}
    memberships, group_links = [], []
    groups = {g.name: g for g in Group.objects.filter(name__in=[OFFICER, BUDGET_HOLDER, FINANCE])}
    new_names = {u.username for u in new_users}
    for username, org, role, group in wanted:
        if username not in new_names:
            continue
        user = by_name[username]
        if org is not None:
            memberships.append(Membership(user=user, organisation=org, role=role))
        if group is not None:
            group_links.append(User.groups.through(user_id=user.pk, group_id=groups[group].pk))
    Membership.objects.bulk_create(memberships, batch_size=1000)
    User.groups.through.objects.bulk_create(group_links)
    people = {"caseworker": {}, "approver": {}, "officers": [], "budget_holders": [], "finance": []}
    for username, org, role, group in wanted:
        user = by_name[username]
        if org is not None:
            people[role][org.pk] = user
        else:
            key = {OFFICER: "officers", BUDGET_HOLDER: "budget_holders", FINANCE: "finance"}[group]
            people[key].append(user)
    return people


def case_numbers_take(*, year: int, count: int) -> list[str]:
    """`count` consecutive case numbers from the year's sequence (as case_number_next)."""
    sequence, _ = CaseNumberSequence.objects.select_for_update().get_or_create(year=year)
    first = sequence.last_number + 1
    sequence.last_number += count
    sequence.save(update_fields=["last_number"])
    return [f"{year % 100:02d}/{n:05d}" for n in range(first, first + count)]


def letter_sha256(*, grant, version: int, sent_at) -> str:
    return hashlib.sha256(f"{grant.case_number}|{grant.amount}|{version}|{sent_at.isoformat()}".encode()).hexdigest()


@transaction.atomic
def volume_generate(
    *,
    years: int,
    seed: int = 1,
    per_year: int = DEFAULT_PER_YEAR,
    organisations: int = DEFAULT_ORGANISATIONS,
    password: str,
    today=None,
    stdout=None,
) -> dict:
    """Generate `years` call years ending with the newest finished-deadline year. Returns counts."""
    from demo.volume_cases import VolumeYear

    today = today or today_oslo()
    # The newest call whose application deadline (14 February) is behind us by a few months.
    last_year = today.year if today >= dt.date(today.year, 6, 1) else today.year - 1
    call_years = list(range(last_year - years + 1, last_year + 1))
    rng = random.Random(seed)
    calls = volume_calls_ensure(years=call_years)
    orgs = volume_organisations_prepare(count=organisations)
    people = volume_users_ensure(orgs=orgs, password=password)
    totals = {}
    for year in call_years:
        counts = VolumeYear(
            call=calls[year],
            orgs=orgs,
            people=people,
            rng=rng,
            per_year=per_year,
            today=today,
            in_progress=(year == last_year),
        ).run()
        for key, value in counts.items():
            totals[key] = totals.get(key, 0) + value
        if stdout is not None:
            stdout.write(f"{year}: " + ", ".join(f"{k} {v}" for k, v in counts.items()))
    return totals
