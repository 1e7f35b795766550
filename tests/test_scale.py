"""Several workers at once: what must stay right when requests race on one database.

Threads with their own connections stand in for workers. They run on SQLite (one writer at a time) and, with
TEST_DB_URL set (`make test-scale`), on PostgreSQL, where writers really run side by side: senders claim with
`FOR UPDATE SKIP LOCKED`, code checks of one address take turns (an advisory lock), order numbers come from
a counter row. The live order status is pushed with LISTEN/NOTIFY on PostgreSQL only.
"""

from __future__ import annotations

import asyncio
from dataclasses import replace

import pytest
from sqlmodel import Session, select

from shop.config import get_settings
from shop.identity import codes, throttle
from shop.mail.outbox import queue_test_email
from shop.mail.sender import deliver_due_emails
from shop.models import CodePurpose, OneTimeCode, Order, OutboxEmail, OutboxStatus, ThrottleEvent
from shop.orders import checkout, live, orders
from tests.conftest import on_postgres
from tests.helpers import count_rows, race, run_coroutine, wrong_code_for
from tests.resend_stub import ResendStub

EMAIL = "racer@example.com"



# --- the outbox: each email delivered once, whichever sender claims it ------------------------------------------


def test_two_senders_deliver_each_email_exactly_once(engine, db):
    for n in range(40):
        queue_test_email(db, f"reader{n}@example.com", "en")
    db.commit()
    with ResendStub() as stub:
        settings = replace(get_settings(), resend_api_key="re_test_key", resend_api_url=stub.url)

        def sender(_session):
            delivered = 0
            while report := deliver_due_emails(engine, limit=5, settings=settings):
                if report.sent == 0:
                    return delivered
                delivered += report.sent
            return delivered

        results = race(engine, [sender, sender, sender])
    assert all(isinstance(result, int) for result in results), results
    assert sum(results) == 40
    recipients = [request["body"]["to"][0] for request in stub.requests]
    assert sorted(recipients) == sorted(f"reader{n}@example.com" for n in range(40))  # none twice, none lost
    keys = [request["headers"].get("Idempotency-Key") for request in stub.requests]
    assert len(set(keys)) == 40
    db.expire_all()
    rows = db.exec(select(OutboxEmail)).all()
    assert {row.status for row in rows} == {OutboxStatus.SENT.value} and {row.attempts for row in rows} == {1}


# --- one-time codes: every wrong try counted, the caps exact --------------------------------------------------


def _wrong_guess(code: str):
    def job(session):
        return codes.check_code(session, EMAIL, CodePurpose.SIGN_IN.value, wrong_code_for(code),
                                client_ip="203.0.113.7")
    return job


def test_wrong_codes_at_once_all_count_and_the_fifth_voids_the_code(engine, db):
    code = codes.issue_code(db, EMAIL, CodePurpose.SIGN_IN.value)
    db.commit()
    results = race(engine, [_wrong_guess(code) for _ in range(8)])
    assert all(isinstance(result, codes.CodeCheck) and not result.ok for result in results), results
    db.expire_all()
    row = db.exec(select(OneTimeCode).where(OneTimeCode.email == EMAIL)).one()
    assert row.voided_at is not None
    if on_postgres():  # the checks took turns: exactly five counted against the code, then it was void
        assert row.failed_attempts == codes.MAX_FAILED_ATTEMPTS
    else:
        assert row.failed_attempts >= codes.MAX_FAILED_ATTEMPTS
    # Every wrong try is in the throttle's count, none lost.
    assert count_rows(db, ThrottleEvent, ThrottleEvent.kind == throttle.CODE_FAILURE) == 8


@pytest.mark.skipif(not on_postgres(), reason="SQLite serves one worker; the race needs PostgreSQL's writers")
def test_the_daily_cap_on_wrong_codes_holds_when_guessesrace(engine, db):
    code = codes.issue_code(db, EMAIL, CodePurpose.SIGN_IN.value)
    db.commit()
    guesses = throttle.CODE_FAILURES_PER_EMAIL_PER_DAY + 6
    results = race(engine, [_wrong_guess(code) for _ in range(guesses)])
    refused = [result for result in results if result.error_key == codes.THROTTLED]
    assert len(refused) == 6
    db.expire_all()
    assert count_rows(db, ThrottleEvent, ThrottleEvent.kind == throttle.CODE_FAILURE) == \
        throttle.CODE_FAILURES_PER_EMAIL_PER_DAY


def test_the_right_code_sent_twice_at_once_signs_in_once(engine, db):
    code = codes.issue_code(db, EMAIL, CodePurpose.SIGN_IN.value)
    db.commit()

    def right(session):
        return codes.check_code(session, EMAIL, CodePurpose.SIGN_IN.value, code).ok

    assert sorted(race(engine, [right, right, right])) == [False, False, True]


# --- the live order status -----------------------------------------------------------------------------------


@pytest.fixture
def placed_order(db, make_product):
    from tests.test_checkout import guest_cart, place

    mug = make_product("mug", stock=3)
    _, owner = guest_cart(db, mug)
    return place(db, owner).order.number


