"""The public portal's pages."""

from django.urls import path

from tadamon.portal import views

urlpatterns = [
    path("", views.home, name="home"),
    path("organizations/", views.directory, name="directory"),
    path("organizations/<str:registry_id>/", views.organization, name="organization"),
    path("map/", views.territory_map, name="map"),
    path("territories/<str:code>/", views.territory, name="territory"),
]
