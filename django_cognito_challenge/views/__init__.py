"""HTTP views: one thin view per step; the flow decides what comes next."""

from .login import LoginView
from .logout import LogoutView
from .security import SecurityView
from .steps import CodeView, MfaSetupView, NewPasswordView, SelectMfaView

__all__ = ["CodeView", "LoginView", "LogoutView", "MfaSetupView", "NewPasswordView",
           "SecurityView", "SelectMfaView"]