def _set_status(engine, number: str, status: str, *, commit: bool = True) -> None:
    with Session(engine) as session:
        order = session.exec(select(Order).where(Order.number == number)).one()
        orders.set_status(session, order, status)
        session.commit() if commit else session.rollback()


@pytest.mark.skipif(not on_postgres(), reason="LISTEN/NOTIFY is PostgreSQL's; SQLite pages poll")
def test_a_status_change_is_pushed_at_commit_and_a_rolled_back_one_never(engine, placed_order):
    changes = live.OrderChanges(engine.url.render_as_string(hide_password=False))

    async def follow():
        async with changes.subscribe(placed_order) as subscription:
            await subscription.wait(10)  # the listener connected: a first wake-up (re-read), or quiet
            await asyncio.to_thread(_set_status, engine, placed_order, "paid", commit=False)
            assert not await subscription.wait(1.5)  # rolled back: nothing to hear
            await asyncio.to_thread(_set_status, engine, placed_order, "processing")
            assert await subscription.wait(10)
            other = asyncio.create_task(subscription.wait(1.5))
            return await other

    assert run_coroutine(follow()) is False  # once heard, quiet again
    assert changes.waiting() == 0


@pytest.mark.skipif(not on_postgres(), reason="LISTEN/NOTIFY is PostgreSQL's; SQLite pages poll")
def test_a_listener_that_loses_its_connection_listens_again_and_wakes_every_page(engine, placed_order):
    import sqlalchemy as sa

    changes = live.OrderChanges(engine.url.render_as_string(hide_password=False))

    def cut_the_listener():
        with engine.connect() as connection:
            return connection.execute(sa.text(
                "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                "WHERE datname = current_database() AND query LIKE 'LISTEN%'")).scalar_one()

    async def follow():
        async with changes.subscribe(placed_order) as subscription:
            await subscription.wait(10)  # connected
            assert await asyncio.to_thread(cut_the_listener) == 1
            assert await subscription.wait(15)  # listening again: the page re-reads what it may have missed
            await asyncio.to_thread(_set_status, engine, placed_order, "processing")
            return await subscription.wait(10)

    assert run_coroutine(follow()) is True


def test_push_is_for_postgresql_and_can_be_turned_off(monkeypatch):
    assert not live.push_enabled("sqlite:///shop.db")
    assert live.push_enabled("postgresql+psycopg://shop@db/shop")
    monkeypatch.setenv("STORE_LIVE_ORDERS", "poll")
    assert not live.push_enabled("postgresql+psycopg://shop@db/shop")


# --- order numbers from a database that never had an order ---------------------------------------------------


def test_the_first_orders_of_a_new_database_placed_at_once_get_distinct_numbers(engine, db):
    from shop.models import OrderCounter

    assert count_rows(db, OrderCounter) == 0  # as a database made before the counter existed
    numbers = race(engine, [checkout.next_order_number for _ in range(6)])
    assert all(isinstance(number, str) for number in numbers), numbers
    assert len(set(numbers)) == 6


# --- forked workers never share a connection -----------------------------------------------------------------


def test_a_pooled_connection_from_another_process_is_never_handed_out(engine):
    """Reflex forks its workers from a supervisor that imported the app: a connection the parent opened must not
    be used by a worker (two processes on one socket). The pool replaces it, without closing the parent's."""
    with engine.connect() as connection:
        inherited = connection.connection.dbapi_connection
        connection.connection._connection_record.info["pid"] = -1  # as if opened by the supervisor
    with engine.connect() as connection:
        assert connection.connection.dbapi_connection is not inherited
        assert connection.exec_driver_sql("SELECT 1").scalar() == 1
    with engine.connect() as connection:  # the fresh one is this process's: it stays in the pool
        again = connection.connection.dbapi_connection
    with engine.connect() as connection:
        assert connection.connection.dbapi_connection is again


# --- the register's search on PostgreSQL goes through its trigram indexes -------------------------------------


@pytest.mark.skipif(not on_postgres(), reason="pg_trgm is PostgreSQL's; SQLite has its FTS5 index")
def test_a_register_search_on_postgresql_reads_the_trigram_indexes(db, make_customer):
    import sqlalchemy as sa
    from sqlalchemy.dialects import postgresql

    from shop.customers.register import RegisterQuery, matching_customers, search_customers

    make_customer("lea.roux@example.com", first_name="Léa", last_name="Roux")
    statement = matching_customers(db, RegisterQuery(text="roux 0612"), region="FR")
    sql = str(statement.compile(dialect=postgresql.dialect(), compile_kwargs={"literal_binds": True}))
    db.exec(sa.text("SET LOCAL enable_seqscan = off"))  # a tiny table: ask what the index can do
    plan = "\n".join(row[0] for row in db.connection().exec_driver_sql("EXPLAIN " + sql.replace("%", "%%")))
    assert "ix_customer_trgm_document" in plan and "ix_address_trgm_document" in plan, plan
    db.rollback()
    assert [row.last_name for row in search_customers(db, RegisterQuery(text="oux"), region="FR").rows] == ["Roux"]
