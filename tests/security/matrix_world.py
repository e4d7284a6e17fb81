"""The fixed world the role × page matrix runs against: the ten roles and one object of each
kind a URL can name, every one reached through the services (a submitted application was sent
for approval and submitted by its approver; an accepted grant was decided, its letter signed and
sent, and accepted), on the 2024 calendar of the development call (deadline 14.02.2024).

Organisation A is Bergen kommune (in Vestland), B is Trondheim kommune, the county is Vestland
fylkeskommune: the county caseworker must not see Bergen's cases just because Bergen lies in
the county."""

import datetime as dt
from dataclasses import dataclass, field

import time_machine
from django.contrib.auth.models import Group

from organisations.models import Membership
from organisations.roles import BUDGET_HOLDER, FINANCE, OFFICER

ORG_A, ORG_B, COUNTY = "4601", "5001", "46"


@dataclass(frozen=True)
class Role:
    """Who is asking. `org` is the key of the organisation they are a member of ("A", "B",
    "county") and `membership` their role there; `groups` their IMDi groups."""

    name: str
    org: str | None = None
    membership: str | None = None
    groups: frozenset = frozenset()
    superuser: bool = False

    @property
    def anonymous(self) -> bool:
        return self.name == "anonymous"

    @property
    def municipal(self) -> bool:
        return self.org is not None

    @property
    def staff(self) -> bool:
        return self.superuser or bool(self.groups)

    def member_of(self, *orgs) -> bool:
        return self.org is not None and self.org in orgs

    def approver_of(self, *orgs) -> bool:
        return self.member_of(*orgs) and self.membership == Membership.Role.APPROVER

    def in_group(self, *groups) -> bool:
        return self.superuser or bool(self.groups & set(groups))


CW, AP = Membership.Role.CASEWORKER, Membership.Role.APPROVER
ROLES = [
    Role("anonymous"),
    Role("caseworker_a", org="A", membership=CW),
    Role("approver_a", org="A", membership=AP),
    Role("caseworker_b", org="B", membership=CW),
    Role("approver_b", org="B", membership=AP),
    Role("county_caseworker", org="county", membership=CW),
    Role("officer", groups=frozenset({OFFICER})),
    Role("budget_holder", groups=frozenset({BUDGET_HOLDER})),
    Role("finance", groups=frozenset({FINANCE})),
    Role("superuser", superuser=True),
]
ROLE_BY_NAME = {role.name: role for role in ROLES}


@dataclass
class World:
    users: dict = field(default_factory=dict)
    orgs: dict = field(default_factory=dict)
    objects: dict = field(default_factory=dict)

    def __getitem__(self, key):
        try:
            return self.objects[key]
        except KeyError:
            raise KeyError(f"the matrix world has no object {key!r}; add it in build_world()") from None


def _at(day: str):
    return time_machine.travel(dt.datetime.fromisoformat(f"{day}T10:00:00+01:00"), tick=False)


def _acceptance_details(org):
    return {
        "organisation_name": org.name,
        "address": "Rådhusgata 10, 5014 Bergen",
        "phone": "55 56 60 00",
        "email": "post@bergen.kommune.no",
        "org_number": org.org_number,
        "bank_account": org.bank_account,
        "contact_persons": "Kari Kontakt, kari@example.no, 55 00 00 01",
        "competence": "Vi har drevet språkpraksis i ti år.",
        "earlier_grants": "12.05.2022 – saksnr. 22/01234",
    }


def _users(world):
    from tests.factories import UserFactory, county_municipality, imdi_user, member, municipality, with_details

    world.orgs = {
        "A": with_details(municipality(ORG_A), seed=4601),
        "B": with_details(municipality(ORG_B), seed=5001),
        "county": with_details(county_municipality(COUNTY), seed=46),
    }
    for role in ROLES:
        name = f"matrise-{role.name}"
        if role.anonymous:
            world.users[role.name] = None
        elif role.municipal:
            world.users[role.name] = member(world.orgs[role.org], role.membership, username=name)
        elif role.superuser:
            world.users[role.name] = UserFactory(username=name, is_staff=True, is_superuser=True)
        else:
            (group,) = role.groups
            title = {"title": "Avdelingsdirektør"} if group == BUDGET_HOLDER else {}
            world.users[role.name] = imdi_user(group, username=name, first_name="Matrise", **title)


