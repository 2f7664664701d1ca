"""Choice-based sign-in's pages: choose a first factor, then (for a password) type it."""

from __future__ import annotations

from django.shortcuts import redirect
from django.views.decorators.debug import sensitive_variables

from .. import flow
from ..forms import PasswordForm
from .steps import StepView


class SelectChallengeView(StepView):
    """SELECT_CHALLENGE: the first factors Cognito offered; a code or passkey is asked next."""

    page = "select_challenge"

    def form_valid(self, form):
        choice = form.cleaned_data["challenge"]
        return self.proceed(form, lambda: flow.choose_first_factor(
            self.request, self.pending, choice))


class PasswordStepView(StepView):
    """The password, chosen on the SELECT_CHALLENGE page; proven by SRP when Cognito offers it."""

    page = "password"
    form_class = PasswordForm

    def answers(self) -> tuple[str, ...]:
        return ("SELECT_CHALLENGE",)

    def elsewhere(self):
        if self.pending.chosen_factor is None:  # no password chosen yet: choose first
            return redirect("cognito_challenge:select_challenge")
        return None

    def get_form_class(self):
        return PasswordForm

    @sensitive_variables()
    def form_valid(self, form):
        password = form.cleaned_data["password"]
        return self.proceed(form, lambda: flow.answer_with_password(
            self.request, self.pending, password))
