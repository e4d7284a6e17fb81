"""A reaction's due process in the portal: the officer's advance notice and proposal, the
municipality's reply and appeal, the decision letter, and IMDi's forwarding of an appeal.
Thin: forms in, payments.services.reaction_process does the work; visibility from
payments.selectors (another municipality's reaction answers 404)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.calendar import today_oslo
from core.forms import form_errors_from
from core.uploads import attachment_response
from payments import selectors
from payments.forms_reactions import (
    AppealForwardForm,
    ReactionAppealForm,
    ReactionNoticeForm,
    ReactionProposeForm,
    ReactionReplyForm,
    WithholdingSettleForm,
)
from payments.models import ReactionAppeal
from payments.rules import reactions_visible_to
from payments.services import reaction_process
from payments.services.reactions import reaction_withholding_settle
from payments.views import officer_required


def _appealable(reaction) -> bool:
    deadline = reaction.appeal_deadline
    return reaction.is_approved and deadline is not None and today_oslo() <= deadline


@login_required
def reaction_detail(request, pk):
    reaction = selectors.reaction_page_for(request.user, pk)
    user = request.user
    is_officer = user.has_perm("payments.decide_reactions")
    appeal = selectors.reaction_appeal_of(reaction)
    context = {
        "reaction": reaction,
        "grant": reaction.grant,
        "replies": selectors.reaction_replies(reaction),
        "appeal": appeal,
        "may_reply": reaction.is_notice and user.has_perm("payments.reply_reaction_notice", reaction),
        "may_appeal": appeal is None and _appealable(reaction) and user.has_perm("payments.appeal_reaction", reaction),
        "may_propose": is_officer and reaction.is_notice,
        "may_forward": is_officer and appeal is not None and not appeal.is_forwarded,
        "may_settle": is_officer
        and reaction.is_withholding
        and reaction.is_approved
        and bool(reaction.held_payment_id)
        and not reaction.withholding_outcome,
        "is_imdi": user.has_perm("payments.view_all"),
    }
    if context["may_forward"]:
        context["forward_form"] = AppealForwardForm()
    if context["may_settle"]:
        context["settle_form"] = WithholdingSettleForm()
    return render(request, "payments/reaction_detail.html", context)


@login_required
def reaction_decision_letter(request, pk):
    reaction = selectors.reaction_page_for(request.user, pk)
    if not reaction.decision_pdf:
        raise Http404
    case = (reaction.grant.case_number or str(reaction.grant_id)).replace("/", "-")
    return attachment_response(
        reaction.decision_pdf, filename=f"vedtak-reaksjon-{case}-{reaction.pk}.pdf", content_type="application/pdf"
    )


@login_required
def reaction_file(request, pk, kind, file_pk):
    """A reply's or an appeal's attachment, for the reaction's readers."""
    reaction = selectors.reaction_page_for(request.user, pk)
    rows = reaction.replies.all() if kind == "merknad" else ReactionAppeal.objects.filter(reaction=reaction)
    row = get_object_or_404(rows, pk=file_pk)
    if not row.has_file:
        raise Http404
    return attachment_response(row.file, filename=row.download_name, content_type=row.content_type)


