"""What Cognito answered, in our own names (frozen dataclasses that cross the layers)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any


@dataclass(frozen=True)
class Tokens:
    id_token: str = field(repr=False)
    access_token: str = field(repr=False)
    refresh_token: str | None = field(repr=False)
    expires_in: int


@dataclass(frozen=True)
class NewDevice:
    device_key: str
    device_group_key: str


@dataclass(frozen=True)
class Reply:
    """One InitiateAuth / RespondToAuthChallenge answer: a challenge, or tokens."""

    challenge: str | None = None
    session: str | None = field(default=None, repr=False)
    parameters: dict[str, str] = field(default_factory=dict)
    available_challenges: tuple[str, ...] = ()
    tokens: Tokens | None = None
    new_device: NewDevice | None = None

    @classmethod
    def from_response(cls, response: dict[str, Any]) -> Reply:
        result = response.get("AuthenticationResult")
        tokens = new_device = None
        if result:
            tokens = Tokens(
                id_token=result["IdToken"],
                access_token=result["AccessToken"],
                refresh_token=result.get("RefreshToken"),
                expires_in=int(result.get("ExpiresIn", 3600)),
            )
            metadata = result.get("NewDeviceMetadata")
            if metadata:
                new_device = NewDevice(metadata["DeviceKey"], metadata["DeviceGroupKey"])
        return cls(
            challenge=response.get("ChallengeName"),
            session=response.get("Session"),
            parameters=dict(response.get("ChallengeParameters") or {}),
            available_challenges=tuple(response.get("AvailableChallenges") or ()),
            tokens=tokens,
            new_device=new_device,
        )


@dataclass(frozen=True)
class DeviceInfo:
    """One of the person's devices as ListDevices describes it."""

    device_key: str
    name: str
    remembered: bool
    created_at: datetime | None
    last_authenticated_at: datetime | None

    @classmethod
    def from_response(cls, device: dict[str, Any]) -> DeviceInfo:
        attributes = {a["Name"]: a.get("Value", "") for a in device.get("DeviceAttributes", [])}
        return cls(
            device_key=device["DeviceKey"],
            name=attributes.get("device_name", ""),
            remembered=attributes.get("dev:device_remembered_status") == "remembered",
            created_at=device.get("DeviceCreateDate"),
            last_authenticated_at=device.get("DeviceLastAuthenticatedDate"),
        )


@dataclass(frozen=True)
class SignedUp:
    """SignUp's answer: whether the user is confirmed already, and where the code went."""

    confirmed: bool
    destination: str  #: masked, as Cognito gives it; "" when no code was sent
    attribute: str = ""  #: the attribute the code went to (``email``, ``phone_number``)
    session: str = field(default="", repr=False)  #: for ConfirmSignUp, then the sign-in
