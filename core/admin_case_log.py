"""What keeps the case log's admin list cheap on ten years of events (core.admin.CaseEventAdmin):
an event filter drawn from the labels instead of a DISTINCT over the log, and keyset pagination
instead of page numbers: a page is the events older ("Eldre") or newer ("Nyere") than a key
(created_at, id) in the URL, read from the (created_at, id) indexes with no count at all, and it
stays the same page when new events are written meanwhile."""

import datetime
import re

from django.contrib import admin
from django.contrib.admin.views.main import ChangeList
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.case_event_labels import EVENT_LABELS

OLDER_VAR = "eldre"  # the events older than this key, newest first
NEWER_VAR = "nyere"  # the events newer than this key, shown newest first
_EPOCH = datetime.datetime(1970, 1, 1, tzinfo=datetime.UTC)
_KEY = re.compile(r"(\d{1,18})-(\d{1,18})")


class CaseEventActionFilter(admin.SimpleListFilter):
    title = _("hendelse")
    parameter_name = "action"

    def lookups(self, request, model_admin):
        return sorted(((action, label) for action, label in EVENT_LABELS.items()), key=lambda item: str(item[1]))

    def queryset(self, request, queryset):
        return queryset.filter(action=self.value()) if self.value() else queryset


def case_event_key_encode(event) -> str:
    """The key of an event in a URL: microseconds since 1970 and the id ("1733130000123456-42")."""
    return f"{(event.created_at - _EPOCH) // datetime.timedelta(microseconds=1)}-{event.pk}"


def case_event_key_decode(value):
    """(created_at, id) from a key, or None for anything else (then the list starts at the newest)."""
    match = _KEY.fullmatch(value or "")
    if not match:
        return None
    try:
        created_at = _EPOCH + datetime.timedelta(microseconds=int(match[1]))
    except OverflowError:
        return None
    return created_at, int(match[2])


class KeysetChangeList(ChangeList):
    """The case log's change list, newest first, a page at a time by key: one query for the rows
    (list_per_page + 1, the extra one says whether there is an older page), none for a count."""

    def __init__(self, request, *args, **kwargs):
        self.older_than = case_event_key_decode(request.GET.get(OLDER_VAR))
        self.newer_than = None if self.older_than else case_event_key_decode(request.GET.get(NEWER_VAR))
        super().__init__(request, *args, **kwargs)
        for var in (OLDER_VAR, NEWER_VAR):  # not carried into the search form's hidden fields
            self.params.pop(var, None)
            self.filter_params.pop(var, None)

    def get_filters_params(self, params=None):
        lookup_params = super().get_filters_params(params)
        for var in (OLDER_VAR, NEWER_VAR):
            lookup_params.pop(var, None)
        return lookup_params

    def get_query_string(self, new_params=None, remove=None):
        # A filter, search or facet link starts again at the newest events.
        return super().get_query_string(new_params, [*(remove or []), OLDER_VAR, NEWER_VAR])

    def get_ordering(self, request, queryset):
        return ["-created_at", "-id"]

    def get_results(self, request):
        size = self.list_per_page
        rows = None
        if self.newer_than:
            created_at, pk = self.newer_than
            newer = self.queryset.filter(created_at__gte=created_at).filter(Q(created_at__gt=created_at) | Q(id__gt=pk))
            rows = list(newer.order_by("created_at", "id")[: size + 1])
            self.has_newer, self.has_older = len(rows) > size, True
            rows = rows[:size][::-1]
            if len(rows) < size:  # fewer than a page newer than the key: the newest page instead
                self.newer_than, rows = None, None
        if rows is None:
            older = self.queryset
            if self.older_than:
                created_at, pk = self.older_than
                older = older.filter(created_at__lte=created_at).filter(Q(created_at__lt=created_at) | Q(id__lt=pk))
            rows = list(older[: size + 1])
            self.has_older, self.has_newer = len(rows) > size, self.older_than is not None
            rows = rows[:size]
        self.older_url = self.get_query_string({OLDER_VAR: case_event_key_encode(rows[-1])}) if self.has_older else ""
        self.newer_url = ""
        if self.has_newer:
            # Nothing older than the key any more (a key from an old link): back to the newest.
            self.newer_url = self.get_query_string({NEWER_VAR: case_event_key_encode(rows[0])} if rows else {})
        self.result_list = rows
        self.result_count = len(rows)
        self.full_result_count = None
        self.show_full_result_count = False
        self.show_admin_actions = True
        self.can_show_all = False
        self.multi_page = self.has_older or self.has_newer
        self.paginator = None
