from django.urls import path

from tadamon.funding import views

app_name = "funding"
urlpatterns = [
    path("", views.funding_dashboard, name="dashboard"),
    path("payments/<int:pk>/", views.payment_trace, name="payment"),
]
