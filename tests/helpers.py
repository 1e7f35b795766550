"""Small helpers shared by the tests: codes and links out of captured emails, row counts, the states a
component reads."""

import re

from sqlmodel import func, select

CODE = re.compile(r"^(\d{6})$", re.MULTILINE)
LINK_TOKEN = re.compile(r"/(?:login/link|reset-password|invite)/([A-Za-z0-9_-]{20,})")


def code_in(email) -> str:
    return CODE.search(email.text_body).group(1)


def token_in(email) -> str:
    return LINK_TOKEN.search(email.text_body).group(1)


def wrong_code_for(code: str) -> str:
    """A well-formed code that is not `code`."""
    return "123456" if code != "123456" else "654321"


def count_rows(db, table, *where) -> int:
    """How many rows of `table` match `where` (all rows without it)."""
    return db.exec(select(func.count()).select_from(table).where(*where)).one()


def run_coroutine(coroutine):
    """Run an async handler to its end from a plain test.

    A fresh thread gets its own event loop: `asyncio.run` alone refuses to start when Playwright's sync API
    (used by the e2e suite in the same pytest process) already holds a loop on the main thread. It runs in
    a copy of this thread's context, where Reflex keeps the app's registry of states."""
    import asyncio
    import contextvars
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(contextvars.copy_context().run, asyncio.run, coroutine).result()


def race(engine, jobs):
    """Run the jobs at once, each in its own session and thread; what each returned or raised."""
    import threading

    from sqlmodel import Session

    results: list = [None] * len(jobs)
    start = threading.Barrier(len(jobs))

    def run(index, job):
        with Session(engine, expire_on_commit=False) as session:
            start.wait()
            try:
                results[index] = job(session)
                session.commit()
            except Exception as error:  # noqa: BLE001 - the test inspects it
                session.rollback()
                results[index] = error

    threads = [threading.Thread(target=run, args=(i, job)) for i, job in enumerate(jobs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def states_read(component) -> set[str]:
    """The full names of the states whose vars a component's body reads (its memo components read their own)."""
    names = set()
    for var in component._get_vars(include_children=True):
        data = var._get_all_var_data()
        if data is not None:
            names.update(name for name in (data.field_dependencies or {}) if name)
            if data.state:
                names.add(data.state)
    return names
