"""The role × page matrix: every URL pattern of the URLconf (portal and admin, each
ModelAdmin's own views included), filled from the matrix world, against every role, with the
expected answer of each cell written down as rules.

- `routes()` walks the resolver. A pattern the tables here cannot fill becomes a failing cell
  naming the pattern, so a new URL is covered the day it appears.
- Admin pages of a model (changelist, add, change, delete, history, a history version) are
  expected from the IMDi groups' model permissions in `organisations.roles.GROUP_PERMISSIONS`,
  less what the admin never offers (`ADMIN_NEVER`), and the objects the admin must not show
  (`ADMIN_HIDDEN`). Every other page has its rule in `PAGES`.
"""

from dataclasses import dataclass, field

from django.contrib import admin
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from organisations.roles import BUDGET_HOLDER, FINANCE, GROUP_PERMISSIONS, OFFICER
from tests.security.matrix_world import ROLES

# --- outcomes -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Outcome:
    label: str
    statuses: tuple = ()
    location: str | None = None  # a redirect's target path
    refused: bool = False  # a refusal writes nothing

    def matches(self, response) -> bool:
        if response.status_code not in self.statuses:
            return False
        if self.location is None:
            return response.status_code != 302
        return response["Location"].split("?")[0] == self.location

    def __str__(self):
        return self.label


OK = Outcome("200", (200,))
FORBIDDEN = Outcome("403", (403,), refused=True)
NOT_FOUND = Outcome("404", (404,), refused=True)
NOT_ALLOWED = Outcome("405", (405,), refused=True)


def redirect(path: str, label: str | None = None, *, refused=False) -> Outcome:
    return Outcome(label or f"302→{path}", (302,), path, refused)


def LOGIN():  # noqa: N802 - read as a constant; reverse() needs the URLconf loaded
    return redirect(reverse("login"), "302→login", refused=True)


def ADMIN_LOGIN():  # noqa: N802
    return redirect(reverse("admin:login"), "302→admin login", refused=True)


def ADMIN_ABSENT():  # noqa: N802
    """The admin's answer for an object outside its queryset: back to the index ("does not exist")."""
    return redirect(reverse("admin:index"), "302→admin index (absent)", refused=True)


@dataclass(frozen=True)
class OneOf:
    """Either outcome is the rule (e.g. an object the admin hides: 404 or the admin's own
    "does not exist" redirect)."""

    options: tuple

    def matches(self, response) -> bool:
        return any(o.matches(response) for o in self.options)

    @property
    def refused(self) -> bool:
        return all(o.refused for o in self.options)

    def __str__(self):
        return " or ".join(str(o) for o in self.options)


def HIDDEN():  # noqa: N802
    return OneOf((NOT_FOUND, ADMIN_ABSENT()))


# --- URL patterns ---------------------------------------------------------------------------


@dataclass
class Route:
    key: str  # the URL name with namespace, or a stand-in for an unnamed admin pattern
    name: str | None
    route: str
    kwargs: tuple
    positional: int
    model_label: str | None = None  # for the admin's per-model patterns
    view: str | None = None  # changelist, add, change, delete, history, version, redirect, custom


STANDARD_SUFFIXES = ("changelist", "add", "change", "delete", "history")


def _admin_models_by_prefix():
    return {f"{m._meta.app_label}/{m._meta.model_name}/": m._meta.label_lower for m in admin.site._registry}


def routes() -> list[Route]:
    by_prefix = _admin_models_by_prefix()
    found = []

    def walk(patterns, prefix, namespace, model_label):
        for p in patterns:
            if isinstance(p, URLResolver):
                ns = namespace
                if p.namespace:
                    ns = f"{namespace}:{p.namespace}" if namespace else p.namespace
                label = by_prefix.get(str(p.pattern), model_label) if namespace == "admin" else model_label
                walk(p.url_patterns, prefix + str(p.pattern), ns, label)
            elif isinstance(p, URLPattern):
                found.append(_route(p, prefix, namespace, model_label))

    walk(get_resolver().url_patterns, "", None, None)
    return found


def _route(p, prefix, namespace, model_label) -> Route:
    regex = p.pattern.regex
    kwargs = tuple(regex.groupindex)
    positional = regex.groups - len(kwargs)
    name = f"{namespace}:{p.name}" if namespace and p.name else p.name
    route = Route(key=name or "", name=name, route=prefix + str(p.pattern), kwargs=kwargs, positional=positional)
    if namespace == "admin" and model_label:
        route.model_label = model_label
        base = f"admin:{model_label.replace('.', '_')}_"
        if name is None:
            route.key, route.view = f"{base}redirect", "redirect"
        elif name.startswith(base) and name[len(base) :] in STANDARD_SUFFIXES:
            route.view = name[len(base) :]
        elif name == f"{base}simple_history":
            route.view = "version"
        else:
            route.view = "custom"
    elif namespace == "admin" and name is None:
        route.key = "admin:catch_all" if "(?P<url>" in route.route else ""
    return route


