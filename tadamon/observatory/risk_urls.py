"""The social-risk page; tadamon/urls.py includes these at `observatory/risk/`, before the
observatory's `observatory/<code>/` pattern, which would otherwise take "risk" for a
territory code."""

from django.urls import path

from tadamon.observatory import risk_views

urlpatterns = [
    path("", risk_views.risk_page, name="observatory_risk"),
    path("method/", risk_views.risk_method, name="observatory_risk_method"),
]
