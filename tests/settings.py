"""Django settings for the test suite."""

SECRET_KEY = "tests-only-not-secret"
DEBUG = False
USE_TZ = True
ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1"]
INSTALLED_APPS = [
    "django_cognito_challenge.admin_apps.CognitoAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",  # the live server serves the admin's CSS in browser tests
    "django_cognito_challenge",
    "django_otp",
    "django_cognito_challenge.otp",
]
DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"}}
MIDDLEWARE = [
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django_cognito_challenge.middleware.CognitoRefreshMiddleware",
]
TEMPLATES = [{
    "BACKEND": "django.template.backends.django.DjangoTemplates",
    "APP_DIRS": True,
    "OPTIONS": {"context_processors": [
        "django.template.context_processors.request",
        "django.contrib.auth.context_processors.auth",
        "django.contrib.messages.context_processors.messages",
    ]},
}]
AUTHENTICATION_BACKENDS = ["django_cognito_challenge.backends.CognitoBackend"]
ROOT_URLCONF = "tests.urls"
LOGIN_URL = "cognito_challenge:login"
LOGIN_REDIRECT_URL = "/home/"
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
# The cognito fixture points these at a fresh local pool for each test.
COGNITO_CHALLENGE_REGION = "us-east-1"
COGNITO_CHALLENGE_USER_POOL_ID = "us-east-1_unset"
COGNITO_CHALLENGE_CLIENT_ID = "unset"
STATIC_URL = "/static/"
