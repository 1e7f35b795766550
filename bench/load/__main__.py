"""The load test over Reflex's real event protocol: `python -m bench.load` (or `make load`).

For each set-up (SQLite with one worker; PostgreSQL + Redis with 4 workers when `scripts/services.sh`
is there), it prepares a fresh database (`bench/load/prepare.py`), measures the floor (the bare Reflex
app of `bench/floor/`, its counter event, in the same set-up) and then the shop, at 50, 200 and 500
concurrent customers (each level with its own customers). Merchants search the register meanwhile
(one per 50 customers). After each level it checks the database: no lost or doubled emails, no oversold
stock, no duplicate order numbers. Figures only: nothing here passes or fails a build.

    python -m bench.load [--levels 50 200 500] [--setups sqlite pg] [--think 1.0] [--orders 2]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

os.environ.setdefault("SECRET_KEY", "load-test-secret-key-of-at-least-32-bytes")
os.environ.setdefault("STORE_ENV", "test")

import sqlalchemy as sa  # noqa: E402

from bench.load import checks, journey, prepare, report  # noqa: E402
from tests.support.shop_server import PROJECT_ROOT, _reflex_env, _serving  # noqa: E402

PORTS = {"sqlite": 3204, "pg": 3205}
FLOOR_PORT = 3206
SERVICES = PROJECT_ROOT / "scripts" / "services.sh"
# Ports of this run's PostgreSQL and Redis (scripts/services.sh reads them): not the defaults, so a load test
# and a test suite on the same machine do not share a server.
SERVICE_PORTS = {"PG_PORT": os.environ.get("LOAD_PG_PORT", "55205"),
                 "REDIS_PORT": os.environ.get("LOAD_REDIS_PORT", "56205")}
ARTIFACTS = PROJECT_ROOT / "test-artifacts" / "load"
PG_WORKERS = os.environ.get("LOAD_PG_WORKERS", "4")  # Granian workers of the PostgreSQL + Redis set-up
TITLES = {"sqlite": "SQLite, 1 worker", "pg": f"PostgreSQL + Redis, {PG_WORKERS} workers"}


def _cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def services(command: str, *, check: bool = True) -> str:
    return subprocess.run(["bash", str(SERVICES), command], cwd=PROJECT_ROOT, check=check, capture_output=True,
                          text=True, env={**os.environ, **SERVICE_PORTS}).stdout


def services_env() -> dict[str, str]:
    """REFLEX_DB_URL and REFLEX_REDIS_URL of the local PostgreSQL and Redis (`scripts/services.sh env`)."""
    out = services("env")
    found = {}
    for line in out.splitlines():
        line = line.strip().removeprefix("export ").strip()
        if "=" in line:
            key, value = line.split("=", 1)
            found[key] = value.strip().strip("'\"")
    return found


@contextmanager
def setup_services(setup: str, workdir: Path):
    """The database URL and the environment of one set-up; PostgreSQL and Redis run only meanwhile."""
    if setup == "sqlite":
        yield f"sqlite:///{workdir / 'shop.db'}", {"GRANIAN_WORKERS": "1"}
        return
    services("start")
    try:
        services("reset")
        env = services_env()
        yield env["REFLEX_DB_URL"], {**env, "GRANIAN_WORKERS": PG_WORKERS}
    finally:
        services("stop", check=False)


async def _run_people(starts: list, ramp_seconds: float) -> float:
    """Start each coroutine factory at its place in the ramp; returns the wall time until all are done."""
    began = time.perf_counter()

    async def later(delay: float, factory):
        await asyncio.sleep(delay)
        await factory()

    step = ramp_seconds / max(1, len(starts))
    await asyncio.gather(*(later(index * step, factory) for index, factory in enumerate(starts)))
    return time.perf_counter() - began


def run_floor(url: str, count: int, args, hashes) -> tuple[list[dict], dict]:
    level = journey.Level(url=url, recorder=journey.Recorder(), think_seconds=args.think, timeout=args.timeout,
                          hashes=hashes)
    starts = [lambda i=i: journey.floor_tab(level, args.floor_events, seed=i) for i in range(count)]
    cpu = _cpu_seconds()
    wall = asyncio.run(_run_people(starts, count / args.arrivals))
    info = {"wall_s": wall, "loadgen_cpu_s": _cpu_seconds() - cpu, "outcomes": dict(level.recorder.outcomes),
            "examples": level.recorder.examples}
    return report.rows(level.recorder, wall), info


def run_shop_level(url: str, engine: sa.Engine, prepared: prepare.Prepared, customers: list[str], args,
                   hashes, names: journey.Names) -> tuple[list[dict], dict, list[checks.Check]]:
    count = len(customers)
    with engine.begin() as connection:  # the scarce product: enough for about half of those who want it
        connection.execute(sa.text("UPDATE product SET stock = :stock WHERE slug = :slug"),
                           {"stock": max(1, count // 5), "slug": prepared.scarce})
        baseline = checks.take_baseline(connection)
    level = journey.Level(url=url, recorder=journey.Recorder(), think_seconds=args.think, timeout=args.timeout,
                          hashes=hashes, names=names, engine=engine, products=prepared.products,
                          scarce=prepared.scarce, orders_each=args.orders, customers_left=count)
    merchants = prepared.merchants[:max(1, count // 50)]
    starts = [lambda i=i, e=e: journey.customer(level, e, seed=i) for i, e in enumerate(customers)]
    people = starts + [lambda i=i, e=e: journey.merchant(level, e, prepare.MERCHANT_PASSWORD, seed=10_000 + i)
                       for i, e in enumerate(merchants)]
    random.Random(count).shuffle(people)
    cpu = _cpu_seconds()
    wall = asyncio.run(_run_people(people, count / args.arrivals))
    cpu = _cpu_seconds() - cpu
    deadline = time.monotonic() + 90  # the app's sender delivers the outbox every few seconds
    while time.monotonic() < deadline:
        with engine.connect() as connection:
            if checks.undelivered_count(connection, baseline) == 0:
                break
        time.sleep(2)
    with engine.connect() as connection:
        found = checks.run_checks(connection, baseline, level.codes_requested, level.placed)
    info = {"wall_s": wall, "loadgen_cpu_s": cpu, "merchants": len(merchants),
            "outcomes": dict(level.recorder.outcomes), "examples": level.recorder.examples}
    return report.rows(level.recorder, wall), info, found


def server_problems(log_path: Path, offset: int) -> tuple[dict[str, int], int]:
    """What the server logged since `offset`: Reflex backend exceptions, Redis state locks that expired
    (the state of that event is not saved) and locks held too long; and the new offset."""
    with open(log_path, "rb") as log:
        log.seek(offset)
        text = log.read().decode("utf-8", "replace")
        end = log.tell()
    return {"backend exceptions": text.count("[Reflex Backend Exception]"),
            "state locks expired": text.count("LockExpiredError: Lock expired"),
            "state locks held too long (warnings)": text.count("Warning: Lock for token")}, end


def _header(title: str, count: int, info: dict, args) -> None:
    events = sum(row["n"] for row in info["rows"])
    merchants = f" + {info['merchants']} merchants" if info.get("merchants") else ""
    print(f"\n{title}: {count} {'tabs' if info.get('floor') else 'customers'}{merchants}, think {args.think} s, "
          f"arrivals over {count / args.arrivals:.0f} s; {info['wall_s']:.1f} s, {events} events "
          f"({events / info['wall_s']:.1f}/s), load generator CPU {info['loadgen_cpu_s']:.1f} s, "
          f"load average {os.getloadavg()[0]:.2f}")


def run_setup(setup: str, args, workdir: Path, stamp: str) -> list[dict]:
    from bench.page_loads import FLOOR_DIR
    from tests.support.reflex_socket import compiled_state_hashes

    results = []
    with setup_services(setup, workdir) as (db_url, extra_env):
        prepared = prepare.prepare(db_url, args.warmup + sum(args.levels), max(1, max(args.levels) // 50))
        floor_p95: dict[int, float] = {}
        if not args.skip_floor:
            env = _reflex_env(FLOOR_PORT, **{k: v for k, v in extra_env.items() if k != "REFLEX_DB_URL"})
            with _serving(FLOOR_DIR, FLOOR_PORT, env, workdir / f"floor-{setup}.log") as floor_url:
                hashes = compiled_state_hashes(FLOOR_DIR)
                if args.warmup:
                    run_floor(floor_url, args.warmup, args, hashes)
                for count in args.levels:
                    table, info = run_floor(floor_url, count, args, hashes)
                    info.update(rows=table, floor=True)
                    floor_p95[count] = next((r["p95_ms"] for r in table if r["action"] == report.FLOOR_EVENT), None)
                    _header(f"Floor (bare Reflex app), {TITLES[setup]}", count, info, args)
                    report.print_rows(table, None)
                    results.append({"setup": setup, "site": "floor", "customers": count, **info})
        port = PORTS[setup]
        env = _reflex_env(port, **{**extra_env, "REFLEX_DB_URL": db_url, "STORE_BASE_URL": f"http://localhost:{port}",
                                   "STORE_ENV": "test", "STORE_BENCHMARK_EVENTS": "1", "STORE_TEST_MODE": "1"})
        env.pop("RESEND_API_KEY", None)  # every email is captured in the outbox, never sent
        engine = sa.create_engine(db_url, pool_size=10, max_overflow=20) if not db_url.startswith("sqlite") \
            else sa.create_engine(db_url, connect_args={"check_same_thread": False, "timeout": 30})
        names = journey.Names.of_the_shop()
        log_path = workdir / f"shop-{setup}.log"
        with _serving(PROJECT_ROOT, port, env, log_path) as url:
            hashes = compiled_state_hashes(PROJECT_ROOT)
            if args.warmup:  # the first page loads fill caches: a few customers go through first, not counted
                run_shop_level(url, engine, prepared, prepared.customers[:args.warmup], args, hashes, names)
            _, offset = server_problems(log_path, 0)
            taken = args.warmup
            for count in args.levels:
                customers = prepared.customers[taken:taken + count]
                taken += count
                table, info, found = run_shop_level(url, engine, prepared, customers, args, hashes, names)
                info["server_log"], offset = server_problems(log_path, offset)
                info["rows"] = table
                _header(f"Shop, {TITLES[setup]}", count, info, args)
                report.print_rows(table, floor_p95.get(count))
                print("  outcomes: " + ", ".join(f"{k} {v}" for k, v in info["outcomes"].items()))
                for action, example in info["examples"].items():
                    print(f"  first error of {action!r}: {example}")
                print("  server log: " + ", ".join(f"{k} {v}" for k, v in info["server_log"].items()))
                for check in found:
                    print(check.line())
                results.append({"setup": setup, "site": "shop", "customers": count,
                                "floor_p95_ms": floor_p95.get(count),
                                "checks": [check.__dict__ for check in found], **info})
        engine.dispose()
        for log in workdir.glob("*.log"):  # kept for a look afterwards: the work folder goes
            shutil.copy(log, ARTIFACTS / f"{stamp}-{log.name}")
    return results


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--levels", type=int, nargs="+", default=[50, 200, 500])
    parser.add_argument("--setups", nargs="+", choices=sorted(PORTS),
                        default=["sqlite", "pg"] if SERVICES.exists() else ["sqlite"])
    parser.add_argument("--think", type=float, default=1.0, help="mean pause between two actions, seconds")
    parser.add_argument("--orders", type=int, default=2, help="orders each customer tries to place")
    parser.add_argument("--arrivals", type=float, default=25.0, help="customers arriving per second")
    parser.add_argument("--floor-events", type=int, default=16, help="counter events per floor tab")
    parser.add_argument("--timeout", type=float, default=60.0, help="seconds an action may take before it fails")
    parser.add_argument("--warmup", type=int, default=5, help="customers (and floor tabs) run first, not counted")
    parser.add_argument("--skip-floor", action="store_true")
    args = parser.parse_args(argv)
    print(f"Load test over the event protocol; {os.cpu_count()} cores, shared with the load generator "
          f"(and, on this machine, with other engineers' work); load average {os.getloadavg()[0]:.2f}")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    results = []
    stamp = time.strftime("%Y%m%dT%H%M%S")
    for setup in args.setups:
        with tempfile.TemporaryDirectory(prefix=f"load-{setup}-") as workdir:
            results += run_setup(setup, args, Path(workdir), stamp)
    print("\nSummary: p95 in ms (and its ratio to the floor's counter event at the same concurrency)")
    report.print_summary(results)
    out = ARTIFACTS / f"results-{stamp}.json"
    out.write_text(json.dumps(results, indent=1, default=str))
    print(f"\nResults saved to {out.relative_to(PROJECT_ROOT)}")
    failed = [c for r in results for c in r.get("checks", []) if not c["ok"]]
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
