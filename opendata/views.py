"""The public pages of the published awards and the open-data downloads (no login)."""

from django.core.files.storage import default_storage
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import render
from django.views.decorators.http import require_safe

from opendata.awards import award_public
from opendata.selectors import (
    AwardFilter,
    award_filter_choices,
    award_years_of_case,
    awards_filter,
    awards_total,
    case_from_slug,
)
from opendata.services import FILES, published_file_path

PAGE_SIZE = 50


@require_safe
def award_list(request):
    award_filter = AwardFilter.from_params(request.GET)
    queryset = awards_filter(award_filter)
    page = Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("side"))
    query = request.GET.copy()
    query.pop("side", None)
    return render(
        request,
        "opendata/award_list.html",
        {
            "filter": award_filter,
            "choices": award_filter_choices(),
            "page": page,
            "awards": [award_public(grant) for grant in page.object_list],
            "total": awards_total(queryset),
            "query": query.urlencode(),
        },
    )


@require_safe
def award_detail(request, case):
    grants = list(award_years_of_case(case_from_slug(case)))
    if not grants:
        raise Http404
    years = [award_public(grant) for grant in grants]
    return render(
        request,
        "opendata/award_detail.html",
        {"award": years[0], "years": years, "total": sum(a.amount for a in years)},
    )


@require_safe
def downloads(request):
    files = {kind: default_storage.exists(published_file_path(kind)) for kind in FILES}
    return render(request, "opendata/downloads.html", {"files": files})


@require_safe
def download(request, kind):
    if kind not in FILES:
        raise Http404
    path = published_file_path(kind)
    if not default_storage.exists(path):
        raise Http404
    filename, content_type = FILES[kind]
    return FileResponse(default_storage.open(path, "rb"), filename=filename, content_type=content_type)
