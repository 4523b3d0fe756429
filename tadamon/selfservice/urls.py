"""Organization self-service: a representative's own pages, logging in, invitations."""

from django.urls import path

from tadamon.selfservice import auth, declarations, invitations, views

app_name = "selfservice"
urlpatterns = [
    path("login/", auth.LoginView.as_view(), name="login"),
    path("logout/", auth.logout, name="logout"),
    path("my/", views.dashboard, name="dashboard"),
    path("my/profile/", views.profile, name="profile"),
    path("my/declarations/<int:year>/", declarations.declaration, name="declaration"),
    path("my/declarations/<int:year>/check/", declarations.check, name="declaration_check"),
    path("invitation/<str:token>/", invitations.accept, name="invitation"),
    path("invitations/new/<int:organization_id>/", invitations.invite, name="invite"),
    path("invitations/<int:invitation_id>/revoke/", invitations.revoke, name="revoke_invitation"),
]