def _applications(world):
    from applications.services import application as app_services
    from organisations.models import Membership
    from tests.applications import files
    from tests.applications.helpers import complete_application
    from tests.factories import member

    users = world.users

    def draft(org_key, creator, **kw):
        return complete_application(world.orgs[org_key], created_by=users[creator], **kw)

    def submit(application, approver):
        app_services.application_send_for_approval(application=application, user=application.created_by)
        return app_services.application_submit(application=application, user=users[approver])

    def attach(application, name):
        return app_services.attachment_add(
            application=application,
            user=application.created_by,
            uploaded_file=files.upload(name, files.PDF_BYTES),
        )

    with _at("2024-02-01"):
        world.objects["application_draft_a"] = a_draft = draft("A", "caseworker_a", title="Utkast A")
        world.objects["attachment_draft_a"] = attach(a_draft, "utkast.pdf")
        a_sub = draft("A", "caseworker_a", title="Innsendt A")
        world.objects["attachment_submitted_a"] = attach(a_sub, "plan.pdf")
        world.objects["application_submitted_a"] = submit(a_sub, "approver_a")
        world.objects["application_unsent_grant_a"] = submit(
            draft("A", "caseworker_a", title="Vedtatt A"), "approver_a"
        )
        world.objects["application_dismissed_a"] = submit(draft("A", "caseworker_a", title="Avvist A"), "approver_a")
        world.objects["application_b"] = submit(draft("B", "caseworker_b", title="Søknad B"), "approver_b")
        world.objects["application_multi_year_b"] = submit(
            draft("B", "caseworker_b", title="Flerårig B", budget=["200000.00", "150000.00"]), "approver_b"
        )
        # Only an approver submits; the county's approver is not one of the matrix roles.
        users["_county_approver"] = member(
            world.orgs["county"], Membership.Role.APPROVER, username="matrise-fylke-godkjenner"
        )
        world.objects["application_county"] = submit(
            draft("county", "county_caseworker", area_number=1, title="Fylket"), "_county_approver"
        )


def _decisions(world):
    from applications.models import Assessment, Grant
    from applications.services import appeal as appeal_services
    from applications.services import assessment as assessment_services
    from applications.services.decision_bulk import conflict_declare
    from tests.applications import files
    from tests.factories import documents_rendered

    officer, holder = world.users["officer"], world.users["budget_holder"]

    def propose(key, **kw):
        return assessment_services.decision_propose(application=world[key], actor=officer, **kw)

    with _at("2024-02-20"):
        assessment_services.assessment_save(
            application=world["application_b"],
            officer=officer,
            score_purpose=4,
            score_delivery=4,
            score_transfer=3,
            comment="Intern vurdering",
            recommended_amount=None,
        )
        world.objects["assessment"] = Assessment.objects.get(application=world["application_b"])
        for key in ("application_submitted_a", "application_unsent_grant_a"):
            assessment_services.decision_approve(
                decision=propose(key, outcome="award", amount="300000.00"), actor=holder
            )
        dismissed = propose("application_dismissed_a", outcome="dismiss", reason="Søknaden mangler vedlegg.")
        world.objects["decision_dismissed_a"] = assessment_services.decision_approve(decision=dismissed, actor=holder)
        world.objects["decision_proposed_b"] = propose("application_b", outcome="award", amount="200000.00")
        # A two-year award: its second year is bound in 2025 (applications.projectyear).
        assessment_services.decision_approve(
            decision=propose("application_multi_year_b", outcome="award", amount="200000.00"), actor=holder
        )
        documents_rendered()
        world.objects["project_year_b"] = world["application_multi_year_b"].project_years.get()
        world.objects["grant_accepted_a"] = Grant.objects.get(application=world["application_submitted_a"])
        world.objects["grant_unsent_a"] = Grant.objects.get(application=world["application_unsent_grant_a"])
    with _at("2024-02-22"):
        # The approver appeals the dismissal in the portal, with an attachment.
        world.objects["appeal"] = appeal_services.dismissal_appeal_submit(
            decision=world["decision_dismissed_a"],
            actor=world.users["approver_a"],
            text="Vedlegget ble sendt samme dag.",
            uploads=[files.upload("klage.pdf", files.PDF_BYTES)],
        )
        world.objects["appeal_attachment"] = world["appeal"].attachments.get()
        # The officer is disqualified in the county's cases (its application is not decided).
        world.objects["conflict"] = conflict_declare(
            user=officer, organisation=world.orgs["county"], reason="Nær familie leder prosjektet."
        )


