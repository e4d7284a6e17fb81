"""What the IMDi admin classes of this app share: the role check and the service forms.

Every class asks the rules (applications.rules) for the role as well as the model
permission: a stray permission on a non-IMDi user is not enough. Every write goes through a
service."""

from django.core.exceptions import PermissionDenied, ValidationError

from applications import rules as app_rules
from core.admin import HistoryAdmin
from core.forms import form_errors_from


class RoleAdmin(HistoryAdmin):
    """Model permission AND role (a rules predicate on the user)."""

    view_rule = app_rules.admin_imdi
    add_rule = None
    change_rule = None

    @staticmethod
    def _allows(rule, user) -> bool:
        return rule is not None and rule(user)

    def has_module_permission(self, request):
        return self._allows(self.view_rule, request.user) and super().has_module_permission(request)

    def has_view_permission(self, request, obj=None):
        return self._allows(self.view_rule, request.user) and super().has_view_permission(request, obj)

    def has_add_permission(self, request):
        return self._allows(self.add_rule, request.user) and super().has_add_permission(request)

    def has_change_permission(self, request, obj=None):
        return self._allows(self.change_rule, request.user) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        # Case records are never deleted; history must stay whole.
        return False


class ServiceFormMixin:
    """Run the service inside form validation, so its refusals show next to the fields and
    nothing is half-saved (the admin's own save is then a no-op)."""

    def get_form(self, request, obj=None, change=False, **kwargs):
        form_class = super().get_form(request, obj, change=change, **kwargs)
        admin_self = self

        class Form(form_class):
            def _post_clean(inner):
                super()._post_clean()
                if inner.errors:
                    return
                try:
                    inner.service_result = admin_self.service_call(request, inner, obj)
                except ValidationError as exc:
                    form_errors_from(inner, exc)
                except PermissionDenied as exc:
                    inner.add_error(None, str(exc))

        return Form

    def save_form(self, request, form, change):
        return form.service_result

    def save_model(self, request, obj, form, change):
        pass

    def save_related(self, request, form, formsets, change):
        pass
