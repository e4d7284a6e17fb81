"""The rule and the arguments of every page that is not one of the admin's standard model pages,
keyed by URL name. A URL name missing here fails the matrix (see matrix.py)."""

from django.contrib import admin
from django.urls import reverse

from organisations.roles import BUDGET_HOLDER, FINANCE, OFFICER
from tests.security.matrix import (
    ADMIN_LOGIN,
    ALL_IMDI,
    FORBIDDEN,
    LOGIN,
    NOT_ALLOWED,
    NOT_FOUND,
    OK,
    Lit,
    OneOf,
    Page,
    admin_actions,
    admin_page,
    gated,
    imdi,
    obj_org,
    post_only,
    public,
    readers,
    redirect,
    signed_in,
)
from tests.security.matrix_pages_appeal import APPEAL_PAGES
from tests.security.matrix_pages_grants import GRANT_LETTER_PAGES
from tests.security.matrix_pages_recep import RECEPTION_PAGES


def may(action, model_label):
    """The custom admin page asks the model's own permission (derived from the groups)."""
    return lambda role: action in admin_actions(role, model_label)


def _app_list(role, ctx):
    if not role.staff:
        return ADMIN_LOGIN()
    app_label = ctx.literal("app_label")
    models = [m._meta.label_lower for m in admin.site._registry if m._meta.app_label == app_label]
    return OK if any("view" in admin_actions(role, m) for m in models) else NOT_FOUND


def _admin_login(role, ctx):
    return redirect(reverse("admin:index")) if role.staff else OK


def _admin_logout(role, ctx):
    # The admin sends a non-staff user to its index (and so to its login); staff must POST.
    return NOT_ALLOWED if role.staff else redirect(reverse("admin:index"))


def _start(role, ctx):
    if role.anonymous:
        return LOGIN()
    if role.municipal:
        return redirect(reverse("applications:dashboard"))
    if role.in_group(FINANCE) and not role.in_group(OFFICER):
        return redirect(reverse("payments:overview"))
    if role.in_group(OFFICER):
        # to the queue, ?who=mine (a redirect's rule names its path)
        return redirect(reverse("admin:applications_application_queue"), "302→queue?who=mine")
    return redirect(reverse("admin:index"))


def _sweep_run(role, ctx):
    """POST only; staff who may read the sweep page and are officers or finance get 405 on GET."""
    if not role.staff:
        return ADMIN_LOGIN()
    allowed = "view" in admin_actions(role, "core.sweeprun") and role.in_group(OFFICER, FINANCE)
    return NOT_ALLOWED if allowed else FORBIDDEN


def _submit_confirm(role, ctx):
    """GET asks the applicant's approver first once the draft awaits approval (the matrix's is
    still a draft: back to it); anyone else never learns the draft exists."""
    if role.anonymous:
        return LOGIN()
    if role.approver_of(ctx.org_of("pk")):
        return redirect(reverse("applications:detail", args=[ctx.obj("pk").pk]))
    return NOT_FOUND


def _withdraw_confirm(role, ctx):
    """GET asks first: a sent, undecided application is the approver's to withdraw. The
    matrix's is decided (awarded), so its members, the approver too, are sent back to it;
    anyone else never learns it exists."""
    if role.anonymous:
        return LOGIN()
    if role.member_of(ctx.org_of("pk")):
        return redirect(reverse("applications:detail", args=[ctx.obj("pk").pk]))
    return NOT_FOUND


def _ranking_xlsx(role, ctx):
    """Without a call and area the export sends the reader back to the ranking to choose them."""
    if not role.staff:
        return ADMIN_LOGIN()
    if "view" in admin_actions(role, "applications.assessment"):
        return redirect(reverse("admin:applications_assessment_ranking"))
    return FORBIDDEN


def _score_page(role, ctx):
    if not role.staff:
        return ADMIN_LOGIN()
    may = role.in_group(OFFICER) and "add" in admin_actions(role, "applications.assessment")
    return OK if may else FORBIDDEN


def _resubmit(role, ctx):
    """Only a returned proposal is revised and sent again; the world's is still proposed."""
    if not role.staff:
        return ADMIN_LOGIN()
    return NOT_FOUND if role.in_group(OFFICER) else FORBIDDEN


