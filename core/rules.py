"""What core asks about a user, by permission name only.

Core is the bottom layer and knows no roles: it names the questions it needs answered, and the
app that knows who is who (organisations.rules, which builds on the IMDi groups) registers the
predicate for each with django `rules`. Until one is registered the answer is no, except for
an active superuser (Django's ModelBackend grants a superuser every permission)."""

# IMDi staff (any IMDi role, superusers included): may read every case's full log and notices.
ACT_AS_IMDI_STAFF = "core.act_as_imdi_staff"


def acts_as_imdi_staff(user) -> bool:
    return bool(getattr(user, "is_authenticated", False)) and user.has_perm(ACT_AS_IMDI_STAFF)
