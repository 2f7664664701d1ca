"""HTTP views: one thin view per step; the flow decides what comes next."""

from .login import LoginView
from .logout import LogoutView
from .security import SecurityView
from .step_pages import step_view
from .steps import MfaSetupView, StepView

__all__ = ["LoginView", "LogoutView", "MfaSetupView", "SecurityView", "StepView", "step_view"]
