"""One generated call year (see demo.volume for what it holds and why it is shaped so)."""

import datetime as dt
import hashlib
from decimal import Decimal

from django.contrib.contenttypes.models import ContentType

from applications.models import (
    Acceptance,
    Application,
    Assessment,
    Decision,
    Grant,
    GrantLetter,
)
from core.calendar import next_bank_day
from core.models import CaseEvent
from core.money import split_exact
from demo.volume import case_numbers_take, letter_sha256, oslo_datetime, timestamps_as_given
from demo.volume_write import VolumeWriter, _money
from payments.models import Payment, PayoutBatch
from payments.services.plan import payment_term_date
from reporting.deadlines import deadline_dates_for_grant
from reporting.models import Report, ReportObligation

ZERO = Decimal("0.00")
BATCH = 2000

TITLES = (
    "Norsk på jobben",
    "Jobbspor for kvinner",
    "Kvalifisering i distriktet",
    "Fagbrev på arbeidsplassen",
    "Helse og kvalifisering",
    "Mangfold som arbeidsgiver",
    "Digitale læringsløp",
    "Sosialt entreprenørskap og arbeid",
    "Veien til utdanning",
    "Foreldre i arbeid",
)
TARGETS = ("Nyankomne innvandrere i introduksjonsprogrammet.", "Kvinner med kort botid.", "Unge voksne under 25 år.")


