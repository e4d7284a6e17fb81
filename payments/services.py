def payment_plan_create_for_grant(*, grant):
    """Create the grant's payments from the call's payout terms (payments issue). Called by
    the acceptance service inside its transaction; must be idempotent."""
    return []
