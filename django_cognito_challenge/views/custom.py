"""CUSTOM_CHALLENGE: the pool's own question, asked again while its triggers ask.

The page is ``cognito_challenge/custom.html``, unless the challenge names itself: the public
parameter ``CUSTOM_CHALLENGE_NAME_KEY`` (``challenge`` by default) set to ``captcha`` shows
``cognito_challenge/custom/captcha.html`` when a project or app provides that template. The
name comes from a Lambda trigger, so it selects a template only when it is a plain slug.
"""

from __future__ import annotations

import re

from ..conf import app_settings
from .steps import StepView

#: A custom challenge's name that may select a template: a slug, never a path.
NAME_PATTERN = re.compile(r"[a-z0-9][a-z0-9_-]{0,63}")
#: The public parameter shown as the page's prompt, when the trigger sends one.
QUESTION_KEY = "question"


class CustomChallengeView(StepView):
    """The custom-challenge page: the trigger's public parameters and one ``answer``."""

    page = "custom"

    def custom_challenge(self) -> str:
        """The challenge's own name, when the trigger gave one fit to name a template; else ""."""
        name = self.pending.parameters.get(app_settings.CUSTOM_CHALLENGE_NAME_KEY, "")
        # SECURITY: "../../admin/base" or "x/../../login" would walk to another template.
        return name if NAME_PATTERN.fullmatch(name) else ""

    def get_template_names(self) -> list[str]:
        name = self.custom_challenge()
        named = [f"cognito_challenge/{self.page}/{name}.html"] if name else []
        return [*named, *super().get_template_names()]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        shown = {k: v for k, v in self.pending.parameters.items()
                 if k != app_settings.CUSTOM_CHALLENGE_NAME_KEY}
        context.update(custom_challenge=self.custom_challenge(),
                       question=shown.pop(QUESTION_KEY, ""), details=list(shown.items()))
        return context
