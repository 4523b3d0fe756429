from django.urls import path

from tadamon.funding import mine, queues, views

app_name = "funding"
urlpatterns = [
    path("", views.funding_dashboard, name="dashboard"),
    path("payments/<int:pk>/", views.payment_trace, name="payment"),
    path("mine/", mine.my_funding, name="mine"),
    path("evaluate/", queues.evaluation_queue, name="evaluate"),
    path("evaluate/<int:application_id>/", queues.evaluate, name="evaluate_one"),
    path("verify/", queues.verification_queue, name="verify"),
    path("verify/<int:result_id>/", queues.verify, name="verify_one"),
    path("evidence/<int:result_id>/", queues.evidence, name="evidence"),
    path(
        "mine/contracts/<int:contract_id>/metrics/<int:metric_id>/periods/<int:period_id>/",
        mine.report,
        name="report",
    ),
]
