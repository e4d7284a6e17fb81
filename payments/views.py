"""Finance pages under /utbetalinger/ (finance role), the grant's payment page (officers,
finance and the grant's own organisation) and the officer actions on it. Thin: forms in,
services do the work."""

from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.calendar import today_oslo
from core.forms import form_errors_from
from payments import selectors, services
from payments.closeout import grants_in_closeout
from payments.forms import (
    AccountReviewForm,
    BatchCreateForm,
    DueFilterForm,
    PaymentCancelForm,
    PaymentReleaseForm,
    ReactionEditForm,
    ReactionForm,
    ReactionReviewForm,
    RepaymentReceivedForm,
)

CSV_TYPE = "text/csv; charset=utf-8"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def permission_required(perm):
    """403 for a signed-in user without `perm`; the login page for anyone else."""

    def decorator(view):
        @wraps(view)
        @login_required
        def wrapper(request, *args, **kwargs):
            if not request.user.has_perm(perm):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


finance_required = permission_required("payments.run_payouts")
officer_required = permission_required("payments.decide_reactions")
reaction_reviewer_required = permission_required("payments.review_reactions")
account_reviewer_required = permission_required("payments.review_accounts")


def _form_errors(request, exc: ValidationError):
    for message in exc.messages:
        messages.error(request, message)


def _year(request) -> int:
    try:
        year = int(request.GET.get("year", ""))
    except ValueError:
        year = today_oslo().year
    return year if 2000 <= year <= 2100 else today_oslo().year


def month_chart(months, *, width=720, height=220):
    """Bar geometry for a server-rendered SVG (no inline styles, no script)."""
    top = max([m["planned"] for m in months] + [m["paid"] for m in months] + [1])
    slot = width / 12
    bar = slot * 0.36
    rows = []
    for index, m in enumerate(months):
        x = index * slot + slot * 0.12
        planned_h = float(m["planned"] / top) * (height - 30)
        paid_h = float(m["paid"] / top) * (height - 30)
        rows.append(
            {
                **m,
                "x_planned": round(x, 1),
                "x_paid": round(x + bar, 1),
                "y_planned": round(height - 20 - planned_h, 1),
                "y_paid": round(height - 20 - paid_h, 1),
                "h_planned": round(planned_h, 1),
                "h_paid": round(paid_h, 1),
                "x_label": round(index * slot + slot / 2, 1),
            }
        )
    return {"rows": rows, "width": width, "height": height, "bar": round(bar, 1), "label_y": height - 4}


@finance_required
def overview(request):
    year = _year(request)
    months = selectors.payouts_per_month(year)
    return render(
        request,
        "payments/overview.html",
        {
            "year": year,
            "years": range(today_oslo().year + 1, today_oslo().year - 4, -1),
            "totals": selectors.finance_year_totals(year),
            "chart": month_chart(months),
            "reactions": selectors.reactions_overview(year)[:50],
            "closeouts": grants_in_closeout(year),
        },
    )


@finance_required
def due_list(request):
    form = DueFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    payments = list(selectors.payments_due(**{k: v for k, v in filters.items() if v}))
    by_date = {}
    for payment in payments:
        by_date.setdefault(payment.planned_date, []).append(payment)
    create_form = BatchCreateForm(
        initial={
            "call": filters.get("call"),
            "scheme": filters.get("scheme"),
            "due_until": filters.get("due_until") or today_oslo(),
            "execution_date": today_oslo(),
        }
    )
    return render(
        request,
        "payments/due_list.html",
        {
            "form": form,
            "create_form": create_form,
            "by_date": sorted(by_date.items()),
            "total": sum(p.amount for p in payments),
            "count": len(payments),
            "withheld": list(selectors.payments_withheld()[:200]),
            "pending_accounts": list(selectors.bank_account_changes_pending()[:200]),
        },
    )


# --- one grant's payments -------------------------------------------------------------------


@login_required
def grant_payments(request, grant_pk):
    grant = selectors.grant_for_payment_plan(request.user, grant_pk)
    is_officer = request.user.has_perm("payments.decide_reactions")
    context = {
        "grant": grant,
        "payments": selectors.payment_plan(grant),
        "reactions": selectors.reactions_for_grant(grant, request.user),
        "can_decide": is_officer,
        "can_record_repayment": request.user.has_perm("payments.run_payouts"),
        "can_review": request.user.has_perm("payments.review_reactions"),
        "is_imdi": request.user.has_perm("payments.view_all"),
        "account_change": selectors.bank_account_change_pending_for(grant.organisation_id),
    }
    if is_officer:
        context.update(
            reaction_form=ReactionForm(grant=grant),
            cancel_form=PaymentCancelForm(),
            release_form=PaymentReleaseForm(),
        )
    if context["can_record_repayment"]:
        context["repaid_form"] = RepaymentReceivedForm(initial={"repaid_on": today_oslo()})
    return render(request, "payments/grant_payments.html", context)