def _org_users(role, ctx):
    if role.anonymous:
        return LOGIN()
    return OK if role.in_group(OFFICER) else NOT_FOUND


def _second_factor(then):
    """Second-factor pages: IMDi accounts only; anyone else signed in gets 404."""

    def expect(role, ctx):
        if role.anonymous:
            return LOGIN()
        return then(role) if role.staff else NOT_FOUND

    return expect


def _portal_login(role, ctx):
    return OK if role.anonymous else redirect(reverse("start"))


def _attachment(role, ctx):
    """Attachments: the applicant's members, and IMDi staff once the application was sent."""
    if role.anonymous:
        return LOGIN()
    if role.member_of(ctx.org_of("pk")):
        return OK
    if role.staff and ctx.key("pk") != "application_draft_a":
        return OK
    return NOT_FOUND


def _no_information_request(role, ctx):
    """Signed in, anyone gets 404: the world has no such object (no request, no query)."""
    return LOGIN() if role.anonymous else NOT_FOUND


def _to_information(role, ctx):
    return redirect(reverse("applications:information", args=[ctx.obj("pk").pk]))


def _receipt(role, ctx):
    if ctx.key("pk") == "application_draft_a":
        return redirect(reverse("applications:detail", args=[ctx.obj("pk").pk]))
    return OK


def _section(role, ctx):
    if ctx.key("pk") != "application_draft_a":
        return redirect(reverse("applications:detail", args=[ctx.obj("pk").pk]))
    return OK


SENT = ("grant_accepted_a", "grant_letter_sent_a")


def _grant_sent(ctx, kwarg="pk"):
    return ctx.key(kwarg) in SENT


def _public_award(role, ctx):
    return OK if _grant_sent(ctx, "case") else NOT_FOUND


def _grant_answer(*, approver_only):
    """Acceptance and decline pages: open while the letter awaits an answer."""

    def then(role, ctx):
        if ctx.key("pk") == "grant_accepted_a":
            return redirect(reverse("grants:detail", args=[ctx.obj("pk").pk]))
        if approver_only and not role.approver_of("A"):
            return FORBIDDEN
        return OK

    return then


def _grant_payments(role, ctx):
    if role.anonymous:
        return LOGIN()
    # IMDi staff: officers decide reactions, budget holders review them there, finance pays.
    if role.in_group(*ALL_IMDI):
        return OK
    if role.member_of(ctx.org_of("grant_pk")) and _grant_sent(ctx, "grant_pk"):
        return OK
    return NOT_FOUND


def _reaction_page(role, ctx):
    """IMDi staff see every reaction; the grant's organisation once it is a party (from the
    notice or the decision); a proposal without notice is IMDi's own work; others 404."""
    if role.anonymous:
        return LOGIN()
    if role.in_group(*ALL_IMDI):
        return OK
    if role.member_of(ctx.org_of("pk")) and ctx.key("pk") in ("reaction_notice", "reaction_decided"):
        return OK
    return NOT_FOUND


def _calendar(role, ctx):
    if role.anonymous:
        return LOGIN()
    return OK if role.municipal else NOT_FOUND


def _case_message(role, ctx):
    """A thread (or its attachment) on A's case: A's users and IMDi staff; an internal note's
    attachment IMDi staff only; everyone else 404."""
    if role.anonymous:
        return LOGIN()
    if role.staff:
        return OK
    internal = ctx.key("pk") == "internal_attachment_a"
    return OK if role.member_of("A") and not internal else NOT_FOUND


def _calendar_feed(role, ctx):
    return OK if ctx.key("token") == "calendar_token_a" else NOT_FOUND


def _report_review(role, ctx):
    # An unsubmitted report is the municipality's draft: IMDi sees it once it is sent in.
    if not role.staff:
        return ADMIN_LOGIN()
    if "view" not in admin_actions(role, "reporting.reportobligation"):
        return FORBIDDEN
    # The obligation is IMDi's: the page opens, without the municipality's unsent draft.
    return OK