def _grants(world):
    from applications.models import ReceptionCentreAgreement
    from applications.services.grant import acceptance_sweep_run, grant_accept, grant_letter_send
    from applications.services.letter_job import letter_send_job_start
    from applications.services.reception import reception_agreement_save, reception_grants_compute
    from applications.services.reception_offer import (
        reception_grant_approve,
        reception_grant_propose,
        reception_offer_send,
    )
    from tests.factories import development_call, documents_rendered, reception_call
    from tests.factories_recep import offer_answered

    officer, holder = world.users["officer"], world.users["budget_holder"]
    grant = world["grant_accepted_a"]
    with _at("2024-03-04"):
        world.objects["letter_accepted_a"] = grant_letter_send(grant=grant, actor=holder)
    with _at("2024-03-05"):
        world.objects["acceptance_a"] = grant_accept(
            grant=grant, actor=world.users["approver_a"], details=_acceptance_details(world.orgs["A"])
        )
        documents_rendered()
        grant.refresh_from_db()
        world.objects["agreement_a"] = reception_agreement_save(
            agreement=ReceptionCentreAgreement(
                organisation=world.orgs["A"],
                centre_name="Integreringsmottak Vest",
                places=10,
                valid_from=dt.date(2024, 1, 1),
                partnership_agreement_date=dt.date(2023, 11, 1),
            ),
            actor=officer,
        )
        summary = reception_grants_compute(call=reception_call(), actor=officer)
        documents_rendered()  # the offer letters, made by the documents worker
        reception_grant = (summary["created"] + summary["updated"])[0]
        offer = reception_grant.reception_offer
        offer = reception_offer_send(offer=offer, actor=officer)
        offer = offer_answered(offer, actor=world.users["approver_a"])
        offer = reception_grant_propose(offer=offer, actor=officer)
        world.objects["reception_offer_a"] = reception_grant_approve(offer=offer, actor=holder)
        grant_letter_send(grant=reception_grant, actor=holder)
        reception_grant.refresh_from_db()
        world.objects["grant_letter_sent_a"] = reception_grant
        world.objects["letter_send_job"] = letter_send_job_start(call=development_call(), actor=holder)
    with _at("2024-03-15"):
        acceptance_sweep_run()
    from applications.models import AcceptanceReminder
    from core.models import SweepRun

    world.objects["acceptance_reminder"] = AcceptanceReminder.objects.filter(grant=reception_grant).first()
    world.objects["sweep_run"] = SweepRun.objects.order_by("-pk").first()
    from payments.jobs import year_export_enqueue

    world.objects["job"] = year_export_enqueue(actor=world.users["finance"], year=2024, file_format="csv")


def _payments_and_reports(world):
    from payments.models import Payment, Reaction
    from payments.services import payments_due_update, payout_batch_create, reaction_record
    from reporting.models import ReportObligation
    from reporting.services import report_attachment_add, report_ensure, report_reminders_sweep_run
    from tests.applications import files

    grant = world["grant_accepted_a"]
    finance, officer = world.users["finance"], world.users["officer"]
    with _at("2024-05-15"):
        payments_due_update(today=dt.date(2024, 5, 15))
        batch = payout_batch_create(actor=finance, due_until=dt.date(2024, 5, 31), execution_date=dt.date(2024, 5, 17))
        world.objects["batch"] = batch
        world.objects["batch_line"] = batch.lines.first()
        autumn = grant.payments.exclude(status=Payment.Status.IN_BATCH).order_by("term_number").first()
        world.objects["payment"] = autumn
        world.objects["reaction"] = reaction_record(
            grant=grant,
            actor=officer,
            kind=Reaction.Kind.WITHHOLDING,
            amount=autumn.amount,
            reason="Statusrapporten mangler.",
            payment=autumn,
        )
        _reaction_due_process(world, grant)
        obligation = grant.report_obligations.get(kind=ReportObligation.Kind.ACCOUNTS)
        report = report_ensure(obligation=obligation)
        world.objects["obligation_a"] = obligation
        world.objects["report_attachment_a"] = report_attachment_add(
            report=report, actor=world.users["caseworker_a"], upload=files.upload("bilag.pdf", files.PDF_BYTES)
        )
    status = grant.report_obligations.get(kind=ReportObligation.Kind.STATUS)
    report_reminders_sweep_run(today=status.due_date)
    from reporting.models import ReportReminder

    world.objects["report_reminder"] = ReportReminder.objects.order_by("pk").first()


