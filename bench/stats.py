"""Median and p95 of a list of timings, and a printed comparison line."""

from __future__ import annotations

import statistics


def p95(samples: list[float]) -> float:
    return statistics.quantiles(samples, n=20, method="inclusive")[18]


def summary(name: str, samples: list[float]) -> dict:
    return {"name": name, "n": len(samples), "median_ms": statistics.median(samples) * 1000,
            "p95_ms": p95(samples) * 1000}


def print_comparison(measured: dict, baseline: dict, target_ratio: float, *, judged_on: str = "median") -> bool:
    """Print both rows and their ratios; the verdict compares the ratio the issue names (`judged_on`: "median"
    or "p95") with the target. Returns whether it is within."""
    ratios = {"median": measured["median_ms"] / baseline["median_ms"], "p95": measured["p95_ms"] / baseline["p95_ms"]}
    for row in (measured, baseline):
        print(f"  {row['name']:<44} n={row['n']:<4} median {row['median_ms']:8.1f} ms   p95 {row['p95_ms']:8.1f} ms")
    within = ratios[judged_on] <= target_ratio
    print(f"  ratio (median) {ratios['median']:.2f}   ratio (p95) {ratios['p95']:.2f}   "
          f"target: {judged_on} ratio <= {target_ratio}: {'within' if within else 'ABOVE'}")
    return within