# --- admin model pages: permissions -----------------------------------------------------------

ACTIONS = ("view", "add", "change", "delete")
READ_ONLY = frozenset({"add", "change", "delete"})
NO_ADD_DELETE = frozenset({"add", "delete"})
NO_DELETE = frozenset({"delete"})

# What the admin never offers on a model, whatever the user's groups (superusers included):
# case records are written by the services and never deleted.
ADMIN_NEVER = {
    "axes.accessattempt": frozenset({"add"}),
    "axes.accesslog": frozenset({"add"}),
    "axes.accessfailurelog": frozenset({"add"}),
    "core.caseevent": READ_ONLY,
    "core.sweeprun": READ_ONLY,
    "core.job": READ_ONLY,
    "core.notification": READ_ONLY,
    "organisations.bankaccountchange": READ_ONLY,  # confirmed or refused on the finance pages
    "organisations.joinrequest": READ_ONLY,  # decided on its own page (admin:…_joinrequest_decide)
    "schemes.budgetchange": frozenset({"change", "delete"}),  # decided on its approve/refuse pages
    "schemes.priorityarea": NO_ADD_DELETE,  # added and removed on its call's page
    "applications.application": NO_ADD_DELETE,
    "applications.assessment": NO_DELETE,
    "applications.decision": NO_DELETE,
    "applications.appeal": NO_DELETE,
    "applications.conflictofinterest": frozenset({"change", "delete"}),  # a declaration stands
    "applications.receptioncentreagreement": NO_DELETE,
    "applications.receptionoffer": READ_ONLY,
    "applications.grant": NO_ADD_DELETE,
    "applications.grantletter": READ_ONLY,
    "applications.acceptance": READ_ONLY,
    "applications.acceptancereminder": READ_ONLY,
    "applications.lettersendjob": READ_ONLY,
    "applications.projectyear": NO_ADD_DELETE,  # proposed and decided through its service form
    "payments.payment": READ_ONLY,
    "payments.payoutbatch": READ_ONLY,
    "payments.reaction": READ_ONLY,
    "reporting.reportobligation": READ_ONLY,
    "reporting.reportreminder": READ_ONLY,
    "casework.thread": READ_ONLY,
}

# The objects of each model the admin pages are opened on (world keys). Keys in ADMIN_HIDDEN
# are the municipality's own business (unsent applications and their log): no IMDi user,
# superusers included, may open them in the admin.
ADMIN_OBJECTS = {
    "auth.group": ["group"],
    "axes.accessattempt": ["accessattempt"],
    "axes.accesslog": ["accesslog"],
    "axes.accessfailurelog": ["accessfailurelog"],
    "django_celery_beat.periodictask": ["periodictask"],
    "django_celery_beat.clockedschedule": ["clockedschedule"],
    "django_celery_beat.crontabschedule": ["crontabschedule"],
    "django_celery_beat.solarschedule": ["solarschedule"],
    "django_celery_beat.intervalschedule": ["intervalschedule"],
    "core.user": ["user"],
    "core.caseevent": ["case_event_draft_a", "case_event_submitted_a"],
    "core.sweeprun": ["sweep_run"],
    "core.job": ["job"],
    "core.notification": ["notification"],
    "organisations.bankaccountchange": ["bank_account_change"],
    "otp_static.staticdevice": ["static_device"],
    "otp_totp.totpdevice": ["totp_device"],
    "schemes.budgetchange": ["budget_change"],
    "organisations.county": ["county"],
    "organisations.organisation": ["organisation"],
    "organisations.membership": ["membership"],
    "organisations.joinrequest": ["join_request"],
    "schemes.scheme": ["scheme"],
    "schemes.call": ["call"],
    "schemes.priorityarea": ["priority_area"],
    "schemes.appropriation": ["appropriation"],
    "schemes.rate": ["rate"],
    "applications.assessment": ["assessment"],
    "applications.decision": ["decision_dismissed_a", "decision_proposed_b"],
    "applications.appeal": ["appeal"],
    "applications.conflictofinterest": ["conflict"],
    "applications.receptioncentreagreement": ["agreement_a"],
    "applications.receptionoffer": ["reception_offer_a"],
    "applications.application": ["application_draft_a", "application_submitted_a"],
    "applications.grant": ["grant_accepted_a", "grant_unsent_a"],
    "applications.grantletter": ["letter_accepted_a"],
    "applications.acceptance": ["acceptance_a"],
    "applications.acceptancereminder": ["acceptance_reminder"],
    "applications.lettersendjob": ["letter_send_job"],
    "applications.projectyear": ["project_year_b"],
    "payments.payment": ["payment"],
    "payments.payoutbatch": ["batch"],
    "payments.reaction": ["reaction"],
    "reporting.reportobligation": ["obligation_a"],
    "reporting.reportreminder": ["report_reminder"],
    "casework.thread": ["thread_a"],
}
ADMIN_HIDDEN = {"application_draft_a", "case_event_draft_a"}
# Models whose admin queryset is the rules' visibility for the user (payout batches are
# finance's, reminders officers'): to anyone else the object does not exist, and Django's
# history pages look the object up before they ask for the permission.
ADMIN_SCOPED = {"payments.payoutbatch", "reporting.reportreminder"}