def _reaction_due_process(world, grant):
    """A reaction under advance notice (the municipality has replied with an attachment) and
    one decided after notice and reply (its decision letter stored): stopping later years, so
    the payments above stay as they are."""
    from payments.models import Reaction
    from payments.services import reaction_approve
    from payments.services.reaction_process import reaction_notice_send, reaction_propose, reaction_reply_submit
    from tests.applications import files
    from tests.factories import documents_rendered

    officer, caseworker = world.users["officer"], world.users["caseworker_a"]

    def noticed(reason):
        return reaction_notice_send(grant=grant, actor=officer, kind=Reaction.Kind.STOP_LATER_YEARS, reason=reason)

    notice = noticed("Statusrapporten viser at prosjektet ikke er i gang.")
    world.objects["reaction_notice"] = notice
    world.objects["reaction_reply"] = reaction_reply_submit(
        reaction=notice,
        actor=caseworker,
        text="Prosjektet er i gang.",
        upload=files.upload("svar.pdf", files.PDF_BYTES),
    )
    decided = noticed("Prosjektet er avsluttet.")
    reaction_reply_submit(reaction=decided, actor=caseworker, text="Det stemmer.")
    decided = reaction_propose(reaction=decided, actor=officer, assessment="Kommunen bekrefter forholdet.")
    world.objects["reaction_decided"] = reaction_approve(
        reaction=decided, actor=world.users["budget_holder"], version=decided.version
    )
    documents_rendered()


def _case_events_and_tokens(world):
    from django.contrib.contenttypes.models import ContentType

    from applications.models import Application
    from core.models import CaseEvent
    from reporting.calendar_tokens import calendar_token_get_or_create

    def event_of(key):
        return (
            CaseEvent.objects.filter(
                content_type=ContentType.objects.get_for_model(Application), object_id=world[key].pk
            )
            .order_by("pk")
            .first()
        )

    world.objects["case_event_draft_a"] = event_of("application_draft_a")
    world.objects["case_event_submitted_a"] = event_of("application_submitted_a")
    world.objects["content_type_application"] = ContentType.objects.get_for_model(Application)
    world.objects["calendar_token_a"] = calendar_token_get_or_create(user=world.users["caseworker_a"])


def _reference_and_library_rows(world):
    """Rows of the reference data and of the libraries' own admin pages (throttling records,
    beat schedules): these are not cases, so they are the libraries' own records."""
    from axes.models import AccessAttempt, AccessFailureLog, AccessLog
    from django.utils import timezone
    from django_celery_beat.models import (
        ClockedSchedule,
        CrontabSchedule,
        IntervalSchedule,
        PeriodicTask,
        SolarSchedule,
    )

    from organisations.models import County
    from schemes.models import Appropriation, Rate, Scheme
    from tests.factories import development_call

    objects = world.objects
    objects["group"] = Group.objects.get(name=OFFICER)
    objects["user"] = world.users["caseworker_a"]
    objects["membership"] = Membership.objects.get(user=world.users["caseworker_a"])
    objects["organisation"] = world.orgs["A"]
    objects["county"] = County.objects.get(number=COUNTY)
    objects["call"] = development_call()
    objects["scheme"] = objects["call"].scheme
    objects["priority_area"] = objects["call"].areas.get(number=3)
    objects["appropriation"] = Appropriation.objects.order_by("pk").first()
    objects["rate"] = Rate.objects.order_by("pk").first()
    for key in ("call", "priority_area", "appropriation", "rate"):
        if not objects[key].history.exists():
            objects[key].save()  # a history row to open (reference data is loaded without one)
    now = timezone.now()
    objects["accessattempt"] = AccessAttempt.objects.create(
        username="noen", ip_address="10.0.0.1", user_agent="test", attempt_time=now, failures_since_start=1
    )
    objects["accesslog"] = AccessLog.objects.create(username="noen", ip_address="10.0.0.1", user_agent="test")
    objects["accessfailurelog"] = AccessFailureLog.objects.create(
        username="noen", ip_address="10.0.0.1", user_agent="test", locked_out=False
    )
    objects["intervalschedule"] = IntervalSchedule.objects.create(every=1, period=IntervalSchedule.DAYS)
    objects["crontabschedule"] = CrontabSchedule.objects.create(minute="0", hour="6")
    objects["solarschedule"] = SolarSchedule.objects.create(event="sunrise", latitude=60.39, longitude=5.32)
    objects["clockedschedule"] = ClockedSchedule.objects.create(clocked_time=now)
    objects["periodictask"] = PeriodicTask.objects.create(
        name="matrise", task="core.tasks.noop", interval=objects["intervalschedule"]
    )
    assert Scheme.objects.exists()


