"""The admin change lists' rows, worked out once per column instead of once per cell.

Django's `items_for_result` asks, for every cell of every row, what the column is (a model field,
an admin method, an attribute), which CSS classes it gets, whether it links, and reverses the
row's change URL; on ten years of cases that was about a third of a list page's time. Here the
column's plan is made once per page and each cell only reads its value and formats it, with the
same HTML as Django's (tests/admin/test_admin_rows.py compares them for every list in the admin).
Lists Django renders differently (list_editable forms, popups, to_field) keep Django's code."""

import datetime
from collections.abc import Callable

from django.contrib.admin.templatetags.admin_list import _coerce_field_name, items_for_result
from django.contrib.admin.templatetags.admin_urls import add_preserved_filters
from django.contrib.admin.utils import (
    FieldIsAForeignKeyColumnName,
    _get_non_gfk_field,
    display_for_field,
    display_for_value,
    lookup_field,
    quote,
)
from django.core.exceptions import FieldDoesNotExist, ObjectDoesNotExist
from django.db import models
from django.urls import NoReverseMatch, reverse
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe

# A primary key no row has, reversed once and replaced by each row's own.
_PK_MARK = "0PORTALPK0"


def _link_in_col(is_first: bool, field_name, cl) -> bool:
    if cl.list_display_links is None:
        return False
    if is_first and not cl.list_display_links:
        return True
    return field_name in cl.list_display_links


class _Column:
    """One list_display entry: how to read a row's value and how to show it."""

    def __init__(self, cl, field_name, index, *, is_first: bool):
        model_admin = cl.model_admin
        self.name = field_name
        self.model_admin = model_admin
        self.link = _link_in_col(is_first, field_name, cl)
        self.empty = self.default_empty = model_admin.get_empty_value_display()
        self.classes = [f"field-{_coerce_field_name(field_name, index)}"]
        self.field = None
        self.read: Callable | None = None
        self.boolean = False
        self.choices = None
        self.nowrap = False
        try:
            field = _get_non_gfk_field(cl.lookup_opts, field_name)
        except (FieldDoesNotExist, FieldIsAForeignKeyColumnName):
            field = None
        if field is not None and not field.auto_created:
            self.field = field
            if isinstance(field.remote_field, models.ManyToOneRel):
                self.read = self._related
            else:
                if getattr(field, "flatchoices", None):
                    try:
                        self.choices = dict(field.flatchoices)
                    except TypeError:  # list-like choices: Django's own code handles them
                        self.choices = None
                        self.field = None
                self.read = self._field if self.field is not None else None
            if self.read is not None and isinstance(field, models.DateField | models.TimeField | models.ForeignKey):
                self.nowrap = True
        elif field is None and callable(field_name):
            self.read = self._callable
        elif field is None and hasattr(model_admin, field_name) and field_name != "__str__":
            attr = getattr(model_admin, field_name)
            self.empty = getattr(attr, "empty_value_display", self.empty)
            self.boolean = getattr(attr, "boolean", False)
            if field_name == "action_checkbox":
                self.classes = ["action-checkbox"]
            self._admin_attr = attr
            self.read = self._admin_method
        # Anything else (model attributes, properties, lookups across relations, auto-created
        # fields) is read through Django's lookup_field for each cell.
        self.missing_class = mark_safe(f' class="{" ".join(self.classes)}"')
        classes = [*self.classes, *(["nowrap"] if self.nowrap else [])]
        self.row_class = mark_safe(f' class="{" ".join(classes)}"')

    # --- readers: (result) -> (result_repr, extra classes) ---

    def _related(self, result):
        value = getattr(result, self.field.name)
        return (self.empty if value is None else value), ()

    def _field(self, result):
        value = getattr(result, self.field.attname)
        if isinstance(value, str) and value.strip() == "":
            value = ""
        if self.choices is not None:
            return self.choices.get(value, self.empty), ()
        return display_for_field(value, self.field, self.empty, avoid_link=self.link), ()

    def _callable(self, result):
        return self._value_repr(self.name(result), self.name)

    def _admin_method(self, result):
        return self._value_repr(self._admin_attr(result), self._admin_attr, boolean=self.boolean)

    def _value_repr(self, value, attr, *, boolean=None):
        if isinstance(value, str) and value.strip() == "":
            value = ""
        empty = getattr(attr, "empty_value_display", self.empty)
        if boolean is None:
            boolean = getattr(attr, "boolean", False)
        nowrap = ("nowrap",) if isinstance(value, datetime.date | datetime.time) else ()
        return display_for_value(value, empty, boolean), nowrap

    def _lookup(self, result):
        """Django's own path, for columns this module does not plan."""
        f, attr, value = lookup_field(self.name, result, self.model_admin)
        empty = getattr(attr, "empty_value_display", self.empty)
        if isinstance(value, str) and value.strip() == "":
            value = ""
        classes = []
        if f is None or f.auto_created:
            boolean = getattr(attr, "boolean", False)
            if isinstance(attr, property) and hasattr(attr, "fget"):
                boolean = getattr(attr.fget, "boolean", False)
            result_repr = display_for_value(value, empty, boolean)
            if isinstance(value, datetime.date | datetime.time):
                classes.append("nowrap")
        elif isinstance(f.remote_field, models.ManyToOneRel):
            field_val = getattr(result, f.name)
            result_repr = empty if field_val is None else field_val
        else:
            result_repr = display_for_field(value, f, empty, avoid_link=self.link)
        if isinstance(f, models.DateField | models.TimeField | models.ForeignKey):
            classes.append("nowrap")
        return result_repr, classes

    def cell(self, result):
        try:
            result_repr, extra = (self.read or self._lookup)(result)
        except ObjectDoesNotExist:
            return self.default_empty, self.missing_class
        if extra:
            return result_repr, mark_safe(f' class="{" ".join([*self.classes, *extra])}"')
        return result_repr, self.row_class


