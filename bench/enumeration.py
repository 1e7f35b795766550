"""Does the time of an answer tell whether an address has an account? `python -m bench.enumeration [TRIES]`

Times sign-up, password-reset and sign-in-code requests for addresses that have an account and for
addresses that do not, TRIES of each (200 by default), in the service with its commit, as a handler runs
them, on a fresh SQLite database in WAL mode. Known and unknown tries alternate, so the machine's noise
falls on both alike. Every try uses its own address and client address, so no cooldown or cap changes the
path. Target: the ratio of the medians (known / unknown) stays between 0.8 and 1.25.
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("SECRET_KEY", "benchmark-secret-key-of-at-least-32-bytes")
os.environ.setdefault("STORE_ENV", "test")

from sqlmodel import Session, SQLModel  # noqa: E402

import shop.models  # noqa: E402,F401
from shop.customers import records  # noqa: E402
from shop.db import make_engine  # noqa: E402
from shop.identity import password_reset, signin, signup  # noqa: E402
from shop.identity.passwords import hash_password  # noqa: E402
from shop.identity.sessions import Client  # noqa: E402
from shop.settings.store import get_store_settings  # noqa: E402

PASSWORD = "green tea and linen towels"
LOW, HIGH = 0.8, 1.25


def _client(n: int) -> Client:
    return Client(ip_address=f"10.{n // 65536 % 256}.{n // 256 % 256}.{n % 256}")


def _timed(engine, work) -> float:
    started = time.perf_counter()
    with Session(engine) as db:
        work(db)
        db.commit()
    return time.perf_counter() - started


def _sign_up(email: str, n: int):
    form = {"email": email, "password": PASSWORD, "first_name": "Ana", "last_name": "Lopez"}
    return lambda db: signup.sign_up(db, form, lang="en", client=_client(n))


def _reset(email: str, n: int):
    return lambda db: password_reset.request_password_reset(db, email, client=_client(n))


def _code(email: str, n: int):
    return lambda db: signin.request_sign_in_code(db, email, client=_client(n))


def run(tries: int = 200) -> list[dict]:
    rows = []
    with tempfile.TemporaryDirectory() as folder:
        engine = make_engine(f"sqlite:///{Path(folder) / 'enumeration.db'}")
        SQLModel.metadata.create_all(engine)
        with Session(engine) as db:
            get_store_settings(db)
            shared_hash = hash_password(PASSWORD)  # one bcrypt for all the known accounts
            for kind in ("signup", "reset", "code"):
                for n in range(tries):
                    records.create_customer(db, email=f"known-{kind}-{n}@example.com", first_name="Ana",
                                              password_hash=shared_hash, verified=True)
            db.commit()
        client_number = 0
        for kind, request in (("signup", _sign_up), ("reset", _reset), ("code", _code)):
            known, unknown = [], []
            for n in range(tries):
                client_number += 2
                known.append(_timed(engine, request(f"known-{kind}-{n}@example.com", client_number)))
                unknown.append(_timed(engine, request(f"unknown-{kind}-{n}@example.com", client_number + 1)))
            rows.append({"request": kind, "known": statistics.median(known) * 1000,
                         "unknown": statistics.median(unknown) * 1000, "tries": tries})
        engine.dispose()
    return rows


def main(argv: list[str]) -> int:
    tries = int(argv[0]) if argv else 200
    print(f"Enumeration by timing: median of {tries} tries each, service call + commit, fresh SQLite (WAL)")
    print(f"  {'request':<10}{'known ms':>10}{'unknown ms':>12}{'ratio':>8}   target {LOW}-{HIGH}")
    for row in run(tries):
        ratio = row["known"] / row["unknown"]
        verdict = "within" if LOW <= ratio <= HIGH else "OUTSIDE"
        print(f"  {row['request']:<10}{row['known']:>10.2f}{row['unknown']:>12.2f}{ratio:>8.2f}   {verdict}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
