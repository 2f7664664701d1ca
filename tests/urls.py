from django.contrib import admin
from django.contrib.auth import logout
from django.http import HttpResponse
from django.urls import include, path


def home(request):
    who = request.user.get_username() if request.user.is_authenticated else "anonymous"
    return HttpResponse(f"home: {who}")


def site_logout(request):
    """A site's own sign-out view that knows nothing of Cognito."""
    logout(request)
    return HttpResponse("bye")


urlpatterns = [
    path("admin/", admin.site.urls),
    path("site-logout/", site_logout),
    path("accounts/", include("django_cognito_challenge.urls")),
    path("home/", home),
]
