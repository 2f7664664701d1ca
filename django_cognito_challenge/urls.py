from django.urls import path

from . import views

app_name = "cognito_challenge"

urlpatterns = [
    path("login/", views.LoginView.as_view(), name="login"),
    path("login/new-password/", views.NewPasswordView.as_view(), name="new_password"),
    path("login/code/", views.CodeView.as_view(), name="code"),
    path("login/select-mfa/", views.SelectMfaView.as_view(), name="select_mfa"),
    path("login/mfa-setup/", views.MfaSetupView.as_view(), name="mfa_setup"),
    path("logout/", views.LogoutView.as_view(), name="logout"),
    path("security/", views.SecurityView.as_view(), name="security"),
]
