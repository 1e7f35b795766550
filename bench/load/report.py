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


SUMMARY_ACTIONS = (("page: catalogue", "catalogue"), ("add to cart", "add to cart"),
                   ("place an order", "order"), ("page: an order", "order page"),
                   ("merchant: page /admin/customers?q=", "register search"),
                   ("bare counter event (in the shop)", "shop counter"))


def print_summary(results: list[dict]) -> None:
    """One line per set-up and level: p95 of the main actions in ms, the floor's, the errors and the checks."""
    floors = {(r["setup"], r["customers"]): r for r in results if r["site"] == "floor"}
    heads = "".join(f"{short:>17}" for _, short in SUMMARY_ACTIONS)
    print(f"  {'set-up':<8}{'N':>5}{'events/s':>10}{heads}{'floor':>8}{'errors':>8}  checks")
    for result in (r for r in results if r["site"] == "shop"):
        by_action = {row["action"]: row for row in result["rows"]}
        floor = floors.get((result["setup"], result["customers"]))
        floor_p95 = next((row["p95_ms"] for row in floor["rows"] if row["action"] == FLOOR_EVENT), None) \
            if floor else None
        cells = ""
        for action, _ in SUMMARY_ACTIONS:
            p95 = by_action.get(action, {}).get("p95_ms", float("nan"))
            ratio = f" ({p95 / floor_p95:.1f}x)" if floor_p95 else ""
            cells += f"{p95:>9.0f}{ratio:>8}"
        events = sum(row["n"] for row in result["rows"])
        errors = sum(row["errors"] for row in result["rows"])
        passed = all(check["ok"] for check in result.get("checks", []))
        print(f"  {result['setup']:<8}{result['customers']:>5}{events / result['wall_s']:>10.1f}{cells}"
              f"{(floor_p95 or float('nan')):>8.0f}{errors:>8}  {'all pass' if passed else 'FAIL'}")


def markdown_summary(results: list[dict], think: str) -> list[str]:
    """The summary as Markdown table rows (for the README): p95 in ms, its ratio to the floor in brackets."""
    floors = {(r["setup"], r["customers"]): r for r in results if r["site"] == "floor"}
    lines = []
    for result in (r for r in results if r["site"] == "shop"):
        by_action = {row["action"]: row for row in result["rows"]}
        floor = floors.get((result["setup"], result["customers"]))
        floor_p95 = next((row["p95_ms"] for row in floor["rows"] if row["action"] == FLOOR_EVENT), None) \
            if floor else None
        cells = []
        for action, _ in SUMMARY_ACTIONS:
            p95 = by_action.get(action, {}).get("p95_ms", float("nan"))
            cells.append(f"{p95:,.0f} ({p95 / floor_p95:.0f}x)" if floor_p95 else f"{p95:,.0f}")
        events = sum(row["n"] for row in result["rows"])
        errors = sum(row["errors"] for row in result["rows"])
        passed = all(check["ok"] for check in result.get("checks", []))
        lines.append(f"| {result['setup']} | {think} | {result['customers']} | {events / result['wall_s']:.0f} | "
                     + " | ".join(cells) + f" | {floor_p95:,.0f} | {errors} | {'pass' if passed else 'FAIL'} |")
    return lines


if __name__ == "__main__":  # `python -m bench.load.report RESULTS.json [--markdown THINK]`: the summary again
    import json
    import sys
    from pathlib import Path

    found = json.loads(Path(sys.argv[1]).read_text(encoding="utf-8"))
    if "--markdown" in sys.argv:
        print("\n".join(markdown_summary(found, sys.argv[sys.argv.index("--markdown") + 1])))
    else:
        print_summary(found)
