"""What every benchmark shares: timing by medians, interleaved runs, figures with their goals.

A figure is a median over repeated runs, and its ratio is against a baseline measured in the same
run of the same process, interleaved with it (each repeat alternates which goes first), so that a
change in machine load falls on both alike. Figures are printed and written, never asserted.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass(frozen=True)
class Goal:
    """What a figure should reach: ``<= limit`` (or ``== limit``) on its ratio or its value."""

    limit: float
    on: str = "ratio"  #: "ratio" (against the baseline) or "value" (in the figure's unit)
    exact: bool = False  #: ``== limit`` rather than ``<= limit``

    def met(self, figure: Figure) -> bool | None:
        measured = figure.ratio if self.on == "ratio" else figure.value
        if measured is None:
            return None
        return measured == self.limit if self.exact else measured <= self.limit

    def describe(self, unit: str) -> str:
        operator = "==" if self.exact else "<="
        suffix = "x" if self.on == "ratio" else (f" {unit}" if unit else "")
        return f"{operator} {self.limit:g}{suffix}"


def at_most(ratio: float) -> Goal:
    """A ratio against the baseline of at most ``ratio``."""
    return Goal(ratio)


def at_most_value(limit: float) -> Goal:
    """A value of at most ``limit``, in the figure's unit."""
    return Goal(limit, on="value")


def exactly(count: float) -> Goal:
    """A value of exactly ``count`` (a number of calls, an error count)."""
    return Goal(count, on="value", exact=True)


@dataclass
class Figure:
    """One line of the table: a measured value, the baseline it is compared with, its goal."""

    name: str
    value: float
    unit: str
    baseline: float | None = None
    baseline_name: str = ""
    goal: Goal | None = None
    note: str = ""
    details: dict[str, Any] = field(default_factory=dict)

    @property
    def ratio(self) -> float | None:
        if self.baseline in (None, 0):
            return None
        return self.value / self.baseline

    @property
    def met(self) -> bool | None:
        return None if self.goal is None else self.goal.met(self)

    def as_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["goal"] = self.goal.describe(self.unit) if self.goal else None
        data["ratio"] = self.ratio
        data["met"] = self.met
        return data


@dataclass(frozen=True)
class Skipped:
    """A benchmark that could not run here, and why (a missing service, a missing package)."""

    name: str
    reason: str


def per_call(function: Callable[[], Any], number: int) -> float:
    """Seconds per call of ``number`` calls in a row."""
    start = time.perf_counter()
    for _ in range(number):
        function()
    return (time.perf_counter() - start) / number


def median_per_call(function: Callable[[], Any], *, repeats: int, number: int) -> float:
    """The median over ``repeats`` of the seconds per call of ``number`` calls in a row."""
    return statistics.median(per_call(function, number) for _ in range(repeats))


def interleaved(
    measured: Callable[[], Any], baseline: Callable[[], Any], *, repeats: int, number: int,
) -> tuple[list[float], list[float]]:
    """Seconds per call of each, ``repeats`` times, alternating which runs first."""
    measured_times: list[float] = []
    baseline_times: list[float] = []
    for repeat in range(repeats):
        pair = [(measured, measured_times), (baseline, baseline_times)]
        for function, times in pair if repeat % 2 == 0 else reversed(pair):
            times.append(per_call(function, number))
    return measured_times, baseline_times


def median_ratio(measured: list[float], baseline: list[float]) -> float:
    """The median of the repeat-by-repeat ratios: steadier than a ratio of medians under drift."""
    return statistics.median(m / b for m, b in zip(measured, baseline, strict=True))


def percentile(values: list[float], fraction: float) -> float:
    """The ``fraction`` quantile (0.5 for the median, 0.99 for p99), nearest rank."""
    ordered = sorted(values)
    rank = max(0, min(len(ordered) - 1, round(fraction * len(ordered) + 0.5) - 1))
    return ordered[rank]


def compared(
    name: str, measured: Callable[[], Any], baseline: Callable[[], Any], *,
    baseline_name: str, goal: Goal | None, repeats: int, number: int,
    unit: str = "us", note: str = "",
) -> Figure:
    """Time ``measured`` against ``baseline`` interleaved (see :func:`from_times`)."""
    measured_times, baseline_times = interleaved(
        measured, baseline, repeats=repeats, number=number)
    return from_times(name, measured_times, baseline_times, baseline_name=baseline_name,
                      goal=goal, unit=unit, note=note, calls_per_repeat=number)


def from_times(
    name: str, measured_times: list[float], baseline_times: list[float], *,
    baseline_name: str, goal: Goal | None, unit: str = "us", note: str = "",
    calls_per_repeat: int = 1,
) -> Figure:
    """A figure from paired timings (seconds): its ratio is the median of the pair-by-pair
    ratios, its value the median of ``measured_times``, in ``unit``."""
    scale = {"s": 1.0, "ms": 1e3, "us": 1e6}[unit]
    value = statistics.median(measured_times) * scale
    ratio = median_ratio(measured_times, baseline_times)
    return Figure(
        name, value, unit, baseline=value / ratio, baseline_name=baseline_name, goal=goal,
        note=note, details={"repeats": len(measured_times), "calls_per_repeat": calls_per_repeat,
                            "baseline_median": statistics.median(baseline_times) * scale})
