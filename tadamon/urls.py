from django.contrib import admin
from django.urls import path

from tadamon.api.urls import api
from tadamon.portal import views as portal_views

admin.site.site_header = "تضامن — Tadamon"
admin.site.site_title = "Tadamon"

urlpatterns = [
    path("", portal_views.home, name="home"),
    path("admin/", admin.site.urls),
    path("api/", api.urls),
]

handler404 = "tadamon.portal.errors.not_found"
handler500 = "tadamon.portal.errors.server_error"
handler403 = "tadamon.portal.errors.forbidden"
