"""The machine a run was on, for the table's heading: figures only compare on one machine."""

from __future__ import annotations

import datetime
import importlib.metadata
import os
import platform
from pathlib import Path


def describe_machine(*, seconds: float) -> dict[str, str]:
    return {
        "date": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        "cpu": _cpu_model(),
        "cores": str(os.cpu_count()),
        "python": platform.python_version(),
        "django": _version("django"),
        "gmpy2": _version("gmpy2"),
        "took": f"{seconds:.0f} s",
    }


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def _version(package: str) -> str:
    try:
        return importlib.metadata.version(package)
    except importlib.metadata.PackageNotFoundError:
        return "not installed"
