"""Who may change a frame, cap or appropriation share (budget changes), and see them.

Officers may ask for changes to a call's frame or an area's frame and cap; budget holders may
ask for any change, and only a budget holder other than the one who asked decides a request
(four eyes: schemes.services says so first, the database refuses it too)."""

import rules

from organisations.rules import budget_holder, change_asked_by_someone_else, imdi_staff, officer
from schemes.models import BudgetChange


def budget_change_kinds_for(user) -> tuple[str, ...]:
    """The kinds of budget change `user` may ask for."""
    if budget_holder(user):
        return tuple(BudgetChange.Kind.values)
    if officer(user):
        return (*BudgetChange.CALL_KINDS, *BudgetChange.AREA_KINDS)
    return ()


@rules.predicate
def may_request_budget_change(user, kind=None):
    """Asks for some budget change (kind None) or for a change of that kind."""
    kinds = budget_change_kinds_for(user)
    return bool(kinds) if kind is None else kind in kinds


rules.add_perm("schemes.request_budget_change", may_request_budget_change)
rules.add_perm("schemes.decide_budget_changes", budget_holder)
rules.add_perm("schemes.decide_budget_change", budget_holder & change_asked_by_someone_else)
rules.add_perm("schemes.see_budget_changes", imdi_staff)
