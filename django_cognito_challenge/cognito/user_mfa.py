"""The signed-in person's MFA, as GetUser describes it, and the SetUserMFAPreference blocks."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

#: The MFA factors a person can manage from the account, by Cognito's names, in page order.
MFA_FACTORS = ("SOFTWARE_TOKEN_MFA", "SMS_MFA", "EMAIL_OTP")

#: SetUserMFAPreference's settings block for each factor.
PREFERENCE_KEYS = {
    "SOFTWARE_TOKEN_MFA": "SoftwareTokenMfaSettings",
    "SMS_MFA": "SMSMfaSettings",
    "EMAIL_OTP": "EmailMfaSettings",
}


@dataclass(frozen=True)
class UserMfa:
    """What GetUser says of the person's MFA, and where codes could be sent."""

    username: str
    enabled: tuple[str, ...] = ()  #: ``UserMFASettingList``
    preferred: str | None = None  #: ``PreferredMfaSetting``
    phone_number: str = field(default="", repr=False)
    email: str = field(default="", repr=False)

    @classmethod
    def from_response(cls, response: dict[str, Any]) -> UserMfa:
        attributes = {a.get("Name"): a.get("Value") or "" for a in
                      response.get("UserAttributes") or []}
        enabled = [f for f in response.get("UserMFASettingList") or [] if isinstance(f, str)]
        # A user given SMS MFA with the legacy SetUserSettings has only MFAOptions.
        legacy_sms = any(o.get("DeliveryMedium") == "SMS" for o in response.get("MFAOptions") or [])
        if legacy_sms and "SMS_MFA" not in enabled:
            enabled.append("SMS_MFA")
        return cls(username=response.get("Username") or "", enabled=tuple(enabled),
                   preferred=response.get("PreferredMfaSetting") or None,
                   phone_number=attributes.get("phone_number", ""),
                   email=attributes.get("email", ""))
