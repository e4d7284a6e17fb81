"""Portal pages for messages on a case and the user's notices. Thin: the rules decide what is
seen (casework.rules; another organisation's thread is a 404), the services write."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from casework import selectors, services
from casework.forms import MessageForm, NoticeDeliveryForm, ThreadStartForm
from casework.rules import may_write, may_write_internal, message_attachments_visible_to, threads_visible_to
from core.forms import form_errors_from
from core.list_filters import list_filters_read
from core.services import case_number_of, user_notice_delivery_set
from core.uploads import attachment_response


@login_required
def thread_list(request):
    threads = selectors.thread_list(request.user)
    years = selectors.thread_years(request.user)
    form, filters = list_filters_read(
        request,
        statuses=selectors.THREAD_STATUSES,
        years=years,
        search_label=_("Søk (saksnummer, emne eller organisasjon)"),
    )
    return render(
        request,
        "casework/thread_list.html",
        {
            "threads": selectors.threads_filtered(threads, **filters),
            "filter_form": form,
            "filtered": bool(filters),
            "any_threads": bool(years),
            "may_start": bool(selectors.cases_for_new_thread(request.user)),
        },
    )


@login_required
def thread_start(request):
    cases = selectors.cases_for_new_thread(request.user)
    asked = request.POST.get("case") or request.GET.get("sak") or ""
    if asked and asked not in {key for key, _label, _obj in cases}:
        case = selectors.case_from_key(request.user, asked)
        if case is not None and may_write(request.user, case):
            cases.append((asked, f"{case_number_of(case)} – {case}", case))
    by_key = {key: obj for key, _label, obj in cases}
    internal_ok = may_write_internal(request.user)
    if request.method == "POST":
        form = ThreadStartForm(request.POST, request.FILES, cases=cases, may_write_internal=internal_ok)
        if form.is_valid():
            try:
                thread = services.thread_start(
                    actor=request.user,
                    case=by_key[form.cleaned_data["case"]],
                    subject=form.cleaned_data["subject"],
                    body=form.cleaned_data["body"],
                    attachment=form.cleaned_data.get("attachment"),
                    internal=form.cleaned_data.get("internal", False),
                )
            except ValidationError as exc:
                form_errors_from(form, exc)
            else:
                messages.success(request, _("Meldingen er sendt."))
                return redirect("casework:thread", pk=thread.pk)
    else:
        form = ThreadStartForm(cases=cases, may_write_internal=internal_ok, initial={"case": request.GET.get("sak")})
    status = 400 if form.errors else 200
    return render(request, "casework/thread_start.html", {"form": form, "has_cases": bool(cases)}, status=status)


@login_required
def thread_detail(request, pk):
    thread = get_object_or_404(threads_visible_to(request.user), pk=pk)
    writable = may_write(request.user, thread)
    internal_ok = may_write_internal(request.user) and thread.organisation_id not in _own(request.user)
    form = MessageForm(may_write_internal=internal_ok)
    status = 200
    if request.method == "POST":
        if not writable:
            raise PermissionDenied
        form = MessageForm(request.POST, request.FILES, may_write_internal=internal_ok)
        if form.is_valid():
            try:
                services.message_post(
                    actor=request.user,
                    thread=thread,
                    body=form.cleaned_data["body"],
                    attachment=form.cleaned_data.get("attachment"),
                    internal=form.cleaned_data.get("internal", False),
                )
            except ValidationError as exc:
                form_errors_from(form, exc)
            else:
                messages.success(request, _("Meldingen er sendt."))
                return redirect("casework:thread", pk=thread.pk)
        status = 400
    items = list(selectors.thread_messages(request.user, thread))
    services.thread_mark_read(user=request.user, thread=thread)
    context = {"thread": thread, "items": items, "form": form, "writable": writable}
    return render(request, "casework/thread_detail.html", context, status=status)


def _own(user):
    from organisations.rules import organisation_ids_of

    return organisation_ids_of(user)


@login_required
def attachment_download(request, pk):
    attachment = get_object_or_404(message_attachments_visible_to(request.user), pk=pk)
    return attachment_response(attachment.file, filename=attachment.download_name, content_type=attachment.content_type)


@login_required
def notice_list(request, form=None, status=200):
    page = Paginator(selectors.notices_of(request.user), 25).get_page(request.GET.get("side"))
    form = form or NoticeDeliveryForm(initial={"notice_delivery": request.user.notice_delivery})
    return render(request, "casework/notice_list.html", {"page": page, "form": form}, status=status)


@login_required
@require_POST
def notice_settings(request):
    form = NoticeDeliveryForm(request.POST)
    if form.is_valid():
        try:
            user_notice_delivery_set(user=request.user, delivery=form.cleaned_data["notice_delivery"])
        except ValidationError as exc:
            form_errors_from(form, exc)
        else:
            messages.success(request, _("Valget ditt for varsler er lagret."))
            return redirect("casework:notices")
    return notice_list(request, form=form, status=400)
