"""The pool's password policy as this site declares it: the hint the pages show, and the check
the sign-up page makes before Cognito is asked.

The policy cannot be read at sign-in (DescribeUserPool needs AWS credentials), so it is
declared in ``PASSWORD_MIN_LENGTH`` and ``PASSWORD_REQUIRED_CHARACTERS``; ``cognito_check``
compares them with the pool. Cognito stays the judge: a password the pool refuses for a rule
not declared here is refused with Cognito's answer, named by the rule it broke.
"""

from __future__ import annotations

from collections.abc import Callable

from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from .cognito import errors
from .conf import app_settings

#: Cognito's special characters (Developer Guide, "Adding user pool password requirements"),
#: the space included: a password may hold one, though not at either end.
SYMBOLS = frozenset("^$*.[]{}()?\"!@#%&/\\,><':;|_~`=+- ")

#: Each kind of character a pool may require: how to recognise one, what the hint says it
#: needs, and Cognito's error for a password without one (its message is what the page says).
KINDS: dict[str, tuple[Callable[[str], bool], object, type[errors.InvalidPassword]]] = {
    "lowercase": (str.islower, _("a lower-case letter"), errors.PasswordNeedsLowercase),
    "uppercase": (str.isupper, _("an upper-case letter"), errors.PasswordNeedsUppercase),
    "numbers": (str.isdigit, _("a number"), errors.PasswordNeedsNumber),
    "symbols": (SYMBOLS.__contains__, _("a symbol, such as ! or #"), errors.PasswordNeedsSymbol),
}


def required_kinds() -> list[str]:
    """The declared kinds, in the order the hint names them; unknown names are ignored (the
    system check reports them)."""
    declared = set(app_settings.PASSWORD_REQUIRED_CHARACTERS)
    return [kind for kind in KINDS if kind in declared]


def help_text() -> str:
    """One sentence: at least N characters, with each kind required."""
    length = app_settings.PASSWORD_MIN_LENGTH
    needs = [str(KINDS[kind][1]) for kind in required_kinds()]
    at_least = ngettext("Use at least %(count)d character", "Use at least %(count)d characters",
                        length) % {"count": length}
    if not needs:
        return f"{at_least}."
    return gettext("{length}, with {needs}.").format(length=at_least, needs=_list(needs))


def problems(password: str) -> list[errors.InvalidPassword]:
    """Cognito's refusal for each declared rule ``password`` breaks, in the hint's order."""
    found: list[errors.InvalidPassword] = []
    if len(password) < app_settings.PASSWORD_MIN_LENGTH:
        found.append(errors.PasswordTooShort("policy: length"))
    for kind in required_kinds():
        has, _hint, refusal = KINDS[kind]
        if not any(has(character) for character in password):
            found.append(refusal(f"policy: {kind}"))
    return found


def _list(items: list[str]) -> str:
    if len(items) == 1:
        return items[0]
    return gettext("{items} and {last}").format(items=", ".join(items[:-1]), last=items[-1])
