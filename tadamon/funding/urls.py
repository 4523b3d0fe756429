from django.urls import path

from tadamon.funding import mine, views

app_name = "funding"
urlpatterns = [
    path("", views.funding_dashboard, name="dashboard"),
    path("payments/<int:pk>/", views.payment_trace, name="payment"),
    path("mine/", mine.my_funding, name="mine"),
    path(
        "mine/contracts/<int:contract_id>/metrics/<int:metric_id>/periods/<int:period_id>/",
        mine.report,
        name="report",
    ),
]