@officer_required
def reaction_create(request, grant_pk):
    grant = selectors.grant_for_payment_plan(request.user, grant_pk)
    form = ReactionForm(request.POST or None, grant=grant)
    if request.method == "POST" and form.is_valid():
        try:
            services.reaction_record(grant=grant, actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form_errors_from(form, exc)
        else:
            messages.success(
                request, _("Reaksjonen er foreslått. Den gjelder når en budsjettdisponent har godkjent den.")
            )
            return redirect("payments:grant", grant_pk=grant.pk)
    return render(request, "payments/reaction_form.html", {"grant": grant, "form": form})


@officer_required
def reaction_edit(request, pk):
    """An officer changes a proposed reaction; the budget holder then sees the new version,
    and whoever changed it cannot approve it."""
    reaction = selectors.reaction_for(request.user, pk)
    if not reaction.is_proposed:
        messages.error(request, _("Reaksjonen er allerede behandlet og kan ikke endres."))
        return redirect("payments:grant", grant_pk=reaction.grant_id)
    initial = {
        "amount": reaction.amount,
        "reason": reaction.reason,
        "payment": reaction.payment_id,
        "decided_on": reaction.decided_on,
        "repayment_due_date": reaction.repayment_due_date,
    }
    form = ReactionEditForm(request.POST or None, reaction=reaction, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.reaction_update(reaction=reaction, actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form_errors_from(form, exc)
        else:
            messages.success(request, _("Reaksjonen er endret og må godkjennes på nytt."))
            return redirect("payments:grant", grant_pk=reaction.grant_id)
    return render(request, "payments/reaction_form.html", {"grant": reaction.grant, "form": form, "reaction": reaction})


@officer_required
@require_POST
def payment_release(request, pk):
    payment = selectors.payment_for(request.user, pk)
    form = PaymentReleaseForm(request.POST)
    form.is_valid()
    try:
        services.payment_release(payment=payment, actor=request.user, note=form.cleaned_data.get("note", ""))
        messages.success(request, _("Utbetalingen er frigitt."))
    except ValidationError as exc:
        _form_errors(request, exc)
    return redirect("payments:grant", grant_pk=payment.grant_id)


@officer_required
@require_POST
def payment_cancel(request, pk):
    payment = selectors.payment_for(request.user, pk)
    form = PaymentCancelForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Oppgi hvorfor utbetalingen kanselleres."))
        return redirect("payments:grant", grant_pk=payment.grant_id)
    try:
        services.payment_cancel(payment=payment, actor=request.user, reason=form.cleaned_data["reason"])
        messages.success(request, _("Utbetalingen er kansellert."))
    except ValidationError as exc:
        _form_errors(request, exc)
    return redirect("payments:grant", grant_pk=payment.grant_id)


@finance_required
@require_POST
def repayment_received(request, pk):
    reaction = selectors.reaction_for(request.user, pk)
    form = RepaymentReceivedForm(request.POST)
    if form.is_valid():
        try:
            services.repayment_record_received(reaction=reaction, actor=request.user, **form.cleaned_data)
            messages.success(request, _("Tilbakebetalingen er registrert."))
        except ValidationError as exc:
            _form_errors(request, exc)
    else:
        messages.error(request, _("Oppgi en gyldig dato."))
    return redirect(reverse("payments:grant", kwargs={"grant_pk": reaction.grant_id}))


# --- four eyes: reactions and payout accounts -----------------------------------------------


@reaction_reviewer_required
def reaction_review(request, pk):
    """A budget holder sees the reaction as proposed and approves or rejects exactly that
    version; a change in the meantime makes the click fail with a message."""
    reaction = selectors.reaction_for(request.user, pk)
    form = ReactionReviewForm(request.POST or None, initial={"version": reaction.version})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            if data["decision"] == "approve":
                services.reaction_approve(reaction=reaction, actor=request.user, version=data["version"])
                messages.success(request, _("Reaksjonen er godkjent og gjelder fra nå."))
            else:
                services.reaction_reject(
                    reaction=reaction, actor=request.user, version=data["version"], note=data["note"]
                )
                messages.success(request, _("Reaksjonen er avvist."))
        except PermissionDenied as exc:
            form.add_error(None, str(exc))
        except ValidationError as exc:
            form_errors_from(form, exc)
        else:
            return redirect("payments:grant", grant_pk=reaction.grant_id)
    elif request.method == "POST":
        form.add_error(None, _("Skjemaet kunne ikke leses. Åpne reaksjonen på nytt."))
    return render(
        request,
        "payments/reaction_review.html",
        {
            "reaction": reaction,
            "form": form,
            "may_review": services.reaction_can_review(request.user, reaction),
            "pending": list(selectors.reactions_proposed()[:200]),
        },
    )


@account_reviewer_required
def account_changes(request):
    return render(
        request,
        "payments/account_changes.html",
        {"changes": list(selectors.bank_account_changes_pending()[:200])},
    )


@account_reviewer_required
def account_change_review(request, pk):
    """Old and new account side by side; the reviewer confirms or refuses the number shown."""
    change = selectors.bank_account_change_for(pk)
    form = AccountReviewForm(request.POST or None, initial={"new_account": change.new_account})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            if data["decision"] == "confirm":
                services.bank_account_change_confirm(
                    change=change, actor=request.user, new_account=data["new_account"], note=data["note"]
                )
                messages.success(request, _("Kontonummeret er bekreftet og brukes for utbetalinger fra nå."))
            else:
                services.bank_account_change_refuse(
                    change=change, actor=request.user, new_account=data["new_account"], note=data["note"]
                )
                messages.success(request, _("Endringen er avvist; det bekreftede kontonummeret gjelder."))
        except PermissionDenied as exc:
            form.add_error(None, str(exc))
        except ValidationError as exc:
            form_errors_from(form, exc)
        else:
            return redirect("payments:account_changes")
    elif request.method == "POST":
        form.add_error(None, _("Skjemaet kunne ikke leses. Åpne endringen på nytt."))
    return render(
        request,
        "payments/account_change_review.html",
        {"change": change, "form": form, "may_review": services.bank_account_can_review(request.user, change)},
    )
