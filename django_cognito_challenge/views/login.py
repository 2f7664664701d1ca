"""The sign-in page: username and password, the first factor."""

from __future__ import annotations

from django.contrib.auth import REDIRECT_FIELD_NAME
from django.views.decorators.debug import sensitive_variables

from .. import flow
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

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "next": self.next_url()}

    @sensitive_variables()
    def form_valid(self, form):
        data = form.cleaned_data
        try:
            outcome = flow.start(self.request, data["username"], data["password"],
                                 self.next_url())
        except CognitoError as error:
            # The sign-in page is where a restart leads: show every failure on its form.
            form.add_cognito_error(error)
            return self.form_invalid(form)
        return finish(self.request, outcome)
