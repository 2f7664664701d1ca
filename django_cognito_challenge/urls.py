from django.urls import path

from . import challenges, views
from .views.first_factor import PasswordStepView
from .views.mfa import MfaTotpView
from .views.passkeys import PasskeyAddView, PasskeyRemoveView
from .views.password_change import PasswordChangeView
from .views.password_reset import PasswordResetConfirmView, PasswordResetView
from .views.sign_up import ConfirmSignUpView, SignUpView
from .views.step_pages import step_view

app_name = "cognito_challenge"

urlpatterns = [
    path("login/", views.LoginView.as_view(), name="login"),
    *(path(f"login/{page.replace('_', '-')}/", step_view(page), name=page)
      for page in challenges.pages()),
    path("login/password/", PasswordStepView.as_view(), name="password"),
    path("logout/", views.LogoutView.as_view(), name="logout"),
    path("password/reset/", PasswordResetView.as_view(), name="password_reset"),
    path("password/reset/confirm/", PasswordResetConfirmView.as_view(),
         name="password_reset_confirm"),
    path("signup/", SignUpView.as_view(), name="sign_up"),
    path("signup/confirm/", ConfirmSignUpView.as_view(), name="confirm_sign_up"),
    path("password/change/", PasswordChangeView.as_view(), name="password_change"),
    path("security/", views.SecurityView.as_view(), name="security"),
    path("security/mfa/totp/", MfaTotpView.as_view(), name="mfa_totp"),
    path("security/passkeys/add/", PasskeyAddView.as_view(), name="passkey_add"),
    path("security/passkeys/remove/", PasskeyRemoveView.as_view(), name="passkey_remove"),
]
