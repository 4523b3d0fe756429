"""The project's URLs with the social-risk page at /observatory/risk/, for its tests until
the project includes tadamon.observatory.risk_urls itself (before `observatory/<code>/`)."""

from django.urls import include, path

from tadamon.urls import handler403, handler404, handler500  # noqa: F401 -- the same error pages
from tadamon.urls import urlpatterns as project_urlpatterns

urlpatterns = [
    path("observatory/risk/", include("tadamon.observatory.risk_urls")),
    *project_urlpatterns,
]