def _case_messages(world):
    """A thread on A's submitted application with an attachment, and an IMDi internal note with one."""
    from casework.services import message_post, thread_start
    from tests.applications import files

    thread = thread_start(
        actor=world.users["caseworker_a"],
        case=world["application_submitted_a"],
        subject="Spørsmål",
        body="Hei",
        attachment=files.upload("notat.pdf", files.PDF_BYTES),
    )
    note = message_post(
        actor=world.users["officer"],
        thread=thread,
        body="Internt",
        internal=True,
        attachment=files.upload("internt.pdf", files.PDF_BYTES),
    )
    world.objects["thread_a"] = thread
    world.objects["message_attachment_a"] = thread.messages.get(internal=False).attachments.get()
    world.objects["internal_attachment_a"] = note.attachments.get()


def _requests_and_devices(world):
    """A pending budget change (an officer asks to raise the call's frame), a pending payout
    account change (B's approver, in an acceptance), the notice of A's grant letter, and a second
    factor (TOTP and recovery codes) for an IMDi user who is not one of the roles, so the roles'
    own second-factor pages stay as they are."""
    from django_otp.plugins.otp_static.models import StaticDevice
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from applications.services.grant import grant_letter_notify
    from core.models import Notification
    from organisations.models import BankAccountChange
    from organisations.services_second_factor import recovery_codes_renew, second_factor_enrolment_start
    from payments.services import bank_account_change_request
    from schemes.services import budget_change_request
    from tests.factories import imdi_user, valid_bank_account

    call = world["call"]
    world.objects["budget_change"] = budget_change_request(
        actor=world.users["officer"],
        kind="call_frame",
        call=call,
        new_amount=call.frame + 1000000,
        reason="Revidert nasjonalbudsjett.",
    )
    world.objects["bank_account_change"] = bank_account_change_request(
        organisation=world.orgs["B"],
        new_account=valid_bank_account(902),
        actor=world.users["approver_b"],
        source=BankAccountChange.Source.ACCEPTANCE,
    )
    # The letter's notice goes out after the commit (a task); the world never commits, so it
    # is sent here as the task sends it.
    grant_letter_notify(letter_id=world["letter_accepted_a"].pk)
    world.objects["notification"] = (
        Notification.objects.filter(case_number=world["grant_accepted_a"].case_number).order_by("pk").first()
    )
    holder = world.users["_second_factor_user"] = imdi_user(OFFICER, username="matrise-totp")
    second_factor_enrolment_start(user=holder)
    recovery_codes_renew(user=holder)
    world.objects["totp_device"] = TOTPDevice.objects.get(user=holder)
    world.objects["static_device"] = StaticDevice.objects.get(user=holder)
    # A first user asks to join A (no admin yet: the officers decide), looked up in a local
    # Enhetsregisteret.
    from django.test import override_settings

    from organisations.services_membership import join_request_create
    from tests.factories import UserFactory
    from tests.identity.stub_servers import EnhetsregisteretStub

    with EnhetsregisteretStub() as stub, override_settings(ENHETSREGISTERET_URL=stub.url):
        world.objects["join_request"] = join_request_create(
            user=UserFactory(username="matrise-ny-bruker"), org_number="964338531"
        )


def build_world() -> World:
    world = World()
    _users(world)
    _applications(world)
    _decisions(world)
    _grants(world)
    _payments_and_reports(world)
    _case_events_and_tokens(world)
    _case_messages(world)
    _reference_and_library_rows(world)
    _requests_and_devices(world)
    missing = sorted(key for key, value in world.objects.items() if value is None)
    assert not missing, f"the matrix world could not build: {missing}"
    return world
