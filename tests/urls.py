from django.contrib import admin
from django.contrib.auth import logout
from django.http import HttpResponse
from django.urls import include, path
from django_otp.admin import OTPAdminSite
from django_otp.decorators import otp_required


def home(request):
    who = request.user.get_username() if request.user.is_authenticated else "anonymous"
    return HttpResponse(f"home: {who}")


@otp_required
def verified_only(request):
    """A page for people a second factor verified (django-otp's ``otp_required``)."""
    return HttpResponse(f"verified: {request.user.get_username()}")


#: django-otp's admin site: staff, and verified.
otp_admin_site = OTPAdminSite(OTPAdminSite.name)


def site_logout(request):
    """A site's own sign-out view that knows nothing of Cognito."""
    logout(request)
    return HttpResponse("bye")


urlpatterns = [
    path("admin/", admin.site.urls),
    path("otp-admin/", otp_admin_site.urls),
    path("verified-only/", verified_only),
    path("site-logout/", site_logout),
    path("accounts/", include("django_cognito_challenge.urls")),
    path("home/", home),
]