class RowPlan:
    """The columns of one change list page, and each row's cells as Django writes them."""

    def __init__(self, cl):
        self.cl = cl
        self.pk_attname = cl.lookup_opts.pk.attname
        self.columns = []
        first = True
        for index, field_name in enumerate(cl.list_display):
            column = _Column(cl, field_name, index, is_first=first)
            if column.link:
                first = False
            self.columns.append(column)
        self.url_template = self._url_template()

    def _url_template(self):
        cl = self.cl
        try:
            url = reverse(
                f"admin:{cl.opts.app_label}_{cl.opts.model_name}_change",
                args=(_PK_MARK,),
                current_app=cl.model_admin.admin_site.name,
            )
        except NoReverseMatch:
            return None
        return add_preserved_filters({"preserved_filters": cl.preserved_filters, "opts": cl.opts}, url)

    def items(self, result):
        first_link = True
        for column in self.columns:
            result_repr, row_class = column.cell(result)
            if column.link:
                tag = "th" if first_link else "td"
                first_link = False
                if self.url_template is None:
                    inner = conditional_escape(result_repr)
                else:
                    url = self.url_template.replace(_PK_MARK, str(quote(getattr(result, self.pk_attname))))
                    inner = f'<a href="{conditional_escape(url)}">{conditional_escape(result_repr)}</a>'
                yield mark_safe(f"<{tag}{row_class}>{inner}</{tag}>")
            else:
                yield mark_safe(f"<td{row_class}>{conditional_escape(result_repr)}</td>")


def rows_plannable(cl) -> bool:
    """Lists whose rows this module writes; the others keep Django's items_for_result."""
    return not (getattr(cl, "formset", None) or cl.is_popup or cl.to_field)


def rows_items(cl):
    """Each row's cells: planned once per page where possible, else Django's own."""
    from django.contrib.admin.templatetags.admin_list import ResultList

    if not rows_plannable(cl):
        if getattr(cl, "formset", None):
            pairs = zip(cl.result_list, cl.formset.forms, strict=True)
            return [ResultList(form, items_for_result(cl, res, form)) for res, form in pairs]
        return [ResultList(None, items_for_result(cl, res, None)) for res in cl.result_list]
    plan = RowPlan(cl)
    return [ResultList(None, plan.items(res)) for res in cl.result_list]
