"""The table: as plain text for a terminal, as Markdown for BENCHMARKS.md."""

from __future__ import annotations

from .measure import Figure, Skipped

HEADINGS = ("figure", "value", "baseline", "ratio", "goal", "met?")


def rows(results: list[Figure | Skipped]) -> list[tuple[str, ...]]:
    lines = []
    for result in results:
        if isinstance(result, Skipped):
            lines.append((result.name, "skipped", result.reason, "", "", ""))
            continue
        lines.append((
            result.name,
            _amount(result.value, result.unit),
            f"{_amount(result.baseline, result.unit)} {result.baseline_name}".strip()
            if result.baseline is not None else result.baseline_name,
            f"{result.ratio:.2f}x" if result.ratio is not None else "",
            result.goal.describe(result.unit) if result.goal else "",
            {True: "yes", False: "NO", None: ""}[result.met],
        ))
    return lines


def text_table(results: list[Figure | Skipped], machine: dict[str, str]) -> str:
    lines = [HEADINGS, *rows(results)]
    widths = [max(len(line[column]) for line in lines) for column in range(len(HEADINGS))]
    text = ["  ".join(cell.ljust(width) for cell, width in zip(line, widths, strict=True)).rstrip()
            for line in lines]
    return "\n".join([_machine_line(machine), "", *text, *_notes(results)])


def markdown_table(results: list[Figure | Skipped], machine: dict[str, str]) -> str:
    text = [f"| {' | '.join(HEADINGS)} |", f"|{'---|' * len(HEADINGS)}"]
    text += [f"| {' | '.join(cell.replace('|', '/') for cell in line)} |" for line in rows(results)]
    return "\n".join([_machine_line(machine), "", *text, "", *_notes(results)])


def _machine_line(machine: dict[str, str]) -> str:
    known = ("date", "cpu", "cores", "python", "django", "gmpy2", "took")
    if not all(key in machine for key in known):
        return "Ran on " + ", ".join(f"{key}: {value}" for key, value in machine.items())
    return (f"Ran on {machine['date']}: {machine['cpu']}, {machine['cores']} cores, "
            f"Python {machine['python']}, Django {machine['django']}, gmpy2 {machine['gmpy2']}; "
            f"the run took {machine['took']}.")


def _notes(results: list[Figure | Skipped]) -> list[str]:
    return [f"- {r.name}: {r.note}" for r in results if isinstance(r, Figure) and r.note]


def _amount(value: float | None, unit: str) -> str:
    if value is None:
        return ""
    if unit in ("calls", "errors", "fetches"):
        return f"{value:g} {unit}"
    digits = 0 if value >= 100 else 1 if value >= 10 else 2
    return f"{value:.{digits}f} {unit}"
