"""What every sign-in view shares: the security decorators and Cognito error handling.

An outage or a rate limit (an error with a ``status``) answers the "try again" page; any other
failure restarts the sign-in or shows on the form.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.shortcuts import redirect
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.debug import sensitive_post_parameters
from django.views.generic.edit import FormView

from .. import admin_look, devices
from ..cognito.errors import CognitoError
from ..flow import Outcome
from .unavailable import try_again

#: Every field that carries a secret, on any page: hidden from Django's error reports.
SENSITIVE = ("password", "new_password1", "new_password2", "password1", "password2", "code",
             "answer", "credential")


@method_decorator([sensitive_post_parameters(*SENSITIVE), csrf_protect, never_cache],
                  name="dispatch")
class SecretFormView(FormView):
    """A form that takes passwords or codes: never cached, CSRF-checked by itself (not only by
    the middleware), and its secrets kept out of error reports."""

    http_method_names = ["get", "post", "head", "options"]


# SECURITY: a subclass's guard runs before SecretFormView's decorated dispatch, so this dispatch
# carries never_cache and csrf_protect of its own: a redirect the guard answers is not cached.
@method_decorator([csrf_protect, never_cache], name="dispatch")
class GuardedFormView(SecretFormView):
    """A secret form that some visitors are sent away from before it is shown."""

    def dispatch(self, request, *args, **kwargs):
        return self.turned_away(request) or super().dispatch(request, *args, **kwargs)

    def turned_away(self, request):
        """The response for a visitor who may not use this page now, else None."""
        return None


def next_of(request) -> str:
    """Where to go once signed in, as posted or in the query (checked when it is followed)."""
    return request.POST.get(REDIRECT_FIELD_NAME) or request.GET.get(REDIRECT_FIELD_NAME, "")


class SendsCodeAgain:
    """A code page whose second button (``action=resend``) sends another code, then shows the
    page again saying so, or why not (the refusal in the words of ``refusal_form``)."""

    refusal_form: type = None  #: the form whose ``message_for`` words a refusal
    page = ""  #: this page's URL name, in the app's namespace

    def post(self, request, *args, **kwargs):
        if request.POST.get("action") == "resend":
            try:
                self.send_again()
            except CognitoError as error:
                messages.error(request, self.refusal_form().message_for(error))
            else:
                messages.success(request, _("A new code is on its way. Only the newest code "
                                            "works."))
            return redirect(f"cognito_challenge:{self.page}")
        return super().post(request, *args, **kwargs)

    def send_again(self) -> None:
        raise NotImplementedError


class SignInFormView(SecretFormView):
    """A ``FormView`` whose Cognito errors say "try again", restart the sign-in or show on the
    form."""

    def proceed(self, form, step):
        """Run a flow step and go where it leads, or show why it could not."""
        try:
            return finish(self.request, step())
        except CognitoError as error:
            return self.fail(form, error)

    def began_at(self) -> str:
        """The admin site whose log-in began this sign-in, if any."""
        return ""

    def fail(self, form, error: CognitoError):
        outage = self.outage(error)
        if outage is not None:
            return outage
        if error.restart:
            return restart(self.request, form.message_for(error), self.began_at())
        form.add_cognito_error(error)
        return self.form_invalid(form)

    def outage(self, error: CognitoError):
        """The "try again" page for an outage or a rate limit, else None.

        "Try again" leads back to this step when the pending sign-in was kept, else to the
        sign-in page (the admin's, when the sign-in began there).
        """
        if not error.status:
            return None
        retry = (admin_look.login_url(self.began_at()) if error.restart
                 else self.request.get_full_path())
        return try_again(self.request, error, retry, self.began_at())


def finish(request, outcome: Outcome):
    """Redirect where the flow leads, setting or deleting the remembered-device cookie."""
    return devices.apply_cookie(request, redirect(outcome.url), outcome.device_cookie)


def restart(request, message: str, admin_site: str = ""):
    """Back to the sign-in page (the admin's, when it began there), saying why."""
    messages.error(request, message, fail_silently=True)
    return redirect(admin_look.login_url(admin_site))
