"""One way to move a case: `transition_apply` and `available_actions`.

Each lifecycle is a django-fsm-2 state machine on its model. A transition declares
- its source and target states,
- `permission=` (a `rules` permission name, checked with the object: who may do it),
- where pure, `conditions=` (facts about the object itself: "has a case number"),
- `custom={"label": …}` when a person may choose it (the buttons come from these).

Services move a case only through `transition_apply`, which checks state, conditions and
permission, turns a refusal into a clear Norwegian error, saves the status (recording the
acting user in the model history) and writes the case event from → to. Rules that need
locks or sums (frames, deadlines, four eyes) stay in the service that owns them.

System work (sweeps, tasks) passes `actor=None`: it is trusted, and only state and
conditions are checked.
"""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _
from django_fsm import TransitionNotAllowed

from core.services import case_event_record


class TransitionRefused(ValidationError):
    """A transition that may not happen now (wrong state or a failed condition)."""


@dataclass(frozen=True)
class Action:
    """A transition a user may take now, as a button or link shows it."""

    name: str
    label: str
    target: str
    confirm: str = ""
    style: str = ""

    def __str__(self):
        return self.name


def _meta(obj, transition: str):
    method = getattr(obj, transition, None)
    meta = getattr(method, "_django_fsm", None)
    if meta is None:
        raise AttributeError(f"{type(obj).__name__}.{transition} is not a state transition")
    return method, meta


def _state_label(obj, field_name: str) -> str:
    display = getattr(obj, f"get_{field_name}_display", None)
    return str(display()) if display else str(getattr(obj, field_name))


def transition_check(*, obj, transition: str, actor=None) -> None:
    """Raise TransitionRefused / PermissionDenied unless `actor` may take `transition` now."""
    method, meta = _meta(obj, transition)
    field_name = meta.field if isinstance(meta.field, str) else meta.field.name
    state = getattr(obj, field_name)
    if not meta.has_transition(state):
        raise TransitionRefused(
            _("Dette kan ikke gjøres når status er «%(status)s».") % {"status": _state_label(obj, field_name)}
        )
    if not meta.conditions_met(obj, state):
        failed = [c for c in (meta.get_transition(state).conditions or []) if not c(obj)]
        raise TransitionRefused([str(getattr(c, "refusal", _("Vilkårene for dette er ikke oppfylt."))) for c in failed])
    if actor is not None and not meta.has_transition_perm(obj, state, actor):
        raise PermissionDenied(_("Du har ikke tilgang til å gjøre dette i saken."))


def transition_apply(
    *,
    obj,
    transition: str,
    actor,
    event: str,
    subject=None,
    message: str = "",
    data: dict | None = None,
    update_fields=(),
    error=None,
    **kwargs,
):
    """Apply `transition` on `obj` for `actor`, save and write the case event.

    `obj` should be locked by the caller (select_for_update) when races matter. `update_fields`
    are the other fields the service changed with the status. `subject` is the case-log subject
    (defaults to `obj`). `error` may map the refusal to a service's own exception class
    (called with the message)."""
    try:
        transition_check(obj=obj, transition=transition, actor=actor)
    except TransitionRefused as exc:
        if error is not None:
            raise error(" ".join(exc.messages)) from exc
        raise
    method, meta = _meta(obj, transition)
    field_name = meta.field if isinstance(meta.field, str) else meta.field.name
    before = getattr(obj, field_name)
    try:
        method(**kwargs)
    except TransitionNotAllowed as exc:  # a race between the check and the call
        refused = TransitionRefused(_("Saken er endret av noen andre. Last siden på nytt."))
        if error is not None:
            raise error(refused.messages[0]) from exc
        raise refused from exc
    if getattr(actor, "is_authenticated", False):
        obj._history_user = actor
    fields = [field_name, *update_fields]
    if any(f.name == "updated_at" for f in obj._meta.concrete_fields):
        fields.append("updated_at")
    obj.save(update_fields=list(dict.fromkeys(fields)))
    case_event_record(
        subject=subject if subject is not None else obj,
        action=event,
        actor=actor,
        from_state=before,
        to_state=getattr(obj, field_name),
        message=message,
        data=data,
    )
    return obj


def available_actions(obj, user, field: str = "status") -> list[Action]:
    """The transitions `user` may take on `obj` now that carry a label (the user-facing ones)."""
    if obj is None or not getattr(user, "is_authenticated", False):
        return []
    getter = getattr(obj, f"get_available_user_{field}_transitions", None)
    if getter is None:
        return []
    actions = []
    for t in getter(user):
        custom = t.custom or {}
        if not custom.get("label"):
            continue
        actions.append(
            Action(
                name=t.name,
                label=str(custom["label"]),
                target=str(t.target),
                confirm=str(custom.get("confirm", "")),
                style=str(custom.get("style", "")),
            )
        )
    return actions


def may(obj, user, transition: str) -> bool:
    """True if `user` may take `transition` on `obj` now (state, conditions and permission)."""
    try:
        transition_check(obj=obj, transition=transition, actor=user)
    except (TransitionRefused, PermissionDenied):
        return False
    return getattr(user, "is_authenticated", False)
