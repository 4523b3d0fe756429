"""Open data: the page, its downloads and each organization's Murmurations profile."""

from django.urls import path

from tadamon.exports import views

app_name = "exports"
urlpatterns = [
    path("open-data/", views.open_data, name="open_data"),
    path("open-data/<str:name>", views.download, name="download"),
    path(
        "organizations/<str:registry_id>/murmurations.json",
        views.organization_murmurations,
        name="murmurations",
    ),
]
