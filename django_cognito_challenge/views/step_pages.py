"""Which view serves each step page: the generic StepView, unless its form needs more."""

from __future__ import annotations

from .custom import CustomChallengeView
from .first_factor import SelectChallengeView
from .passkeys import PasskeyView
from .steps import MfaSetupView, StepView

#: Pages whose form needs more than the generic step view; every other page is a StepView.
SPECIAL_VIEWS = {"mfa_setup": MfaSetupView, "select_challenge": SelectChallengeView,
                 "custom": CustomChallengeView, "passkey": PasskeyView}


def step_view(page: str):
    """The view function of a step page."""
    return SPECIAL_VIEWS.get(page, StepView).as_view(page=page)
