from portal.rules import shows_finance_navigation


def roles(request):
    """What the navigation needs to know about who is asking (one cached group query)."""
    return {"user_is_finance": shows_finance_navigation(getattr(request, "user", None))}
