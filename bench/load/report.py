"""The load test's table: per action, the count, median, p95, p99, errors, throughput and the ratio of its
p95 to the floor's (a bare Reflex counter event at the same concurrency)."""

from __future__ import annotations

import math

from bench.load.journey import Recorder

FLOOR_EVENT = "floor: bare counter event"


def percentile(samples: list[float], p: float) -> float:
    """Nearest-rank percentile (p in 0..100); NaN for no samples."""
    if not samples:
        return float("nan")
    ordered = sorted(samples)
    return ordered[max(0, math.ceil(p / 100 * len(ordered)) - 1)]


def rows(recorder: Recorder, wall_seconds: float) -> list[dict]:
    table = []
    for action in recorder.order:
        samples = recorder.samples.get(action, [])
        table.append({"action": action, "n": len(samples), "median_ms": percentile(samples, 50) * 1000,
                      "p95_ms": percentile(samples, 95) * 1000, "p99_ms": percentile(samples, 99) * 1000,
                      "errors": recorder.errors.get(action, 0),
                      "per_s": len(samples) / wall_seconds if wall_seconds > 0 else float("nan")})
    return table


def print_rows(table: list[dict], floor_p95_ms: float | None) -> None:
    print(f"  {'action':<46}{'n':>6}{'median':>9}{'p95':>9}{'p99':>9}{'errors':>8}{'per s':>8}{'p95/floor':>11}")
    for row in table:
        ratio = row["p95_ms"] / floor_p95_ms if floor_p95_ms and not row["action"].startswith("floor") else None
        print(f"  {row['action']:<46}{row['n']:>6}{row['median_ms']:>9.1f}{row['p95_ms']:>9.1f}{row['p99_ms']:>9.1f}"
              f"{row['errors']:>8}{row['per_s']:>8.1f}{(f'{ratio:.2f}' if ratio is not None else '-'):>11}")
