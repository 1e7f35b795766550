"""Page loads under load, next to a bare Reflex app: `python -m bench.page_loads [VISITORS ...]`.

A page load in Reflex is a hydrate: the browser opens the event socket, the server runs the page's
on-load handlers and sends the state. For `/`, a product page, `/login` and `/account` (signed in), N
visitors arrive at once (1, 50 and 200 by default): each opens its own socket and hydrates as a browser
does on a page load, sending the hashes of the page's compiled state (read from the built frontend) so
that only what differs comes back. The last column also gives the payload of a reconnect, which sends
no hashes and gets the whole state.

Printed per page and N: p50 and p95 of the time from opening the socket to the hydrated state, page
loads per second (N / the time for all), the server's CPU time per page load (its worker's user + system
time over the batch: steadier than wall time on a shared machine), the payload the server sent one
visitor, and the errors. Next to the bare app's `/` in the same run: as Reflex ships it (tab states in
files on disk; the ratio column) and with tab states in memory, as the shop keeps them ("bare memory");
and the bare app's `/loaded`, the same page with an on-load handler that sets one var ("bare on-load"):
what Reflex itself charges for a page that loads data, as every shop page does.

The three servers (bare on disk, bare in memory, shop) run together and are measured in turns, three
rounds; each figure printed is the median of its three. A shared machine's load drifts over minutes, and
one pass over the sites, bare app first, put that drift into the ratios.

Targets (issue 16): at 50 and 200 at once, p95 at most 2x the bare app's; payload under 8 KiB; no errors.
The load generator runs on the same 2 cores as the servers: compare ratios within one run.
"""

from __future__ import annotations

import os
import re
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path

os.environ.setdefault("SECRET_KEY", "benchmark-secret-key-of-at-least-32-bytes")
os.environ.setdefault("STORE_ENV", "test")

from sqlmodel import Session  # noqa: E402

from bench.stats import p95  # noqa: E402
from tests.support.reflex_socket import ReflexSocket, compiled_state_hashes  # noqa: E402
from tests.support.shop_server import PROJECT_ROOT, running_floor, running_shop  # noqa: E402

FLOOR_DIR = PROJECT_ROOT / "bench" / "floor"

VISITORS = (1, 50, 200)
ROUNDS = 3
PAYLOAD_TARGET_KIB = 8


@dataclass
class Row:
    site: str
    page: str
    visitors: int
    p50_ms: float
    p95_ms: float
    loads_per_s: float
    payload_kib: float
    errors: int
    reconnect_kib: float  # the payload of a reconnect: no hashes, the whole state
    cpu_ms: float  # the server's CPU time per page load (steadier than wall time on a shared machine)


def load_at_once(url: str, path: str, visitors: int, client_vars: dict[str, str],
                 state_hashes: list[str] | None = None) -> tuple[list[float], int, int, float]:
    """`visitors` tabs open `path` at the same instant. Returns their times, the errors, the payload of one
    tab and the wall time for all."""
    start = threading.Barrier(visitors + 1)
    times: list[float] = []
    errors: list[BaseException] = []
    payloads: list[int] = []
    lock = threading.Lock()

    tabs: list[ReflexSocket] = []

    def visit():
        start.wait()
        started = time.perf_counter()
        try:
            tab = ReflexSocket(url, client_vars=client_vars, path=path, state_hashes=state_hashes)
            elapsed = time.perf_counter() - started
            with lock:
                times.append(elapsed)
                payloads.append(tab.received_bytes)
                tabs.append(tab)
        except BaseException as error:  # a failed page load is a figure of the benchmark, not a crash
            with lock:
                errors.append(error)

    threads = [threading.Thread(target=visit, daemon=True) for _ in range(visitors)]
    for thread in threads:
        thread.start()
    start.wait()
    began = time.perf_counter()
    for thread in threads:
        thread.join(timeout=120)
    wall = time.perf_counter() - began
    for tab in tabs:  # the visitors leave once every page has loaded
        tab.close()
    return times, len(errors) + sum(thread.is_alive() for thread in threads), max(payloads, default=0), wall


def server_pid(url: str) -> int | None:
    """The process that listens on the URL's port (Granian's worker), found with `ss`."""
    port = url.rstrip("/").rsplit(":", 1)[1]
    try:
        listening = subprocess.run(["ss", "-ltnpH", f"sport = :{port}"], capture_output=True, text=True,
                                   timeout=10).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    found = re.search(r"pid=(\d+)", listening)
    return int(found.group(1)) if found else None


