"""What a person sees of an outage: the "try again" page, its status, message and link."""

from __future__ import annotations

import re

from django.utils.html import escape

from django_cognito_challenge.cognito.errors import CognitoError

TEMPLATE = "cognito_challenge/unavailable.html"
RETRY_LINK = re.compile(r'<a class="button" href="([^"]*)">')


def try_again_link(response, error: type[CognitoError]) -> str:
    """Check the page says ``error``'s message with its status; return where "Try again" leads."""
    page = response.content.decode()
    assert response.status_code == error.status, page
    assert [t.name for t in response.templates][:1] == [TEMPLATE]
    assert escape(str(error.message)) in page
    assert "Traceback" not in page
    assert "Exception" not in page
    return RETRY_LINK.search(page)[1]