class VolumeYear(VolumeWriter):
    """Builds the year in memory, walking each row's state machine (the model's transitions, as
    core.transitions.transition_apply does, without the permission check and the I/O), then
    writes it with bulk inserts in dependency order."""

    def __init__(self, *, call, orgs, people, rng, per_year, today, in_progress):
        self.call, self.orgs, self.people, self.rng = call, orgs, people, rng
        self.per_year, self.today, self.in_progress = per_year, today, in_progress
        self.now = oslo_datetime(today, 8)
        self.areas = [a for a in call.areas.order_by("number") if a.accepts_applications]
        self.terms = list(call.payout_terms.order_by("number"))
        self.deadlines = list(call.report_deadlines.select_related("call").order_by("due_date", "kind"))
        self.events = []
        self.types = {
            model: ContentType.objects.get_for_model(model, for_concrete_model=False)
            for model in (Application, Grant, ReportObligation, PayoutBatch)
        }

    # --- helpers -------------------------------------------------------------------------
    def at(self, day: dt.date, hour=None) -> dt.datetime:
        """A time on `day` (in office hours), never after now."""
        when = oslo_datetime(day, hour if hour is not None else self.rng.randint(8, 15), self.rng.randint(0, 59))
        return min(when, self.now)

    def event(self, when, subject, action, actor=None, from_state="", to_state="", message="", data=None):
        self.events.append((when, subject, action, actor, from_state, to_state, message, data or {}))

    def step(self, obj, transition, *, when, actor, event, subject=None, data=None, **kwargs):
        """Take one transition of `obj`'s state machine and log it as transition_apply does."""
        before = obj.status
        getattr(obj, transition)(**kwargs)
        if isinstance(obj, Payment):  # a payment's events are its grant's, naming the payment
            data = lambda p=obj, extra=data: {"payment": p.reference, **(extra or {})}  # noqa: E731
        self.event(when, subject or obj, event, actor, before, obj.status, data=data)

    def past(self, day: dt.date) -> bool:
        return day <= self.today

    def officer(self):
        officers = self.people["officers"]
        return officers[self.rng.randrange(len(officers))]

    # --- the year ------------------------------------------------------------------------
    def run(self) -> dict:
        applications = self.applications_build()
        self.assessments_and_decisions_build(applications)
        grants = self.grants_build(applications)
        payments = self.payments_build(grants)
        batches = self.batches_build(payments)
        obligations = self.obligations_build(grants)
        self.grants_close(grants)
        with timestamps_as_given(Application, Assessment, Decision, Grant, Payment, PayoutBatch, CaseEvent, Report):
            self.write(applications, grants, payments, batches, obligations)
        return {
            "applications": len(applications),
            "grants": len(grants),
            "payments": len(payments),
            "reports": len(obligations),
            "events": len(self.events),
        }

    def _target_pick(self) -> str:
        r = self.rng.random()
        S = Application.Status
        if self.in_progress:
            for limit, status in (
                (0.06, S.DRAFT),
                (0.10, S.AWAITING_APPROVAL),
                (0.13, S.WITHDRAWN),
                (0.25, S.SUBMITTED),
            ):
                if r < limit:
                    return status
            return S.IN_ASSESSMENT
        for limit, status in ((0.03, S.DRAFT), (0.07, S.WITHDRAWN)):
            if r < limit:
                return status
        return S.IN_ASSESSMENT

    def applications_build(self) -> list[Application]:
        call, rng = self.call, self.rng
        deadline = call.application_deadline
        opens = max(call.published_on or deadline - dt.timedelta(days=90), dt.date(call.year, 1, 2))
        rows = []
        for n in range(self.per_year):
            org, areas = None, []
            while not areas:  # a county has no area to apply in some years (2023)
                org = self.orgs[rng.randrange(len(self.orgs))]
                areas = [a for a in self.areas if a.is_open_to(org)]
            area = areas[rng.randrange(len(areas))]
            created = opens + dt.timedelta(days=rng.randint(0, max((deadline - opens).days - 6, 0)))
            applied = _money(rng.randint(150_000, 1_400_000))
            if area.per_applicant_cap is not None:
                applied = min(applied, area.per_applicant_cap)
            caseworker = self.people["caseworker"][org.pk]
            app = Application(
                call=call,
                area=area,
                organisation=org,
                created_by=caseworker,
                created_at=self.at(created),
                title=f"{TITLES[n % len(TITLES)]} {org.name.split()[0]} {call.year}",
                summary=f"Prosjekt {n + 1} i {org.name}: arbeidsrettet kvalifisering med tett oppfølging.",
                goals="Minst 60 prosent av deltakerne i arbeid eller utdanning ett år etter avsluttet program.",
                target_group=TARGETS[n % len(TARGETS)],
                activities="Språkpraksis, veiledning av arbeidsplassveiledere og digitale læringsløp.",
                criterion_purpose="Svarer på satsingsområdets mål om overgang til arbeid.",
                criterion_delivery="Tjenesten har gjennomført lignende prosjekter.",
                criterion_transfer="Modellen dokumenteres i en veileder for andre kommuner.",
                project_start=dt.date(call.year, 3, 1),
                project_end=dt.date(call.year, 12, 31),
                participants=rng.randint(max(call.min_participants or 10, 10), 60),
                contact_name=caseworker.get_full_name(),
                contact_email=caseworker.email,
                contact_phone="55 56 00 00",
            )
            if area.supervisor_required:
                app.supervisor_name, app.supervisor_institution = "Kari Veileder", "Universitetet i Bergen"
                app.supervisor_is_academic = True
            app._target, app._applied, app._created = self._target_pick(), applied, created
            self._walk_to_submission(app, created, deadline)
            rows.append(app)
        submitted = [a for a in rows if a.submitted_at is not None]
        for app, number in zip(submitted, case_numbers_take(year=call.year, count=len(submitted)), strict=True):
            app.case_number = number
        return rows

    def _walk_to_submission(self, app, created, deadline):
        """Drafting, approval and submission (or withdrawal before it), with their events."""
        S, target = Application.Status, app._target
        self.event(app.created_at, app, "created", app.created_by, to_state=app.status)
        if target == S.DRAFT:
            return
        caseworker, approver = app.created_by, self.people["approver"][app.organisation_id]
        sent = min(created + dt.timedelta(days=self.rng.randint(1, 4)), deadline)
        app.sent_for_approval_at = self.at(sent)
        self.step(app, "send_for_approval", when=app.sent_for_approval_at, actor=caseworker, event="sent_for_approval")
        if target == S.AWAITING_APPROVAL:
            return
        if target == S.WITHDRAWN:
            self.step(app, "withdraw", when=app.sent_for_approval_at, actor=caseworker, event="withdrawn")
            return
        submitted = min(sent + dt.timedelta(days=self.rng.randint(0, 3)), deadline)
        app.submitted_at, app.submitted_by = self.at(submitted), approver
        # The case number is filled in once the year's numbers are taken (see events_rows).
        self.step(
            app,
            "submit",
            when=app.submitted_at,
            actor=approver,
            event="submitted",
            data=lambda a=app: {"case_number": a.case_number},
        )

    def assessments_and_decisions_build(self, applications):
        rng, S = self.rng, Application.Status
        officers, holders = self.people["officers"], self.people["budget_holders"]
        deadline = self.call.application_deadline
        self.assessments, self.decisions = [], []
        for app in applications:
            if app.status != S.SUBMITTED or app._target == S.SUBMITTED:
                continue
            first, second = rng.sample(range(len(officers)), 2)
            started = deadline + dt.timedelta(days=rng.randint(7, 30))
            self.step(app, "start_assessment", when=self.at(started), actor=officers[first], event="assessment_started")
            quality = rng.randint(2, 6)
            app._score = 0
            for index, officer in enumerate((officers[first], officers[second])):
                scores = [max(1, min(6, quality + rng.randint(-1, 1))) for _ in range(3)]
                app._score += sum(scores)
                when = self.at(started + dt.timedelta(days=index * 3))
                assessment = Assessment(
                    application=app,
                    officer=officer,
                    score_purpose=scores[0],
                    score_delivery=scores[1],
                    score_transfer=scores[2],
                    comment="Vurdert etter rundskrivets kriterier.",
                    recommended_amount=_money(app._applied * Decimal(rng.choice(("0.7", "0.8", "0.9", "1.0")))),
                    created_at=when,
                    updated_at=when,
                )
                self.assessments.append(assessment)
                self.event(when, app, "assessment_scored", officer, data={"officer": officer.pk})
            app._recommended = self.assessments[-1].recommended_amount
            app._proposer = officers[first]
            app._decided_on = started + dt.timedelta(days=rng.randint(20, 40))

        # The ranking: best scores first; awards while every frame decision_approve checks has room.
        used_call, used_area, used_applicant = ZERO, {}, {}
        frame = self.call.frame * Decimal("0.95")
        ranked = sorted((a for a in applications if hasattr(a, "_score")), key=lambda a: (-a._score, a._created))
        for app in ranked:
            area, amount = app.area, app._recommended
            outcome = Decision.Outcome.REJECT
            if rng.random() < 0.04:
                outcome = Decision.Outcome.DISMISS
            elif app._score >= 24 and used_call + amount <= frame:
                in_area = used_area.get(area.pk, ZERO)
                by_applicant = used_applicant.get((area.pk, app.organisation_id), ZERO)
                if (area.frame is None or in_area + amount <= area.frame) and (
                    area.per_applicant_cap is None or by_applicant + amount <= area.per_applicant_cap
                ):
                    outcome = Decision.Outcome.AWARD
                    used_call += amount
                    used_area[area.pk] = in_area + amount
                    used_applicant[(area.pk, app.organisation_id)] = by_applicant + amount
            proposed_at = self.at(app._decided_on - dt.timedelta(days=5))
            if not self.past(proposed_at.date()):
                continue
            decision = Decision(
                application=app,
                outcome=outcome,
                amount=amount if outcome == Decision.Outcome.AWARD else ZERO,
                reason="Prioritert etter rundskrivets kriterier og rammen."
                if outcome == Decision.Outcome.AWARD
                else "Søknaden er ikke prioritert innenfor rammen.",
                proposed_by=app._proposer,
                proposed_at=proposed_at,
            )
            app._decision = decision
            self.decisions.append(decision)
            self.event(proposed_at, app, "decision_proposed", app._proposer, data={"outcome": outcome})
            # In the year in progress a tenth of the proposals still wait for a budget holder.
            if (self.in_progress and rng.random() < 0.1) or not self.past(app._decided_on):
                continue
            decision.approve()
            decision.approved_by = holders[rng.randrange(len(holders))]
            decision.approved_at = self.at(app._decided_on)
            self.step(
                app,
                {"award": "award", "reject": "reject", "dismiss": "dismiss"}[outcome],
                when=decision.approved_at,
                actor=decision.approved_by,
                event="decision_approved",
                data={"amount": str(decision.amount), "version": 1, "proposed_by": app._proposer.pk},
            )

    def grants_build(self, applications) -> list[Grant]:
        rng = self.rng
        holders = self.people["budget_holders"]
        grants = []
        for app in applications:
            decision = getattr(app, "_decision", None)
            if decision is None or not decision.is_approved or decision.outcome != Decision.Outcome.AWARD:
                continue
            grant = Grant(
                call=self.call,
                organisation=app.organisation,
                application=app,
                decision=decision,
                case_number=app.case_number,
                year=self.call.year,
                amount=decision.amount,
                allowance=ZERO,
                created_at=decision.approved_at,
            )
            grant._app, grant._payments, grant._obligations = app, [], []
            grants.append(grant)
            self.event(decision.approved_at, grant, "grant_decided", decision.approved_by, to_state=grant.status)
            letter_day = app._decided_on + dt.timedelta(days=rng.randint(5, 15))
            if not self.past(letter_day) or (self.in_progress and rng.random() < 0.05):
                continue
            grant.acceptance_deadline = letter_day + dt.timedelta(days=self.call.acceptance_period_days)
            signer = holders[rng.randrange(len(holders))]
            sent_at = self.at(letter_day)
            self.step(grant, "mark_letter_sent", when=sent_at, actor=signer, event="grant_letter_sent")
            grant._letter = GrantLetter(
                grant=grant,
                version=1,
                pdf=f"private/letters/{grant.case_number.replace('/', '-')}-v1.pdf",
                sha256=letter_sha256(grant=grant, version=1, sent_at=sent_at),
                signed_by=signer,
                sent_at=sent_at,
                acceptance_deadline=grant.acceptance_deadline,
            )
            answer_day = letter_day + dt.timedelta(days=rng.randint(2, self.call.acceptance_period_days))
            if not self.past(answer_day) or (self.in_progress and rng.random() < 0.15):
                continue
            org = grant.organisation
            approver = self.people["approver"][org.pk]
            grant._answered_at = self.at(answer_day)
            self.step(grant, "accept", when=grant._answered_at, actor=approver, event="grant_accepted")
            grant._acceptance = Acceptance(
                grant=grant,
                letter=grant._letter,
                accepted=True,
                organisation_name=org.name,
                address=f"{org.address}, {org.postal_code} {org.postal_place}",
                phone=org.phone,
                email=org.email,
                org_number=org.org_number,
                bank_account=org.bank_account,
                contact_persons=app.contact_name,
                decided_by=approver,
                decided_at=grant._answered_at,
            )
        return grants

    def payments_build(self, grants) -> list[Payment]:
        """The plan as payment_plan_create_for_grant makes it on the day of acceptance, and the
        daily sweep's step to due once the date has come (no report is overdue then: every
        report is submitted by its due date here)."""
        payments = []
        for grant in grants:
            if not hasattr(grant, "_answered_at"):
                continue
            plan_day = grant._answered_at.date()
            for term, part in zip(self.terms, split_exact(grant.amount, len(self.terms)), strict=True):
                if part <= 0:
                    continue
                payment = Payment(
                    grant=grant,
                    term_number=term.number,
                    term_label=term.label,
                    planned_date=payment_term_date(term=term, year=grant.year, plan_day=plan_day),
                    amount=part,
                    created_at=grant._answered_at,
                )
                grant._payments.append(payment)
            payments.extend(grant._payments)
            self.event(
                grant._answered_at,
                grant,
                "payment_plan_created",
                self.people["approver"][grant.organisation_id],
                data=lambda g=grant: {
                    "payments": [
                        {"reference": p.reference, "date": p.planned_date.isoformat(), "amount": str(p.amount)}
                        for p in g._payments
                    ]
                },
            )
            for payment in grant._payments:
                if self.past(payment.planned_date):
                    when = self.at(max(payment.planned_date, plan_day), 3)
                    self.step(payment, "make_due", when=when, actor=None, event="payment_sweep", subject=grant)
        return payments

    def batches_build(self, payments) -> list[PayoutBatch]:
        """One payout batch per planned date, made the bank day after and paid two bank days later
        (payout_batch_create, the payment file, payout_batch_mark_paid)."""
        finance, batches, by_day = self.people["finance"], [], {}
        for payment in payments:
            if payment.status == Payment.Status.DUE:
                by_day.setdefault(payment.planned_date, []).append(payment)
        for day, group in sorted(by_day.items()):
            made = next_bank_day(day + dt.timedelta(days=1))
            paid_on = next_bank_day(made + dt.timedelta(days=2))
            if not self.past(paid_on):
                continue
            actor = finance[len(batches) % len(finance)]
            bank_reference = f"BANK-{self.call.pk}-{day:%Y%m%d}"
            batch = PayoutBatch(
                reference=f"tmp-{self.call.pk}-{day:%Y%m%d}",
                execution_date=paid_on,
                selection={"due_until": day.isoformat(), "call": None, "scheme": None},
                created_by=actor,
                created_at=self.at(made, 9),
            )
            batch._lines = group
            batches.append(batch)
            self.event(batch.created_at, batch, "batch_created", actor, to_state=batch.status)
            for payment in group:
                self.step(
                    payment,
                    "add_to_batch",
                    when=batch.created_at,
                    actor=actor,
                    event="payment_in_batch",
                    subject=payment.grant,
                )
            # Four eyes: the next finance user approves what the first built, an hour later.
            approver = next(user for user in finance if user != actor)
            approved_at = self.at(made, 10)
            self.step(
                batch,
                "approve",
                when=approved_at,
                actor=approver,
                event="batch_approved",
                user=approver,
                at=approved_at,
            )
            batch.payment_file = f"private/payment_files/volum-{self.call.pk}-{day:%Y%m%d}.xml"
            batch.payment_file_sha256 = hashlib.sha256(bank_reference.encode()).hexdigest()
            batch.payment_file_created_at = batch.exported_at = self.at(made, 11)
            batch.payment_file_created_by, batch.export_count = actor, 1
            self.event(batch.payment_file_created_at, batch, "batch_payment_file_created", actor)
            paid_at = self.at(paid_on, 12)
            for payment in group:
                self.step(
                    payment,
                    "mark_paid",
                    when=paid_at,
                    actor=actor,
                    event="payment_paid",
                    subject=payment.grant,
                    paid_on=paid_on,
                    bank_reference=bank_reference,
                )
            self.step(
                batch,
                "mark_paid",
                when=paid_at,
                actor=actor,
                event="batch_paid",
                paid_on=paid_on,
                bank_reference=bank_reference,
                user=actor,
            )
        return batches

    def obligations_build(self, grants) -> list[ReportObligation]:
        """The obligations as report_obligations_create_for_grant makes them, each with its
        report; reports are submitted by their due date and approved by an officer later."""
        obligations = []
        for grant in grants:
            if not hasattr(grant, "_answered_at"):
                continue
            org_id = grant.organisation_id
            caseworker, approver = self.people["caseworker"][org_id], self.people["approver"][org_id]
            for deadline in self.deadlines:
                period_start, period_end, due_date = deadline_dates_for_grant(deadline, grant)
                obligation = ReportObligation(
                    grant=grant,
                    deadline=deadline,
                    kind=deadline.kind,
                    period_start=period_start,
                    period_end=period_end,
                    due_date=due_date,
                    created_at=grant._answered_at,
                )
                obligation._report = Report(obligation=obligation, updated_at=grant._answered_at)
                grant._obligations.append(obligation)
            obligations.extend(grant._obligations)
            self.event(
                grant._answered_at,
                grant,
                "report_obligations_created",
                approver,
                data=lambda g=grant: {"obligations": [o.pk for o in g._obligations]},
            )
            for obligation in grant._obligations:
                self._report_walk(obligation, caseworker, approver)
        return obligations

    def _report_walk(self, obligation, caseworker, approver):
        report = obligation._report
        submitted_day = obligation.due_date - dt.timedelta(days=self.rng.randint(0, 10))
        if not self.past(submitted_day):
            return
        report.progress = report.activities_done = "Gjennomført som planlagt."
        report.deviations = "Ingen vesentlige avvik."
        report.participants = obligation.grant._app.participants
        report.goal_contribution = report.use_of_grant = report.results = "Se beskrivelsen i søknaden."
        report.transfer_value = report.lessons = "Modellen er delt med nabokommunene."
        report.submitted_by, report.submitted_at = approver, self.at(submitted_day)
        report.updated_by, report.updated_at = caseworker, report.submitted_at
        if obligation.has_accounts:
            report.own_contribution = _money(obligation.grant.amount / 4)
            report.accounts_lead_approved_by, report.accounts_lead_approved_at = caseworker, report.submitted_at
            report.accounts_superior_approved_by = approver
            report.accounts_superior_approved_at = report.submitted_at
        self.step(obligation, "submit", when=report.submitted_at, actor=approver, event="report_submitted")
        reviewed_day = submitted_day + dt.timedelta(days=self.rng.randint(10, 40))
        if self.past(reviewed_day):
            report.reviewed_by, report.reviewed_at = self.officer(), self.at(reviewed_day)
            self.step(obligation, "approve", when=report.reviewed_at, actor=report.reviewed_by, event="report_approved")

    def grants_close(self, grants):
        """A grant whose reports are all approved and payments all paid is closed by an officer."""
        for grant in grants:
            if not grant._obligations or not all(o.is_approved for o in grant._obligations):
                continue
            if not all(p.is_paid for p in grant._payments):
                continue
            last = max(o._report.reviewed_at for o in grant._obligations) + dt.timedelta(days=1)
            self.step(grant, "close", when=min(last, self.now), actor=self.officer(), event="grant_closed")