def _admin_autocomplete(role, ctx):
    # Without a source field the admin refuses the lookup outright.
    return FORBIDDEN if role.staff else ADMIN_LOGIN()


def _view_on_site(role, ctx):
    # No case model has a public address: the shortcut must not redirect anywhere.
    return NOT_FOUND if role.staff else ADMIN_LOGIN()


def _batch_export(role, ctx):
    """Finance downloads a batch's schedules; the payment file (xml) only once «Lag
    betalingsfil» (a POST) made it, which the world's batch has not: back to the batch."""
    if role.anonymous:
        return LOGIN()
    if not role.in_group(FINANCE):
        return FORBIDDEN
    if ctx.literal("file_format") == "xml":
        return redirect(reverse("payments:batch", args=[ctx.obj("pk").pk]))
    return OK


def _batch_approve(role, ctx):
    """Four eyes: finance other than the batch's builder gets the confirmation page; the
    world's batch was built by the finance role, who is sent back to the batch."""
    if role.anonymous:
        return LOGIN()
    if not role.in_group(FINANCE):
        return FORBIDDEN
    if role.name == "finance":
        return redirect(reverse("payments:batch", args=[ctx.obj("pk").pk]))
    return OK


def _totp_secret(role, ctx):
    return FORBIDDEN if role.staff else ADMIN_LOGIN()


APPLICATIONS = {
    "draft_a": {"pk": "application_draft_a"},
    "submitted_a": {"pk": "application_submitted_a"},
    "county": {"pk": "application_county"},
}
SECTIONS = ["grunnlag", "prosjekt", "gjennomforing", "budsjett", "kontakt", "vedlegg"]
GRANTS = {"accepted_a": {"pk": "grant_accepted_a"}, "letter_sent_a": {"pk": "grant_letter_sent_a"}}
GRANTS_ALL = {**GRANTS, "unsent_a": {"pk": "grant_unsent_a"}}
DRAFT_ATTACHMENT = {"draft_a": {"pk": "application_draft_a", "attachment_id": "attachment_draft_a"}}
OBLIGATION = {"accounts_a": {"pk": "obligation_a"}}
REPORT_ATTACHMENT = {"accounts_a": {"pk": "obligation_a", "attachment_id": "report_attachment_a"}}
BATCH = {"batch": {"pk": "batch"}}
PUBLIC_AWARDS = {"accepted_a": {"case": "grant_accepted_a"}, "unsent_a": {"case": "grant_unsent_a"}}
is_finance = imdi(FINANCE)
is_officer = imdi(OFFICER)
applicant = obj_org("pk")

