"""Writing one generated year (demo.volume_cases) with bulk inserts, in dependency order."""

from decimal import Decimal

from applications.models import (
    Acceptance,
    Application,
    Assessment,
    BudgetLine,
    BudgetYear,
    Decision,
    Grant,
    GrantLetter,
)
from core.models import CaseEvent
from payments.models import Payment, PayoutBatch, PayoutBatchLine
from payments.services.plan import payment_reference
from reporting.models import Report, ReportObligation

BATCH = 2000


def _money(value) -> Decimal:
    return Decimal(int(value) // 10000 * 10000).quantize(Decimal("0.01"))


class VolumeWriter:
    # --- writing -------------------------------------------------------------------------
    def write(self, applications, grants, payments, batches, obligations):
        for app in applications:
            app.updated_at = app.created_at
        Application.objects.bulk_create(applications, batch_size=BATCH)
        budgets = [
            BudgetYear(
                application=app,
                year_index=1,
                year=self.call.year,
                own_contribution=_money(app._applied / 4),
                amount_applied=app._applied,
            )
            for app in applications
        ]
        BudgetYear.objects.bulk_create(budgets, batch_size=BATCH)
        lines = []
        for year in budgets:
            costs = year.amount_applied + year.own_contribution
            salary = _money(costs * Decimal("0.6"))
            lines.append(BudgetLine(budget_year=year, category="salary", description="Prosjektleder", amount=salary))
            lines.append(
                BudgetLine(
                    budget_year=year, category="services", description="Kjøp av opplæring", amount=costs - salary
                )
            )
        BudgetLine.objects.bulk_create(lines, batch_size=BATCH)
        Assessment.objects.bulk_create(self.assessments, batch_size=BATCH)
        Decision.objects.bulk_create(self.decisions, batch_size=BATCH)
        Grant.objects.bulk_create(grants, batch_size=BATCH)
        GrantLetter.objects.bulk_create([g._letter for g in grants if hasattr(g, "_letter")], batch_size=BATCH)
        Acceptance.objects.bulk_create([g._acceptance for g in grants if hasattr(g, "_acceptance")], batch_size=BATCH)
        for payment in payments:
            payment.reference = payment_reference(grant=payment.grant, term_number=payment.term_number)
        Payment.objects.bulk_create(payments, batch_size=BATCH)
        PayoutBatch.objects.bulk_create(batches)
        for batch in batches:
            batch.reference = f"IMDI-B{batch.pk:06d}"
        PayoutBatch.objects.bulk_update(batches, ["reference"])
        PayoutBatchLine.objects.bulk_create(
            [
                PayoutBatchLine(
                    batch=batch,
                    payment=p,
                    amount=p.amount,
                    is_open=False,
                    outcome=PayoutBatchLine.Outcome.PAID,
                    end_to_end_id=p.reference,
                )
                for batch in batches
                for p in batch._lines
            ],
            batch_size=BATCH,
        )
        ReportObligation.objects.bulk_create(obligations, batch_size=BATCH)
        Report.objects.bulk_create([o._report for o in obligations], batch_size=BATCH)
        CaseEvent.objects.bulk_create(self.events_rows(), batch_size=BATCH)

    def events_rows(self) -> list[CaseEvent]:
        rows = []
        for when, subject, action, actor, from_state, to_state, message, data in sorted(
            self.events, key=lambda e: e[0]
        ):
            if isinstance(subject, ReportObligation):
                case_number, model = subject.grant.case_number, ReportObligation
            elif isinstance(subject, Grant):
                case_number, model = subject.case_number, Grant
            elif isinstance(subject, PayoutBatch):
                case_number, model = "", PayoutBatch
            else:
                case_number, model = subject.case_number or "", Application
            if callable(data):  # needs primary keys or numbers known only once written
                data = data()
            rows.append(
                CaseEvent(
                    created_at=min(when, self.now),
                    actor=actor,
                    content_type=self.types[model],
                    object_id=subject.pk,
                    case_number=case_number,
                    action=action,
                    from_state=from_state,
                    to_state=to_state,
                    message=message,
                    data=data,
                )
            )
        return rows
