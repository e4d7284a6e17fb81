from django import template

from payments import selectors

register = template.Library()


@register.inclusion_tag("payments/panels/start.html", takes_context=True)
def payments_start_panel(context):
    """The payments box on a municipal user's start page (context: request.user)."""
    user = getattr(context.get("request"), "user", None)
    return {"payments": selectors.payments_upcoming_for_user(user)}


@register.inclusion_tag("payments/panels/grant.html", takes_context=True)
def payments_grant_panel(context, grant):
    """The payments box on a grant's page. Shows nothing unless the user may see the grant:
    the page itself answers 404 before, this is the second lock."""
    user = getattr(context.get("request"), "user", None)
    visible = selectors.grant_payments_visible(user, grant)
    return {
        "grant": grant,
        "visible": visible,
        "payments": selectors.payment_plan(grant) if visible else [],
        "account_change": selectors.bank_account_change_pending_for(grant.organisation_id) if visible else None,
        # The reactions the user may see on this grant (a notice, a decision): the municipality
        # replies and appeals from their pages.
        "reactions": selectors.reactions_for_grant(grant, user) if visible else [],
    }


@register.inclusion_tag("payments/panels/closeout.html", takes_context=True)
def payments_closeout_panel(context, grant, actions=False):
    """The close-out figures of a grant (sluttoppgjør): for IMDi always, for the municipality
    once the final accounts are approved. `actions`: the officer's buttons (payment page)."""
    from payments.closeout import closeout_figures

    user = getattr(context.get("request"), "user", None)
    if not selectors.grant_payments_visible(user, grant):
        return {"visible": False}
    figures = closeout_figures(grant)
    is_imdi = user.has_perm("payments.view_all")
    officer = user.has_perm("payments.decide_reactions")
    return {
        "visible": is_imdi or figures["accounts_approved"],
        "closeout": figures,
        "grant": grant,
        "can_propose_claim": actions and officer and figures["stage"] == "claim_to_propose",
        "can_finish": actions and officer and figures["stage"] == "ready",
    }