PAGES = {
    # --- public and shell
    "set_language": Page(lambda role, ctx: redirect("/")),
    "home": Page(public),
    "start": Page(_start),
    "accessibility": Page(public),
    "privacy": Page(public),
    "health": Page(public),  # the load balancer's probe: no login, the same answer for everyone
    "login": Page(_portal_login),
    "logout": Page(lambda role, ctx: NOT_ALLOWED),
    "password_reset": Page(public),
    "password_reset_done": Page(public),
    # An unknown link: the page says it no longer works (200), to anyone.
    "password_reset_confirm": Page(public, {"-": {"uidb64": Lit("MQ"), "token": Lit("ugyldig-lenke")}}),
    "password_reset_complete": Page(public),
    # ID-porten and Entra ID are not configured in the matrix's settings: the pages are not there.
    "idporten_login": Page(lambda role, ctx: NOT_FOUND),
    "idporten_callback": Page(lambda role, ctx: NOT_FOUND),
    "entra_login": Page(lambda role, ctx: NOT_FOUND),
    "entra_callback": Page(lambda role, ctx: NOT_FOUND),
    "organisations:join": Page(signed_in),
    # The world has no organisation admins: only officers see the users page (first users).
    "organisations:users": Page(_org_users),
    "organisations:join_request_decide": Page(post_only, {"-": {"pk": Lit(999999)}}),
    "organisations:membership_update": Page(post_only, {"-": {"pk": Lit(999999)}}),
    "second_factor_setup": Page(_second_factor(lambda role: OK)),
    # The world's IMDi staff have no device yet: verifying sends them to set one up.
    "second_factor_verify": Page(_second_factor(lambda role: redirect(reverse("second_factor_setup")))),
    "schemes:call_list": Page(public),
    "schemes:call_detail": Page(public, {"development_2024": {"pk": "call"}}),
    # Requests about an awarded grant (casework): the world has none; the form needs a grant.
    "casework:notice_settings": Page(post_only),
    "casework:grant_requests": Page(signed_in),
    "casework:grant_request_new": Page(_no_information_request),
    "casework:grant_request": Page(_no_information_request, {"-": {"pk": Lit(999999)}}),
    "casework:grant_request_letter": Page(_no_information_request, {"-": {"pk": Lit(999999)}}),
    # --- applications (municipal)
    "applications:dashboard": Page(signed_in),
    "applications:approval_queue": Page(signed_in),
    "applications:create": Page(post_only, {"a_2024": {"organisation_id": "organisation", "call_id": "call"}}),
    "applications:detail": Page(readers(applicant), APPLICATIONS),
    "applications:pdf": Page(readers(applicant), APPLICATIONS),
    "applications:receipt": Page(readers(applicant, then=_receipt), APPLICATIONS),
    "applications:section": Page(
        readers(applicant, then=_section),
        {
            **{f"draft_a-{s}": {"pk": "application_draft_a", "section": Lit(s)} for s in SECTIONS},
            "submitted_a-prosjekt": {"pk": "application_submitted_a", "section": Lit("prosjekt")},
        },
    ),
    "applications:attachment": Page(
        _attachment,
        {
            **DRAFT_ATTACHMENT,
            "submitted_a": {"pk": "application_submitted_a", "attachment_id": "attachment_submitted_a"},
        },
    ),
    "applications:attachment_delete": Page(post_only, DRAFT_ATTACHMENT),
    "applications:send_for_approval": Page(post_only, {"draft_a": {"pk": "application_draft_a"}}),
    "applications:submit": Page(_submit_confirm, {"draft_a": {"pk": "application_draft_a"}}),
    "applications:send_back": Page(post_only, {"draft_a": {"pk": "application_draft_a"}}),
    "applications:withdraw": Page(_withdraw_confirm, {"submitted_a": {"pk": "application_submitted_a"}}),
    # Requests for more information: the world's case has none, so its page is a 404 to
    # everyone (members too); the approver's confirmation sends members back to that page.
    "applications:information": Page(_no_information_request, {"submitted_a": {"pk": "application_submitted_a"}}),
    "applications:information_answer": Page(post_only, {"submitted_a": {"pk": "application_submitted_a"}}),
    "applications:information_return": Page(post_only, {"submitted_a": {"pk": "application_submitted_a"}}),
    "applications:information_resubmit": Page(
        readers(applicant, then=_to_information), {"submitted_a": {"pk": "application_submitted_a"}}
    ),
    # --- grants (municipal; a grant is shown once its letter is sent)
    "grants:list": Page(signed_in),
    "grants:detail": Page(readers(applicant, visible=_grant_sent), GRANTS_ALL),
    "grants:letter": Page(
        readers(applicant, visible=_grant_sent),
        {k: {**v, "version": Lit(1)} for k, v in GRANTS_ALL.items()},
    ),
    "grants:acceptance": Page(
        readers(applicant, visible=_grant_sent, then=_grant_answer(approver_only=False)), GRANTS_ALL
    ),
    "grants:decline": Page(readers(applicant, visible=_grant_sent, then=_grant_answer(approver_only=True)), GRANTS_ALL),
    "grants:receipt": Page(readers(applicant, visible=lambda ctx: ctx.key("pk") == "grant_accepted_a"), GRANTS_ALL),
    # --- decision letters (rejections and dismissals) and reception offers
    **RECEPTION_PAGES,
    "decisions:list": Page(signed_in),
    "decisions:detail": Page(readers(applicant), {"dismissed_a": {"pk": "decision_dismissed_a"}}),
    "decisions:pdf": Page(readers(applicant), {"dismissed_a": {"pk": "decision_dismissed_a"}}),
    # --- payments: finance pages, officer actions, one grant's plan
    "payments:overview": Page(gated(is_finance)),
    "payments:due": Page(gated(is_finance)),
    # IMDi's figures for the ministry: every IMDi role.
    "payments:figures": Page(gated(imdi(*ALL_IMDI))),
    "payments:figures_export": Page(gated(imdi(*ALL_IMDI))),
    "payments:batches": Page(gated(is_finance)),
    "payments:batch_create": Page(gated(is_finance, then=NOT_ALLOWED)),
    "payments:batch": Page(gated(is_finance), BATCH),
    "payments:batch_paid": Page(gated(is_finance, then=NOT_ALLOWED), BATCH),
    "payments:batch_approve": Page(_batch_approve, BATCH),
    "payments:batch_return_file": Page(gated(is_finance, then=NOT_ALLOWED), BATCH),
    "payments:batch_cancel": Page(gated(is_finance, then=NOT_ALLOWED), BATCH),
    "payments:batch_line_fail": Page(
        gated(is_finance, then=NOT_ALLOWED), {"line": {"pk": "batch", "line_pk": "batch_line"}}
    ),
    "payments:batch_export": Page(
        _batch_export, {fmt: {"pk": "batch", "file_format": Lit(fmt)} for fmt in ("csv", "xlsx", "xml")}
    ),
    "payments:year_export": Page(
        gated(is_finance), {fmt: {"year": Lit(2024), "file_format": Lit(fmt)} for fmt in ("csv", "xlsx")}
    ),
    "payments:grant": Page(_grant_payments, {k: {"grant_pk": v["pk"]} for k, v in {**GRANTS_ALL}.items()}),
    "payments:reaction_create": Page(gated(is_officer), {"accepted_a": {"grant_pk": "grant_accepted_a"}}),
    # Close-out: the claim is a POST; the closing step shows its confirmation page on GET.
    "payments:closeout_claim": Page(
        gated(is_officer, then=NOT_ALLOWED), {"accepted_a": {"grant_pk": "grant_accepted_a"}}
    ),
    "payments:closeout_finish": Page(gated(is_officer), {"accepted_a": {"grant_pk": "grant_accepted_a"}}),
    "payments:payment_release": Page(gated(is_officer, then=NOT_ALLOWED), {"payment": {"pk": "payment"}}),
    "payments:payment_cancel": Page(gated(is_officer, then=NOT_ALLOWED), {"payment": {"pk": "payment"}}),
    "payments:batch_payment_file": Page(gated(is_finance, then=NOT_ALLOWED), BATCH),
    # Officers change a proposed reaction (the world's withholding awaits a budget holder).
    "payments:reaction_edit": Page(gated(is_officer), {"reaction": {"pk": "reaction"}}),
    "payments:reaction_review": Page(gated(imdi(BUDGET_HOLDER)), {"reaction": {"pk": "reaction"}}),
    # A reaction's due process (issue 12 item 5): the officer's notice and proposal; the
    # municipality's reply (any member) and appeal (its approver); the decision letter.
    "payments:reaction_notice": Page(gated(is_officer), {"accepted_a": {"grant_pk": "grant_accepted_a"}}),
    "payments:reaction": Page(
        _reaction_page,
        {"notice": {"pk": "reaction_notice"}, "decided": {"pk": "reaction_decided"}, "proposed": {"pk": "reaction"}},
    ),
    "payments:reaction_decision_letter": Page(_reaction_page, {"decided": {"pk": "reaction_decided"}}),
    "payments:reaction_file": Page(
        _reaction_page,
        {"reply": {"pk": "reaction_notice", "kind": Lit("merknad"), "file_pk": "reaction_reply"}},
    ),
    "payments:reaction_reply": Page(readers(applicant), {"notice": {"pk": "reaction_notice"}}),
    "payments:reaction_appeal": Page(
        readers(applicant, then=lambda role, ctx: OK if role.approver_of(ctx.org_of("pk")) else FORBIDDEN),
        {"decided": {"pk": "reaction_decided"}},
    ),
    "payments:reaction_propose": Page(gated(is_officer), {"notice": {"pk": "reaction_notice"}}),
    "payments:reaction_appeal_forward": Page(
        gated(is_officer, then=NOT_ALLOWED), {"decided": {"pk": "reaction_decided"}}
    ),
    "payments:reaction_settle": Page(gated(is_officer, then=NOT_ALLOWED), {"decided": {"pk": "reaction_decided"}}),
    # Payout accounts are checked by finance or an officer (someone other than who asked).
    "payments:account_changes": Page(gated(imdi(FINANCE, OFFICER))),
    "payments:account_change_review": Page(gated(imdi(FINANCE, OFFICER)), {"pending_b": {"pk": "bank_account_change"}}),
    "payments:repayment_received": Page(gated(is_finance, then=NOT_ALLOWED), {"reaction": {"pk": "reaction"}}),
    # --- messages on a case and notices (casework)
    "casework:list": Page(signed_in),
    "casework:start": Page(signed_in),
    "casework:notices": Page(signed_in),
    "jobs:list": Page(signed_in),  # core.jobs; who reads a real job: tests/jobs/test_jobs.py
    **{name: Page(_no_information_request, {"-": {"pk": Lit(999999)}}) for name in ("jobs:detail", "jobs:download")},
    "casework:thread": Page(_case_message, {"thread_a": {"pk": "thread_a"}}),
    "casework:attachment": Page(
        _case_message, {"message_a": {"pk": "message_attachment_a"}, "internal_a": {"pk": "internal_attachment_a"}}
    ),
    # --- reporting (municipal)
    "reporting:list": Page(signed_in),
    "reporting:report": Page(readers(applicant), OBLIGATION),
    "reporting:accounts_template": Page(readers(applicant), OBLIGATION),
    "reporting:attachment": Page(readers(applicant), REPORT_ATTACHMENT),
    "reporting:accounts_approve": Page(post_only, OBLIGATION),
    "reporting:submit": Page(post_only, OBLIGATION),
    "reporting:accounts_upload": Page(post_only, OBLIGATION),
    "reporting:attachment_upload": Page(post_only, OBLIGATION),
    "reporting:attachment_delete": Page(post_only, REPORT_ATTACHMENT),
    "reporting:calendar": Page(_calendar),
    "reporting:calendar_feed": Page(
        _calendar_feed, {"token_a": {"token": "calendar_token_a"}, "unknown": {"token": Lit("finnes-ikke")}}
    ),
    # --- the admin site's own pages
    "admin:index": Page(admin_page(lambda role: True)),
    "admin:login": Page(_admin_login),
    "admin:logout": Page(_admin_logout),
    "admin:password_change": Page(admin_page(lambda role: True)),
    "admin:password_change_done": Page(admin_page(lambda role: True)),
    "admin:autocomplete": Page(_admin_autocomplete),
    "admin:jsi18n": Page(admin_page(lambda role: True)),
    "admin:view_on_site": Page(
        _view_on_site,
        {"draft_a": {"content_type_id": "content_type_application", "object_id": "application_draft_a"}},
    ),
    "admin:app_list": Page(
        _app_list,
        {label: {"app_label": Lit(label)} for label in sorted({m._meta.app_label for m in admin.site._registry})},
    ),
    "admin:catch_all": Page(
        lambda role, ctx: NOT_FOUND if role.staff else ADMIN_LOGIN(), {"unknown": {"url": Lit("finnes-ikke/")}}
    ),
    # --- each ModelAdmin's own views
    "admin:auth_user_password_change": Page(admin_page(may("change", "core.user")), {"user": {"id": "user"}}),
    "admin:organisations_joinrequest_decide": Page(
        admin_page(may("view", "organisations.joinrequest")), {"join_request": {"object_id": "join_request"}}
    ),
    "admin:applications_assessment_ranking": Page(admin_page(may("view", "applications.assessment"))),
    "admin:applications_application_queue": Page(admin_page(may("view", "applications.application"))),
    "admin:applications_assessment_ranking_xlsx": Page(_ranking_xlsx),
    # Officers score (the page asks the role and the add permission); others are refused.
    "admin:applications_assessment_score": Page(_score_page, {"b": {"application_id": "application_b"}}),
    # The world's returned decision is none: every officer gets 404, everyone else 403.
    "admin:applications_decision_resubmit": Page(_resubmit, {"proposed_b": {"pk": "decision_proposed_b"}}),
    "admin:applications_application_information": Page(
        admin_page(may("view", "applications.application")), {"submitted_a": {"pk": "application_submitted_a"}}
    ),
    "admin:core_sweeprun_run": Page(_sweep_run, {"payments": {"task": Lit("payments.tasks.payments_due_sweep")}}),
    "admin:applications_decision_received": Page(
        admin_page(imdi(OFFICER, BUDGET_HOLDER)), {"dismissed_a": {"pk": "decision_dismissed_a"}}
    ),
    "admin:applications_decision_letter": Page(
        admin_page(may("view", "applications.decision")), {"dismissed_a": {"pk": "decision_dismissed_a"}}
    ),
    "admin:applications_decision_approve": Page(
        admin_page(imdi(BUDGET_HOLDER)), {"proposed_b": {"pk": "decision_proposed_b"}}
    ),
    "admin:applications_decision_amount": Page(
        admin_page(imdi(OFFICER)), {"proposed_b": {"pk": "decision_proposed_b"}}
    ),
    "admin:applications_receptioncentreagreement_compute": Page(
        admin_page(may("add", "applications.receptioncentreagreement"))
    ),
    **GRANT_LETTER_PAGES,
    "admin:applications_grantletter_pdf": Page(
        admin_page(may("view", "applications.grantletter")), {"accepted_a": {"pk": "letter_accepted_a"}}
    ),
    "admin:applications_acceptance_receipt": Page(
        admin_page(may("view", "applications.acceptance")), {"accepted_a": {"pk": "acceptance_a"}}
    ),
    "admin:core_caseevent_timeline": Page(
        admin_page(may("view", "core.caseevent")), {"submitted_a": {"case_number": "application_submitted_a"}}
    ),
    # A second budget holder decides; the page (GET) asks first.
    "admin:schemes_budgetchange_approve": Page(admin_page(imdi(BUDGET_HOLDER)), {"pending": {"pk": "budget_change"}}),
    "admin:schemes_budgetchange_refuse": Page(admin_page(imdi(BUDGET_HOLDER)), {"pending": {"pk": "budget_change"}}),
    # django-otp's pages with a device's secret: hidden from everyone (OTP_ADMIN_HIDE_SENSITIVE_DATA),
    # superusers included, so no one at IMDi can copy a colleague's second factor.
    "admin:otp_totp_totpdevice_config": Page(_totp_secret, {"device": {"pk": "totp_device"}}),
    "admin:otp_totp_totpdevice_qrcode": Page(_totp_secret, {"device": {"pk": "totp_device"}}),
    "admin:reporting_reportobligation_dashboard": Page(admin_page(may("view", "reporting.reportobligation"))),
    "admin:reporting_reportobligation_review": Page(_report_review, OBLIGATION),
    "admin:reporting_reportobligation_move": Page(admin_page(imdi(OFFICER)), {"development_2024": {"call_id": "call"}}),
    # § 10 control: officers add an extra report or a document request to a grant.
    "admin:reporting_reportobligation_add_to_grant": Page(
        admin_page(imdi(OFFICER)), {"accepted_a": {"grant_id": "grant_accepted_a"}}
    ),
    # Open data (opendata): public pages and the public API, the same for everyone; an award
    # is public once its letter is sent (the unsent grant is not found).
    "opendata:awards": Page(public),
    "opendata:downloads": Page(public),
    # The 360Giving files exist once the daily task has run (404 before).
    "opendata:download": Page(
        lambda role, ctx: OneOf((OK, NOT_FOUND)), {"json": {"kind": Lit("json")}, "csv": {"kind": Lit("csv")}}
    ),
    "opendata:award": Page(_public_award, PUBLIC_AWARDS),
    "api:openapi-json": Page(public),
    "api:api-root": Page(lambda role, ctx: NOT_FOUND),
    "api:calls_list": Page(public),
    "api:call_detail": Page(public, {"development_2024": {"call_id": "call"}}),
    "api:awards_list": Page(public),
    "api:award_detail": Page(_public_award, PUBLIC_AWARDS),
} | APPEAL_PAGES
