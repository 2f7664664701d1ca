"""The sign-in page: username and password, the first factor."""

from __future__ import annotations

from django.contrib.auth import REDIRECT_FIELD_NAME
from django.views.decorators.debug import sensitive_variables

from .. import admin_look, flow
from ..cognito.errors import CognitoError
from ..forms import LoginForm
from .base import SignInFormView, finish


class LoginView(SignInFormView):
    """The sign-in page: username and password; where every sign-in starts."""

    form_class = LoginForm
    template_name = "cognito_challenge/login.html"

    def next_url(self) -> str:
        return self.request.POST.get(REDIRECT_FIELD_NAME) or self.request.GET.get(
            REDIRECT_FIELD_NAME, "")

    def start_options(self) -> dict[str, str]:
        """Extra arguments of ``flow.start`` (the admin's log-in names its site)."""
        return {}

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), **admin_look.context_for(self.request, ""),
                "next": self.next_url()}

    @sensitive_variables()
    def form_valid(self, form):
        data = form.cleaned_data
        try:
            outcome = flow.start(self.request, data["username"], data["password"],
                                 self.next_url(), **self.start_options())
        except CognitoError as error:
            # The sign-in page is where a restart leads: show every failure on its form.
            form.add_cognito_error(error)
            return self.form_invalid(form)
        return finish(self.request, outcome)
