"""Two municipalities, each with a caseworker, an approver and a submitted application, and the
IMDi roles: the world the casework tests ask who sees what in."""

from dataclasses import dataclass

from organisations.models import Membership
from tests.factories import budget_holder, finance, make_application, member, municipality, officer, with_details


@dataclass
class Side:
    org: object
    caseworker: object
    approver: object
    application: object


def side(number: str, seed: int) -> Side:
    org = with_details(municipality(number), seed=seed)
    caseworker = member(org, Membership.Role.CASEWORKER)
    approver = member(org, Membership.Role.APPROVER)
    application = make_application(org, created_by=caseworker, status="submitted")
    return Side(org, caseworker, approver, application)


def world():
    return {
        "a": side("4601", 71),
        "b": side("0301", 72),
        "officer": officer(),
        "budget_holder": budget_holder(),
        "finance": finance(),
    }
