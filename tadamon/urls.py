from django.contrib import admin
from django.urls import include, path

from tadamon.api.urls import api
from tadamon.selfservice import auth as selfservice_auth

admin.site.site_header = "تضامن — Tadamon"
admin.site.site_title = "Tadamon"

urlpatterns = [
    path("", include("tadamon.portal.urls")),
    path("observatory/risk/", include("tadamon.observatory.risk_urls")),
    path("observatory/report/", include("tadamon.observatory.report_urls")),
    path("", include("tadamon.observatory.urls")),
    path("funding/", include("tadamon.funding.urls")),
    # Before the admin's own URLs: its login counts failures as the portal's does.
    path("admin/login/", selfservice_auth.admin_login, name="admin_login"),
    path("admin/", admin.site.urls),
    path("api/", api.urls),
    path("", include("tadamon.exports.urls")),
    path("", include("tadamon.selfservice.urls")),
]

handler404 = "tadamon.portal.errors.not_found"
handler500 = "tadamon.portal.errors.server_error"
handler403 = "tadamon.portal.errors.forbidden"
