"""The example site: a home page, the sign-in pages at /accounts/ and the admin."""

from django.contrib import admin
from django.urls import include, path

from . import views

urlpatterns = [
    path("", views.home, name="home"),
    path("accounts/", include("django_cognito_challenge.urls")),
    path("admin/", admin.site.urls),
]
