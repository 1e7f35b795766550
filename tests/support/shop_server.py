"""Start the production build of the shop on a free port, with its own migrated and seeded database.

By default the database is a SQLite file and one worker serves. The environment can ask for the production
set-up (`make test-scale` does): TEST_DB_URL names a PostgreSQL server (a fresh database is created on it for
the run and dropped afterwards), TEST_REDIS_URL a Redis for Reflex's state manager, TEST_WORKERS the number
of Granian workers.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from tests.support.oidc_provider import TestProvider, serving_provider, shop_env

PROJECT_ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]
START_TIMEOUT_SECONDS = 600


@dataclass(frozen=True)
class RunningShop:
    url: str
    db_url: str
    log: Path
    oidc: TestProvider | None = None  # our OpenID provider, which the shop offers as "Google"


def chromium_launch_options() -> dict:
    options: dict = {"args": CHROMIUM_ARGS}
    if os.path.exists(CHROMIUM):
        options["executable_path"] = CHROMIUM
    return options


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _wait_until_up(url: str, process: subprocess.Popen, log_path: Path) -> None:
    deadline = time.monotonic() + START_TIMEOUT_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the shop exited early:\n{log_path.read_text()[-4000:]}")
        try:
            with urllib.request.urlopen(url + "/ping", timeout=2) as ping, \
                    urllib.request.urlopen(url + "/", timeout=5) as home:
                if ping.status == 200 and home.status == 200:
                    return
        except OSError:
            pass
        time.sleep(1)
    raise RuntimeError(f"the shop did not start in time:\n{log_path.read_text()[-4000:]}")


def _reflex_env(port: int, **extra: str) -> dict[str, str]:
    return {
        **os.environ,
        "PORT": str(port),
        "REFLEX_TELEMETRY_ENABLED": "false",
        "REFLEX_CHECK_LATEST_VERSION": "false",
        "REFLEX_USE_SYSTEM_BUN": "1",
        **extra,
    }


@contextmanager
def _serving(app_dir: Path, port: int, env: dict[str, str], log_path: Path) -> Iterator[str]:
    """`reflex run` in production mode on one port, in its own process group, stopped afterwards."""
    reflex = shutil.which("reflex", path=env["PATH"]) or str(Path(sys.executable).parent / "reflex")
    with open(log_path, "w") as log:
        process = subprocess.Popen(
            [reflex, "run", "--env", "prod", "--single-port", "--frontend-port", str(port)],
            cwd=app_dir, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
        )
    try:
        _wait_until_up(f"http://localhost:{port}", process, log_path)
        yield f"http://localhost:{port}"
    finally:
        try:
            os.killpg(process.pid, signal.SIGTERM)
            process.wait(timeout=20)
        except ProcessLookupError:
            pass
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)


@contextmanager
def _database(workdir: Path) -> Iterator[str]:
    """A SQLite file in `workdir`, or a fresh database on the PostgreSQL server TEST_DB_URL names."""
    server = os.environ.get("TEST_DB_URL", "").strip()
    if not server.startswith("postgresql"):
        yield f"sqlite:///{workdir / 'shop.db'}"
        return
    from sqlalchemy import create_engine
    from sqlalchemy.engine import make_url

    name = f"lumen_shop_{os.getpid()}_{workdir.name}".lower().replace("-", "_")[:60]
    admin = create_engine(server, isolation_level="AUTOCOMMIT")

    def run(statement: str) -> None:
        with admin.connect() as connection:
            connection.exec_driver_sql(statement)

    run(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    run(f'CREATE DATABASE "{name}"')
    try:
        yield make_url(server).set(database=name).render_as_string(hide_password=False)
    finally:
        run(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.dispose()


def _scale_env() -> dict[str, str]:
    """Reflex's Redis state manager and several workers, when the environment asks for them."""
    env: dict[str, str] = {}
    if redis_url := os.environ.get("TEST_REDIS_URL", "").strip():
        env["REFLEX_REDIS_URL"] = redis_url
    if workers := os.environ.get("TEST_WORKERS", "").strip():
        env["GRANIAN_WORKERS"] = workers
    return env


@contextmanager
def running_shop(workdir: Path, **extra_env: str) -> Iterator[RunningShop]:
    """Migrate and seed a database in `workdir` (or on TEST_DB_URL's server), serve the production build,
    stop it afterwards."""
    with _database(workdir) as db_url:
        yield from _running_shop(workdir, db_url, extra_env)


def _running_shop(workdir: Path, db_url: str, extra_env: dict[str, str]) -> Iterator[RunningShop]:
    port = _free_port()
    with serving_provider() as oidc:  # the shop offers it as "Google" (tests/e2e/test_social_sign_in.py)
        # The benchmarks' bare counter (bench/ping.py) is served too: socket tests use it as a baseline and a
        # barrier; and the test mailbox endpoint, which the QA kit reads on a deployment.
        env = _reflex_env(port, REFLEX_DB_URL=db_url, STORE_BASE_URL=f"http://localhost:{port}", STORE_ENV="test",
                          STORE_BENCHMARK_EVENTS="1", STORE_TEST_MODE="1",
                          **{**shop_env(oidc), **_scale_env(), **extra_env})
        env.pop("RESEND_API_KEY", None)  # emails are captured, never sent
        for command in (["migrate"], ["seed"]):
            subprocess.run([sys.executable, "-m", "shop.cli", *command], cwd=PROJECT_ROOT, env=env, check=True,
                           stdout=subprocess.DEVNULL)
        log_path = workdir / "server.log"
        with _serving(PROJECT_ROOT, port, env, log_path) as url:
            yield RunningShop(url=url, db_url=db_url, log=log_path, oidc=oidc)


@contextmanager
def running_floor(workdir: Path, **extra_env: str) -> Iterator[str]:
    """The bare Reflex app of bench/floor, for benchmarks that compare the shop with Reflex's floor."""
    port = _free_port()
    with _serving(PROJECT_ROOT / "bench" / "floor", port, _reflex_env(port, **extra_env),
                  workdir / "floor.log") as url:
        yield url
