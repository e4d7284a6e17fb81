from organisations import rules as org_rules


def roles(request):
    """What the navigation needs to know about who is asking (one cached group query)."""
    user = getattr(request, "user", None)
    return {"user_is_finance": bool(user and org_rules.in_finance_group(user))}
