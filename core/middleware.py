from django.middleware.locale import LocaleMiddleware


class PortalLocaleMiddleware(LocaleMiddleware):
    """Norwegian bokmål unless the user picked another language with the switcher.

    Django's LocaleMiddleware also follows the browser's Accept-Language, which would show
    English to most visitors with an English-language browser; a Norwegian public service
    answers in Norwegian until asked otherwise (the choice is kept in the language cookie)."""

    def process_request(self, request):
        request.META.pop("HTTP_ACCEPT_LANGUAGE", None)
        super().process_request(request)
