from django.contrib import admin
from django.urls import include, path

from tadamon.api.urls import api

admin.site.site_header = "تضامن — Tadamon"
admin.site.site_title = "Tadamon"

urlpatterns = [
    path("", include("tadamon.portal.urls")),
    path("admin/", admin.site.urls),
    path("api/", api.urls),
    path("", include("tadamon.exports.urls")),
    path("", include("tadamon.selfservice.urls")),
]

handler404 = "tadamon.portal.errors.not_found"
handler500 = "tadamon.portal.errors.server_error"
handler403 = "tadamon.portal.errors.forbidden"
