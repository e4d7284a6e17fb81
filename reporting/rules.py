"""Who may see report obligations and reports (django `rules` predicates live beside them).

Obligations belong to a grant and follow its visibility (applications.rules.grants_visible_to):
IMDi staff see every obligation; a municipal user those of their organisations' grants."""

from applications.rules import grants_visible_to


def obligations_visible_to(user):
    from reporting.models import ReportObligation

    return ReportObligation.objects.filter(grant__in=grants_visible_to(user))
