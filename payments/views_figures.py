"""IMDi's figures for the ministry: the page (tables, charts, definitions) and its XLSX export,
for IMDi staff (payments.view_figures). Thin: the form reads the count date, payments.figures
counts."""

import datetime as dt

from django.http import FileResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from core.calendar import today_oslo
from payments.figures import FIGURES, count_date_choices, figures_count
from payments.figures_xlsx import figures_xlsx_file
from payments.forms import FiguresForm
from payments.views import XLSX_TYPE, permission_required

figures_required = permission_required("payments.view_figures")


def _latest_count_date(today: dt.date) -> dt.date:
    """The latest 30 June or 31 December that has passed (the last report's count date)."""
    if today >= dt.date(today.year, 6, 30):
        return dt.date(today.year, 6, 30)
    return dt.date(today.year - 1, 12, 31)


def _form(request):
    data = request.GET if "count_date" in request.GET else {"count_date": _latest_count_date(today_oslo())}
    return FiguresForm(data)


@figures_required
def figures(request):
    form = _form(request)
    figures = figures_count(count_date=form.cleaned_data["count_date"]) if form.is_valid() else None
    this_year = today_oslo().year
    return render(
        request,
        "payments/figures.html",
        {
            "form": form,
            "figures": figures,
            "definitions": [(title, definition) for _name, _kind, title, definition in FIGURES],
            "columns": FIGURES,
            "choices": count_date_choices(range(this_year, this_year - 4, -1)),
        },
    )


@figures_required
def figures_export(request):
    form = _form(request)
    if not form.is_valid():
        return redirect(reverse("payments:figures") + "?" + request.GET.urlencode())
    count_date = form.cleaned_data["count_date"]
    return FileResponse(
        figures_xlsx_file(figures_count(count_date=count_date)),
        as_attachment=True,
        filename=f"imdi-tall-{count_date:%Y-%m-%d}.xlsx",
        content_type=XLSX_TYPE,
    )