def _municipal_form(request, pk, *, form_class, perm, submit, template, done, is_open):
    """The municipality's reply or appeal page: the form while the step is open, a message
    (and no form) once it is not; the service refuses a late post all the same."""
    reaction = selectors.reaction_of_own_organisation(request.user, pk)
    if not request.user.has_perm(perm, reaction):
        raise PermissionDenied
    form = form_class(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            submit(
                reaction=reaction,
                actor=request.user,
                text=form.cleaned_data["text"],
                upload=form.cleaned_data.get("file"),
            )
        except ValidationError as exc:
            form_errors_from(form, exc)
        else:
            messages.success(request, done)
            return redirect("payments:reaction", pk=reaction.pk)
    return render(
        request, template, {"reaction": reaction, "grant": reaction.grant, "form": form, "is_open": is_open(reaction)}
    )


@login_required
def reaction_reply(request, pk):
    return _municipal_form(
        request,
        pk,
        form_class=ReactionReplyForm,
        perm="payments.reply_reaction_notice",
        submit=reaction_process.reaction_reply_submit,
        template="payments/reaction_reply.html",
        done=_("Merknadene er sendt til IMDi."),
        is_open=lambda reaction: reaction.is_notice,
    )


@login_required
def reaction_appeal(request, pk):
    return _municipal_form(
        request,
        pk,
        form_class=ReactionAppealForm,
        perm="payments.appeal_reaction",
        submit=reaction_process.reaction_appeal_submit,
        template="payments/reaction_appeal.html",
        done=_("Klagen er registrert og sendt til IMDi."),
        is_open=lambda reaction: _appealable(reaction) and selectors.reaction_appeal_of(reaction) is None,
    )


@officer_required
def reaction_notice(request, grant_pk):
    grant = selectors.grant_for_payment_plan(request.user, grant_pk)
    form = ReactionNoticeForm(request.POST or None, grant=grant)
    if request.method == "POST" and form.is_valid():
        try:
            reaction = reaction_process.reaction_notice_send(grant=grant, actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form_errors_from(form, exc)
        else:
            messages.success(
                request,
                _("Forhåndsvarselet er sendt. Frist for merknader: %(d)s.")
                % {"d": f"{reaction.reply_deadline:%d.%m.%Y}"},
            )
            return redirect("payments:reaction", pk=reaction.pk)
    return render(request, "payments/reaction_notice.html", {"grant": grant, "form": form})


@officer_required
def reaction_propose(request, pk):
    reaction = get_object_or_404(reactions_visible_to(request.user).select_related("grant"), pk=pk)
    initial = {"amount": reaction.amount if reaction.has_amount else None, "reason": reaction.reason}
    form = ReactionProposeForm(request.POST or None, initial=initial)
    if not reaction.has_amount:
        del form.fields["amount"]
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            if data["decision"] == "withdraw":
                reaction_process.reaction_withdraw(reaction=reaction, actor=request.user, note=data["assessment"])
                messages.success(request, _("Saken er henlagt uten reaksjon."))
            else:
                reaction_process.reaction_propose(
                    reaction=reaction,
                    actor=request.user,
                    assessment=data["assessment"],
                    amount=data.get("amount"),
                    reason=data["reason"],
                )
                messages.success(request, _("Vedtaket er foreslått og venter på godkjenning av en budsjettdisponent."))
        except ValidationError as exc:
            form_errors_from(form, exc)
        except PermissionDenied as exc:
            form.add_error(None, str(exc))
        else:
            return redirect("payments:reaction", pk=reaction.pk)
    return render(
        request,
        "payments/reaction_propose.html",
        {"reaction": reaction, "grant": reaction.grant, "form": form, "replies": selectors.reaction_replies(reaction)},
    )


@officer_required
@require_POST
def reaction_appeal_forward(request, pk):
    reaction = get_object_or_404(reactions_visible_to(request.user), pk=pk)
    appeal = get_object_or_404(ReactionAppeal, reaction=reaction)
    form = AppealForwardForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Skriv IMDis vurdering av klagen."))
        return redirect("payments:reaction", pk=reaction.pk)
    try:
        reaction_process.reaction_appeal_forward(appeal=appeal, actor=request.user, note=form.cleaned_data["note"])
        messages.success(request, _("Klagen er oversendt Arbeids- og inkluderingsdepartementet."))
    except (ValidationError, PermissionDenied) as exc:
        messages.error(request, " ".join(getattr(exc, "messages", [str(exc)])))
    return redirect("payments:reaction", pk=reaction.pk)


@officer_required
@require_POST
def reaction_settle(request, pk):
    reaction = get_object_or_404(reactions_visible_to(request.user), pk=pk)
    form = WithholdingSettleForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Velg om beløpet skal frigis eller falle bort."))
        return redirect("payments:reaction", pk=reaction.pk)
    try:
        reaction_withholding_settle(reaction=reaction, actor=request.user, **form.cleaned_data)
        messages.success(request, _("Tilbakeholdelsen er avsluttet."))
    except (ValidationError, PermissionDenied) as exc:
        messages.error(request, " ".join(getattr(exc, "messages", [str(exc)])))
    return redirect("payments:reaction", pk=reaction.pk)
