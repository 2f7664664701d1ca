"""Fault injection: an error, throttling or a hang for the next calls of an operation."""

from __future__ import annotations

import threading
from dataclasses import dataclass

from .errors import ServiceError


@dataclass
class Fault:
    operation: str
    error: ServiceError | None = None
    hang_seconds: float = 0.0
    remaining: int = 1


class FaultPlan:
    def __init__(self) -> None:
        self._faults: list[Fault] = []
        self._lock = threading.Lock()

    def fail(self, operation: str, code: str, message: str = "", *, times: int = 1,
             status: int = 400) -> None:
        """Answer the next ``times`` calls of ``operation`` with the error ``code``."""
        error = ServiceError(code, message or f"Injected {code}", status)
        self._add(Fault(operation, error=error, remaining=times))

    def throttle(self, operation: str, *, times: int = 1) -> None:
        self.fail(operation, "TooManyRequestsException", "Rate exceeded", times=times)

    def hang(self, operation: str, seconds: float, *, times: int = 1) -> None:
        """Hold the next calls' connections open for ``seconds`` before answering."""
        self._add(Fault(operation, hang_seconds=seconds, remaining=times))

    def clear(self) -> None:
        with self._lock:
            self._faults.clear()

    def _add(self, fault: Fault) -> None:
        with self._lock:
            self._faults.append(fault)

    def take(self, operation: str) -> Fault | None:
        """Return (and count down) the first fault planned for ``operation``."""
        with self._lock:
            for fault in self._faults:
                if fault.operation == operation:
                    fault.remaining -= 1
                    if fault.remaining <= 0:
                        self._faults.remove(fault)
                    return fault
        return None
