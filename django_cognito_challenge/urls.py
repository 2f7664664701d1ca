from django.urls import path

from . import challenges, views
from .views.steps import step_view

app_name = "cognito_challenge"

urlpatterns = [
    path("login/", views.LoginView.as_view(), name="login"),
    *(path(f"login/{page.replace('_', '-')}/", step_view(page), name=page)
      for page in challenges.pages()),
    path("logout/", views.LogoutView.as_view(), name="logout"),
    path("security/", views.SecurityView.as_view(), name="security"),
]
