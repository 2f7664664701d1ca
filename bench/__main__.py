"""Run the benchmarks: ``python -m bench [--quick] [--only NAME ...] [--json PATH]``.

Prints one table (figure, baseline, ratio, goal, met?) and writes the same figures as JSON, with
the machine they ran on. Each benchmark is a module of this package with a ``run(options)`` that
returns its figures, or says why it could not run here.
"""

from __future__ import annotations

import argparse
import importlib
import json
import sys
import time
import traceback
from pathlib import Path

from .machine import describe_machine
from .measure import Figure, Skipped
from .report import markdown_table, text_table

ROOT = Path(__file__).resolve().parent.parent
#: In the order of the table; each is ``bench/<name>.py``.
BENCHMARKS = ("tokens", "srp", "sign_in", "signed_in", "calls", "throughput", "local_cognito")


def main(argv: list[str] | None = None) -> int:
    options = parse(argv)
    sys.path.insert(0, str(ROOT))
    results: list[Figure | Skipped] = []
    started = time.perf_counter()
    for name in options.only or BENCHMARKS:
        print(f"-- {name}", file=sys.stderr, flush=True)
        results.extend(run_one(name, options))
    machine = describe_machine(seconds=time.perf_counter() - started)
    print(markdown_table(results, machine) if options.markdown else text_table(results, machine))
    write_json(options.json, results, machine)
    return 1 if any(isinstance(result, Skipped) for result in results) and options.strict else 0


def parse(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("--quick", action="store_true",
                        help="fewer repeats: to try the benchmarks, not to quote them")
    parser.add_argument("--only", nargs="+", choices=BENCHMARKS, metavar="NAME",
                        help=f"run only these, of: {', '.join(BENCHMARKS)}")
    parser.add_argument("--json", type=Path, default=ROOT / "bench" / "results.json",
                        help="where to write the figures (default: bench/results.json)")
    parser.add_argument("--markdown", action="store_true",
                        help="print the table as Markdown, as BENCHMARKS.md holds it")
    parser.add_argument("--strict", action="store_true",
                        help="exit 1 when a benchmark could not run here")
    return parser.parse_args(argv)


def run_one(name: str, options: argparse.Namespace) -> list[Figure | Skipped]:
    try:
        module = importlib.import_module(f"bench.{name}")
        return list(module.run(options))
    except Exception:  # one broken benchmark must not hide the others' figures
        traceback.print_exc()
        return [Skipped(name, "failed: see the traceback above")]


def write_json(path: Path, results: list[Figure | Skipped], machine: dict[str, str]) -> None:
    figures = [r.as_json() for r in results if isinstance(r, Figure)]
    skipped = [{"name": r.name, "reason": r.reason} for r in results if isinstance(r, Skipped)]
    path.write_text(json.dumps({"machine": machine, "figures": figures, "skipped": skipped},
                               indent=2) + "\n")
    print(f"figures written to {path}", file=sys.stderr)


if __name__ == "__main__":
    sys.exit(main())
