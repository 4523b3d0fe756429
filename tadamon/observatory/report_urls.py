"""The report downloads; tadamon/urls.py includes these at `observatory/report/`, before the
observatory's `observatory/<code>/` pattern. The dashboards link to
`/observatory/report/<code>/<year>/<lang>.pdf`."""

from django.urls import re_path

from tadamon.observatory import report_views

urlpatterns = [
    re_path(
        r"^(?P<code>[0-9A-Za-z+]{1,40})/(?P<year>[0-9]{4})/(?P<lang>ar|fr)\.(?P<fmt>pdf|html)$",
        report_views.territory_report,
        name="observatory_report",
    ),
]
