from django.http import QueryDict
from django.middleware.locale import LocaleMiddleware


class PortalLocaleMiddleware(LocaleMiddleware):
    """Norwegian bokmål unless the user picked another language with the switcher.

    Django's LocaleMiddleware also follows the browser's Accept-Language, which would show
    English to most visitors with an English-language browser; a Norwegian public service
    answers in Norwegian until asked otherwise (the choice is kept in the language cookie)."""

    def process_request(self, request):
        request.META.pop("HTTP_ACCEPT_LANGUAGE", None)
        super().process_request(request)


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
