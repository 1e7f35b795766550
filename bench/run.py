"""Run every benchmark against a fresh production build: `make bench` or `python -m bench.run`."""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("SECRET_KEY", "benchmark-secret-key-of-at-least-32-bytes")
os.environ.setdefault("STORE_ENV", "test")

from playwright.sync_api import sync_playwright  # noqa: E402

from bench import account_roundtrip, add_to_cart, passkey_signin, place_orders, signin_roundtrip  # noqa: E402
from tests.support.shop_server import chromium_launch_options, running_shop  # noqa: E402


def run_checkout(shop, browser) -> None:
    """Issue 11: orders placed by 20 buyers at once (its own database), then the cart and order events."""
    place_orders.run()
    print()
    add_to_cart.run(shop)


BENCHMARKS = {"signin": signin_roundtrip.run, "account": account_roundtrip.run, "checkout": run_checkout,
              "passkey": passkey_signin.run}


def main(names: list[str]) -> int:
    chosen = names or list(BENCHMARKS)
    with tempfile.TemporaryDirectory() as workdir, running_shop(Path(workdir)) as shop, sync_playwright() as p:
        browser = p.chromium.launch(**chromium_launch_options())
        for name in chosen:
            BENCHMARKS[name](shop, browser)
            print()
        browser.close()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