def _group_actions(group: str, model_label: str) -> set[str]:
    app_label, model_name = model_label.split(".")
    actions = set()
    for perm in GROUP_PERMISSIONS.get(group, []):
        perm_app, codename = perm.split(".")
        action, _, perm_model = codename.partition("_")
        if perm_app == app_label and perm_model == model_name:
            actions.add(action)
    return actions


def admin_actions(role, model_label: str) -> set[str]:
    """What the role may do with the model in the admin: its groups' permissions (all for a
    superuser), less what the admin never offers. A change permission implies reading."""
    if not role.staff:
        return set()
    groups = (_group_actions(g, model_label) for g in role.groups)
    actions = set(ACTIONS) if role.superuser else set().union(*groups)
    if "change" in actions:
        actions.add("view")
    return actions - ADMIN_NEVER.get(model_label, frozenset())


def admin_model_expect(role, route: Route, object_key: str | None, object_pk=None):
    if not role.staff:
        return ADMIN_LOGIN()
    actions = admin_actions(role, route.model_label)
    hidden = object_key in ADMIN_HIDDEN
    if route.view == "redirect":
        return redirect(reverse(f"admin:{route.model_label.replace('.', '_')}_change", args=[object_pk]))
    if route.view == "changelist":
        return OK if "view" in actions else FORBIDDEN
    if route.view == "add":
        return OK if "add" in actions else FORBIDDEN
    if route.view == "delete":
        if "delete" not in actions:
            return FORBIDDEN
        return HIDDEN() if hidden else OK
    if route.view in ("change", "history", "version"):
        if hidden:
            # Django asks for the permission first on the change page, for the object first
            # on the history pages; either way the object is not shown.
            return FORBIDDEN if route.view == "change" and "view" not in actions else HIDDEN()
        if "view" not in actions and route.view != "change" and route.model_label in ADMIN_SCOPED:
            return ADMIN_ABSENT()
        return OK if "view" in actions else FORBIDDEN
    raise AssertionError(f"no rule for admin view {route.view}")


# --- the other pages: rules -------------------------------------------------------------------


@dataclass
class Page:
    """`expect(role, ctx)` gives the outcome; `variants` the URL arguments, each a dict of
    kwarg → world key (or `Lit(value)`), with a label for the test id."""

    expect: object
    variants: dict = field(default_factory=lambda: {"-": {}})


@dataclass(frozen=True)
class Lit:
    value: object


def imdi(*groups):
    return lambda role: role.in_group(*groups)


ALL_IMDI = (OFFICER, BUDGET_HOLDER, FINANCE)


def public(role, ctx):
    return OK


def signed_in(role, ctx):
    return LOGIN() if role.anonymous else OK


def post_only(role, ctx):
    """A POST-only page: GET is refused (405) once past the login, and writes nothing."""
    return LOGIN() if role.anonymous else NOT_ALLOWED


def gated(allowed, *, then=OK):
    """Signed-in users for whom `allowed(role)` holds get `then`, others 403 (finance pages,
    officer pages)."""

    def expect(role, ctx):
        if role.anonymous:
            return LOGIN()
        return then if allowed(role) else FORBIDDEN

    return expect


def readers(owner_of, *, visible=lambda ctx: True, then=lambda role, ctx: OK):
    """A municipal page about one case: members of the owning organisation read it (once it is
    visible to them), everyone else, IMDi staff included, gets 404."""

    def expect(role, ctx):
        if role.anonymous:
            return LOGIN()
        if role.member_of(owner_of(ctx)) and visible(ctx):
            return then(role, ctx)
        return NOT_FOUND

    return expect


