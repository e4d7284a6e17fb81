def report_obligations_create_for_grant(*, grant):
    """Create the grant's report obligations from the call's report deadlines (reporting
    issue). Called by the acceptance service inside its transaction; must be idempotent."""
    return []
