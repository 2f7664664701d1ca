"""The change-password page of a signed-in person."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.mixins import LoginRequiredMixin
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import redirect
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.debug import sensitive_post_parameters, sensitive_variables
from django.views.generic.edit import FormView

from .. import password_change, session_tokens
from ..cognito import errors
from ..conf import app_settings
from ..forms_password import PasswordChangeForm


@method_decorator([sensitive_post_parameters("old_password", "new_password1", "new_password2"),
                   csrf_protect, never_cache], name="dispatch")
class PasswordChangeView(LoginRequiredMixin, FormView):
    """Changes the signed-in person's password; their other sessions on this site end."""

    form_class = PasswordChangeForm
    template_name = "cognito_challenge/password_change.html"
    http_method_names = ["get", "post", "head", "options"]

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and session_tokens.expires_at(request) is None:
            # Signed in some other way (another backend): Cognito's password needs its tokens.
            messages.info(request, _("Sign in with your account to change its password."))
            return redirect_to_login(request.get_full_path())
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs),
                "signs_out_everywhere": app_settings.PASSWORD_CHANGE_SIGNS_OUT_EVERYWHERE}

    @sensitive_variables()
    def form_valid(self, form):
        data = form.cleaned_data
        try:
            everywhere = password_change.change(self.request, data["old_password"],
                                                data["new_password1"])
        except errors.RefreshFailed as error:
            session_tokens.clear(self.request)  # dead at Cognito: nothing left to revoke
            logout(self.request)
            messages.error(self.request, error.message)
            return redirect_to_login(self.request.get_full_path())
        except errors.CognitoError as error:
            form.add_cognito_error(error)
            return self.form_invalid(form)
        if everywhere:
            messages.success(self.request, _("Your password was changed and you were signed out "
                                             "everywhere. Sign in with your new password."))
            return redirect("cognito_challenge:login")
        messages.success(self.request, _("Your password was changed. Your other sessions on "
                                         "this site were signed out."))
        return redirect("cognito_challenge:security")