def admin_page(allowed):
    """A custom admin page: staff with `allowed(role)` get 200, other staff 403, everyone else
    the admin login."""

    def expect(role, ctx):
        if not role.staff:
            return ADMIN_LOGIN()
        return OK if allowed(role) else FORBIDDEN

    return expect


def obj_org(key):
    return lambda ctx: ctx.org_of(key)


# --- cells ------------------------------------------------------------------------------------


@dataclass
class Context:
    """One variant of a URL's arguments, resolved against the world."""

    world: object
    spec: dict

    def key(self, kwarg):
        value = self.spec[kwarg]
        return None if isinstance(value, Lit) else value

    def literal(self, kwarg):
        return self.spec[kwarg].value

    def obj(self, kwarg):
        return self.world[self.spec[kwarg]]

    def value(self, kwarg):
        """The URL argument: a literal, the object's secret for a `token`, else its primary key."""
        value = self.spec[kwarg]
        if isinstance(value, Lit):
            return value.value
        obj = self.world[value]
        if kwarg == "case":  # a case's public address: its case number, 24/00123 → 24-00123
            return obj.case_number.replace("/", "-")
        if kwarg == "case_number":  # the admin's timeline takes the case number as it is
            return obj.case_number
        return obj.token if kwarg == "token" else obj.pk

    def org_of(self, kwarg) -> str:
        obj = self.obj(kwarg)
        for path in ("organisation_id", "application.organisation_id", "grant.organisation_id"):
            target = obj
            try:
                for part in path.split("."):
                    target = getattr(target, part)
            except AttributeError:
                continue
            for org_key, org in self.world.orgs.items():
                if org.pk == target:
                    return org_key
        raise AssertionError(f"{self.spec[kwarg]} belongs to no organisation of the world")


@dataclass
class Cell:
    route: Route
    variant: str
    spec: dict
    role: str
    error: str = ""

    @property
    def id(self):
        variant = "" if self.variant == "-" else f"[{self.variant}]"
        return f"{self.route.key or self.route.route}{variant}@{self.role}"

    def url(self, world) -> str:
        ctx = Context(world, self.spec)
        route = self.route
        if route.view == "redirect":
            return reverse(f"admin:{route.model_label.replace('.', '_')}_changelist") + f"{ctx.value('object_id')}/"
        if route.key == "admin:catch_all":
            return reverse("admin:index") + ctx.value("url")
        if route.view == "version":
            obj = ctx.obj("object_id")
            return reverse(route.name, args=[obj.pk, obj.history.latest().history_id])
        return reverse(route.name, kwargs={k: ctx.value(k) for k in route.kwargs})

    def expect(self, world, role):
        from tests.security.matrix_pages import PAGES

        ctx = Context(world, self.spec)
        if self.route.view and self.route.view != "custom":
            key = self.spec.get("object_id")
            return admin_model_expect(role, self.route, key, ctx.value("object_id") if key else None)
        return PAGES[self.route.key].expect(role, ctx)


OBJECT_VIEWS = ("change", "delete", "history", "version", "redirect")


def _variants(route: Route):
    """The argument variants of a route, or an error saying why the matrix cannot fill it."""
    from tests.security.matrix_pages import PAGES

    if route.view and route.view != "custom":
        if route.view not in OBJECT_VIEWS:
            return {"-": {}}, ""
        keys = ADMIN_OBJECTS.get(route.model_label)
        if not keys:
            return {}, f"no object of {route.model_label} for {route.route}: add it to ADMIN_OBJECTS"
        return {key: {"object_id": key} for key in keys}, ""
    page = PAGES.get(route.key)
    if page is None:
        return {}, f"URL pattern {route.route!r} ({route.key or 'unnamed'}) has no rule: add it to matrix_pages.PAGES"
    for label, spec in page.variants.items():
        if set(spec) != set(route.kwargs) and route.key != "admin:catch_all":
            return {}, f"{route.key}[{label}] fills {sorted(spec)}, the pattern takes {sorted(route.kwargs)}"
    return page.variants, ""


def cells() -> list[Cell]:
    found = []
    for route in routes():
        variants, error = _variants(route)
        if error:
            found.append(Cell(route, "-", {}, "-", error=error))
            continue
        for label, spec in variants.items():
            found.extend(Cell(route, label, spec, role.name) for role in ROLES)
    return found


def stale_page_rules() -> list[str]:
    """Rules for URL names the URLconf no longer has."""
    from tests.security.matrix_pages import PAGES

    keys = {route.key for route in routes()}
    return sorted(set(PAGES) - keys)