def cpu_seconds(pid: int | None) -> float:
    """User + system CPU time of a process so far (NaN when it cannot be read)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (OSError, TypeError):
        return float("nan")
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def measure(site: str, url: str, path: str, visitors: tuple[int, ...], client_vars: dict[str, str],
            state_hashes: list[str]) -> list[Row]:
    load_at_once(url, path, 5, client_vars, state_hashes)  # warm up: first loads compile and cache
    reconnect = load_at_once(url, path, 1, client_vars)[2]
    pid = server_pid(url)
    rows = []
    for count in visitors:
        cpu_before = cpu_seconds(pid)
        times, errors, payload, wall = load_at_once(url, path, count, client_vars, state_hashes)
        cpu_ms = (cpu_seconds(pid) - cpu_before) / count * 1000
        ordered = sorted(times) or [float("nan")]
        rows.append(Row(site, path, count, statistics.median(ordered) * 1000,
                        (p95(ordered) if len(ordered) >= 2 else ordered[0]) * 1000,
                        count / wall if wall else 0.0, payload / 1024, errors, reconnect / 1024, cpu_ms))
    return rows


def signed_in_vars(db_url: str) -> dict[str, str]:
    from shop.customers.records import find_by_email
    from shop.db import make_engine
    from shop.demo.seed import DEMO_CUSTOMER_EMAIL
    from shop.identity import sessions
    from storefront.state.shop import ShopState

    engine = make_engine(db_url)
    with Session(engine) as db:
        token = sessions.start_session(db, customer_id=find_by_email(db, DEMO_CUSTOMER_EMAIL).id)
        db.commit()
    engine.dispose()
    return {f"{ShopState.get_full_name()}.browser_token_rx_state_": token}


def print_table(rows: list[Row]) -> None:
    floor = {row.visitors: row for row in rows if row.site == "bare Reflex"}
    print(f"  {'site':<12}{'page':<30}{'N':>5}{'p50 ms':>9}{'p95 ms':>9}{'p95/bare':>9}{'loads/s':>9}"
          f"{'cpu ms':>8}{'payload':>11}{'reconnect':>11}{'errors':>7}")
    for row in rows:
        ratio = row.p95_ms / floor[row.visitors].p95_ms if row.visitors in floor else float("nan")
        cpu = f"{row.cpu_ms:.2f}" if row.visitors >= 50 else "-"  # the clock ticks every 10 ms
        print(f"  {row.site:<12}{row.page:<30}{row.visitors:>5}{row.p50_ms:>9.1f}{row.p95_ms:>9.1f}{ratio:>9.2f}"
              f"{row.loads_per_s:>9.1f}{cpu:>8}{row.payload_kib:>7.1f} KiB{row.reconnect_kib:>7.1f} KiB"
              f"{row.errors:>7}")
    shop_rows = [row for row in rows if row.site == "shop"]

    def worst_against(site: str) -> float:
        reference = {row.visitors: row for row in rows if row.site == site}
        return max((row.p95_ms / reference[row.visitors].p95_ms for row in shop_rows
                    if row.visitors >= 50 and row.visitors in reference), default=float("nan"))

    worst_payload = max((row.payload_kib for row in shop_rows), default=float("nan"))
    print(f"  worst p95 ratio at 50+ visitors {worst_against('bare Reflex'):.2f} (target <= 2; "
          f"{worst_against('bare memory'):.2f} against the bare app in memory, "
          f"{worst_against('bare on-load'):.2f} against its page with an on-load handler); "
          f"largest payload {worst_payload:.1f} KiB (target < {PAYLOAD_TARGET_KIB}); "
          f"errors {sum(row.errors for row in rows)}")


def median_rows(rounds: list[list[Row]]) -> list[Row]:
    """One row per site, page and N: the median of each figure over the rounds (payloads are the same in
    every round; errors are summed)."""
    merged = []
    for same in zip(*rounds, strict=True):
        first = same[0]

        def middle(figure: str, same: tuple[Row, ...] = same) -> float:
            return statistics.median(getattr(row, figure) for row in same)

        merged.append(Row(first.site, first.page, first.visitors, middle("p50_ms"), middle("p95_ms"),
                          middle("loads_per_s"), first.payload_kib, sum(row.errors for row in same),
                          first.reconnect_kib, middle("cpu_ms")))
    return merged


def main(argv: list[str]) -> int:
    visitors = tuple(int(arg) for arg in argv) or VISITORS
    rounds: list[list[Row]] = []
    with tempfile.TemporaryDirectory() as workdir, ExitStack() as servers:
        floor_url = servers.enter_context(running_floor(Path(workdir)))
        # The shop keeps tab states in memory (rxconfig.py); the bare app as Reflex ships it writes them to
        # disk. The same bare app in memory is printed too, so the shop's gain is not mistaken for Reflex's.
        (Path(workdir) / "memory").mkdir()
        memory_url = servers.enter_context(running_floor(Path(workdir) / "memory",
                                                         REFLEX_STATE_MANAGER_MODE="memory"))
        shop = servers.enter_context(running_shop(Path(workdir)))
        cookie, hashes, floor_hashes = signed_in_vars(shop.db_url), compiled_state_hashes(PROJECT_ROOT), \
            compiled_state_hashes(FLOOR_DIR)
        # All three serve at once and are measured in turns, ROUNDS times: a shared machine's load drifts
        # over minutes, and a ratio is only fair between figures taken side by side.
        for _ in range(ROUNDS):
            rows = measure("bare Reflex", floor_url, "/", visitors, {}, floor_hashes)
            rows += measure("bare memory", memory_url, "/", visitors, {}, floor_hashes)
            # What Reflex itself adds for a page with an on-load handler (every shop page has one).
            rows += measure("bare on-load", memory_url, "/loaded", visitors, {}, floor_hashes)
            for path, client_vars in (("/", {}), ("/products/stoneware-mug-sage", {}), ("/login", {}),
                                      ("/account", cookie)):
                rows += measure("shop", shop.url, path, visitors, client_vars, hashes)
            rounds.append(rows)
    print(f"Page loads: {', '.join(map(str, visitors))} visitors arriving at once; the median of {ROUNDS} rounds "
          f"taken in turns on the same machine (each round: every site and page)")
    print_table(median_rows(rounds))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
