"""The ``cognito`` fixture's helpers for time, faults and the call log: age the pool, make the
next calls fail, hang or be throttled, and read which calls the app made."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .backend import Call, LocalCognito


class FaultAndCallHelpers:
    """Mixed into :class:`~.fixture.LocalCognitoFixture`."""

    backend: LocalCognito
    _first_call: int

    def advance(self, seconds: float) -> None:
        """Move the service's clock forward: sessions, codes and tokens age, nothing sleeps."""
        self.backend.clock.advance(seconds)

    def fail_next(self, operation: str, code: str, message: str = "", *, times: int = 1) -> None:
        """Answer the next call(s) of ``operation`` with an error instead of running it.

        :param operation: an operation name, ``"InitiateAuth"``.
        :param code: the error's ``__type``, ``"InternalErrorException"``.
        :param message: the error's message; ``Injected <code>`` when empty.
        :param times: how many calls fail.
        """
        self.backend.faults.fail(operation, code, message, times=times)

    def throttle_next(self, operation: str, *, times: int = 1) -> None:
        """Answer the next call(s) of ``operation`` with ``TooManyRequestsException``."""
        self.backend.faults.throttle(operation, times=times)

    def hang_next(self, operation: str, seconds: float, *, times: int = 1) -> None:
        """Delay the next call(s) of ``operation`` by ``seconds`` of real time, then answer.

        Pair it with ``boto3_client(read_timeout=...)`` below ``seconds`` to test a timeout.
        """
        self.backend.faults.hang(operation, seconds, times=times)

    @property
    def calls(self) -> list[Call]:
        """The API calls made since this fixture was created (or :meth:`reset_calls`)."""
        return self.backend.calls[self._first_call :]

    def call_names(self) -> list[str]:
        """Return the calls as ``InitiateAuth:USER_SRP_AUTH`` or ``GetUser``, in order."""
        return [_call_name(call) for call in self.calls]

    def reset_calls(self) -> None:
        """Forget the calls made so far: :attr:`calls` starts again from the next one."""
        self._first_call = len(self.backend.calls)


def _call_name(call: Call) -> str:
    detail = call.request.get("AuthFlow") or call.request.get("ChallengeName")
    return f"{call.operation}:{detail}" if detail else call.operation
