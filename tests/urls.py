from django.http import HttpResponse
from django.urls import include, path


def home(request):
    who = request.user.get_username() if request.user.is_authenticated else "anonymous"
    return HttpResponse(f"home: {who}")


urlpatterns = [
    path("accounts/", include("django_cognito_challenge.urls")),
    path("home/", home),
]
