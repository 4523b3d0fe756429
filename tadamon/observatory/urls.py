"""The observatory's pages under /observatory/."""

from django.urls import path

from tadamon.observatory import views

urlpatterns = [
    path("observatory/", views.territory_dashboard, name="observatory"),
    path("observatory/indicators/", views.indicator_list, name="observatory_indicators"),
    path(
        "observatory/indicators/<slug:code>/",
        views.indicator_detail,
        name="observatory_indicator",
    ),
    path("observatory/targets/", views.targets_page, name="observatory_targets"),
    path("observatory/quality/", views.quality_page, name="observatory_quality"),
    path(
        "observatory/<str:code>/",
        views.territory_dashboard,
        name="observatory_territory",
    ),
]
