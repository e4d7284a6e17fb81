from django.http import QueryDict
from django.middleware.locale import LocaleMiddleware
from django.utils.cache import patch_cache_control

_ADMIN_PREFIX = "/admin/"


class PortalLocaleMiddleware(LocaleMiddleware):
    """Norwegian bokmål unless the user picked another language with the switcher.

    Django's LocaleMiddleware also follows the browser's Accept-Language, which would show
    English to most visitors with an English-language browser; a Norwegian public service
    answers in Norwegian until asked otherwise (the choice is kept in the language cookie)."""

    def process_request(self, request):
        request.META.pop("HTTP_ACCEPT_LANGUAGE", None)
        super().process_request(request)


class PrivateCacheMiddleware:
    """`Cache-Control: private, no-store` on everything a signed-in user gets (pages, downloads,
    letters, finance exports, the admin) and on every file download: neither a shared proxy nor
    the browser's disk cache may keep a copy. Public pages for anonymous visitors stay cacheable.
    The one place this is decided, so no view can forget it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        signed_in = user is not None and user.is_authenticated
        is_download = response.has_header("Content-Disposition")
        if signed_in or is_download or request.path.startswith(_ADMIN_PREFIX):
            patch_cache_control(response, private=True, no_store=True)
        return response


class QueryNulMiddleware:
    """Removes NUL characters from query parameters. No real input contains one, and
    PostgreSQL refuses them in any query: a list filtered on `?status=%00` would be a server
    error instead of an empty list. (Posted forms refuse NUL in their own fields.)"""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if "\x00" in request.GET.urlencode() or "%00" in request.META.get("QUERY_STRING", ""):
            cleaned = QueryDict(mutable=True)
            for key, values in request.GET.lists():
                cleaned.setlist(key.replace("\x00", ""), [value.replace("\x00", "") for value in values])
            cleaned._mutable = False
            request.GET = cleaned
        return self.get_response(request)
