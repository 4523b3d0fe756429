"""Arabic first: a visitor sees Arabic until they choose French or English.

Django's LocaleMiddleware would follow the browser's Accept-Language, which
puts most visitors' phones in French or English; the registry is Arabic first,
so the choice is the visitor's (a `?lang=` link, kept in a cookie) and Arabic
otherwise.
"""

from django.conf import settings
from django.http import HttpResponseRedirect
from django.utils import translation

SUPPORTED = {code for code, _name in settings.LANGUAGES}


class DefaultArabicLocaleMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        chosen = request.GET.get("lang")
        if chosen in SUPPORTED and request.method == "GET":
            return self._remember(request, chosen)
        language = None
        if language is None:
            cookie = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
            language = cookie if cookie in SUPPORTED else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        translation.deactivate()
        return response

    @staticmethod
    def _remember(request, language: str) -> HttpResponseRedirect:
        """Keep the choice in a cookie and come back to the same page without `lang`.

        The redirect keeps addresses clean and keeps `lang` out of the admin's
        list filters, which reject parameters they do not know.
        """
        query = request.GET.copy()
        query.pop("lang")
        # "/" + the path without its leading slashes: "//evil.example/" stays on this site.
        target = "/" + request.path.lstrip("/") + (f"?{query.urlencode()}" if query else "")
        response = HttpResponseRedirect(target)
        response.set_cookie(
            settings.LANGUAGE_COOKIE_NAME,
            language,
            max_age=settings.LANGUAGE_COOKIE_AGE,
            samesite="Lax",
        )
        return response
