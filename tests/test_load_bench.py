"""The load test's parts that need no shop: the event protocol's frames, a tab against a stand-in socket,
the percentiles, and the consistency checks on a small database with planted faults."""

from __future__ import annotations

import asyncio
import json
from collections import Counter

import sqlalchemy as sa

from bench.load import checks
from bench.load.protocol import (
    HYDRATE,
    ON_LOAD,
    ROOT_STATE,
    Tab,
    connect_frame,
    error_toast,
    event_frame,
    is_hydrated,
    merge_delta,
    parse_frame,
    redirect_path,
    router_data,
    socket_url,
    var,
)
from bench.load.report import percentile
from tests.helpers import run_coroutine

COUNTER = f"{ROOT_STATE}.floor___floor____counter_state"


# --- frames ---

def test_socket_url_carries_the_tab_token_on_the_event_endpoint():
    assert socket_url("http://127.0.0.1:3204", "abc") == \
        "ws://127.0.0.1:3204/_event/?EIO=4&transport=websocket&token=abc"
    assert socket_url("https://shop.example/", "t").startswith("wss://shop.example/_event/?")


def test_router_data_splits_the_query_as_the_browser_does():
    assert router_data("/account") == {"pathname": "/account", "asPath": "/account"}
    assert router_data("/admin/customers?q=lopez&page=2") == {
        "pathname": "/admin/customers", "asPath": "/admin/customers?q=lopez&page=2",
        "query": {"q": "lopez", "page": "2"}}


def test_the_hydrate_rides_in_the_connect_packet():
    frame = connect_frame("/login/code", {"ml_session": "x"}, ["h1"])
    assert frame.startswith("40/_event,")
    auth = json.loads(frame[len("40/_event,"):])
    assert auth["event"]["name"] == HYDRATE
    assert auth["event"]["payload"] == {"vars": {"ml_session": "x"}, "hashes": ["h1"]}
    assert auth["event"]["router_data"] == {"pathname": "/login/code", "asPath": "/login/code"}
    assert "hashes" not in json.loads(connect_frame("/")[len("40/_event,"):])["event"]["payload"]


def test_an_event_frame_parses_back_to_its_event():
    frame = event_frame(f"{COUNTER}.increment", {"by": 1}, "/?q=mug")
    parsed = parse_frame(frame)
    assert parsed.kind == "event" and parsed.name == "event"
    assert parsed.data == {"name": f"{COUNTER}.increment", "payload": {"by": 1},
                           "router_data": {"pathname": "/", "asPath": "/?q=mug", "query": {"q": "mug"}}}


def test_server_frames_are_told_apart():
    assert parse_frame('0{"sid":"a","pingInterval":25000}').kind == "open"
    assert parse_frame("2").kind == "ping"
    assert parse_frame("1").kind == "close"
    assert parse_frame('40/_event,{"sid":"s"}').data == {"sid": "s"}
    assert parse_frame('44/_event,{"message":"no"}').kind == "connect_error"
    assert parse_frame("41/_event,").kind == "disconnect"
    with_ack = parse_frame('42/_event,12["event",{"delta":{}}]')
    assert (with_ack.kind, with_ack.name, with_ack.data) == ("event", "event", {"delta": {}})
    assert parse_frame("6").kind == "other" and parse_frame("").kind == "other"


def test_deltas_redirects_and_server_errors_are_read():
    snapshot: dict = {}
    merge_delta(snapshot, {COUNTER: {"count_rx_state_": 1}})
    merge_delta(snapshot, {COUNTER: {"step_rx_state_": 2}, ROOT_STATE: {"is_hydrated_rx_state_": True}})
    assert var(snapshot, COUNTER, "count") == 1 and var(snapshot, COUNTER, "step") == 2
    assert is_hydrated(snapshot) and not is_hydrated({COUNTER: {}})
    redirect = {"events": [{"name": "_redirect", "payload": {"path": "/account", "external": False}}]}
    assert redirect_path(redirect) == "/account"
    assert redirect_path({"events": [{"name": "_redirect", "payload": {"path": "http://x:1/a?b=1"}}]}) == "/a?b=1"
    assert redirect_path({"delta": {}}) is None
    crashed = {"events": [{"name": "_call_function", "payload": {"id": "backend_error", "level": "error"}}]}
    assert error_toast(crashed) and error_toast(redirect) is None
    refusal = {"events": [{"name": "_call_function", "payload": {"level": "error", "message": "Sold out"}}]}
    assert error_toast(refusal) is None  # the shop's own refusals are answers, not crashes


def test_percentiles_are_nearest_rank():
    samples = [float(value) for value in range(1, 101)]
    assert (percentile(samples, 50), percentile(samples, 95), percentile(samples, 99)) == (50.0, 95.0, 99.0)
    assert percentile([3.0], 99) == 3.0


# --- a tab against a stand-in for Reflex's socket ---

def _update(update: dict) -> str:
    return "42/_event," + json.dumps(["event", update])


HYDRATED = {"delta": {ROOT_STATE: {"is_hydrated_rx_state_": True}}}


async def _fake_reflex(websocket):
    """Answers as Reflex does: open packet, connect ack, the hydrate in two deltas; an event gets its delta,
    then a redirect in an update of its own; a ping on the way."""
    await websocket.send('0{"sid":"e","upgrades":[],"pingInterval":25000,"pingTimeout":120000}')
    count = 0
    async for message in websocket:
        if message.startswith("40/_event,"):
            auth = json.loads(message[len("40/_event,"):])
            assert auth["event"]["name"] == HYDRATE
            await websocket.send('40/_event,{"sid":"s"}')
            await websocket.send("2")
            await websocket.send(_update({"delta": {ROOT_STATE: {"is_hydrated_rx_state_": False},
                                                    COUNTER: {"count_rx_state_": 0}}}))
            await websocket.send(_update(HYDRATED))
        elif message.startswith("42/_event,"):
            event = json.loads(message[len("42/_event,"):])[1]
            if event["name"] == ON_LOAD:
                await websocket.send(_update(HYDRATED))
                continue
            count += 1
            await websocket.send(_update({"delta": {COUNTER: {"count_rx_state_": count}}}))
            await websocket.send(_update({"events": [{"name": "_redirect", "payload": {"path": "/next"}}]}))


def test_a_tab_hydrates_calls_follows_a_redirect_and_navigates():
    from websockets.asyncio.server import serve

    async def scenario():
        async with serve(_fake_reflex, "127.0.0.1", 0) as server:
            port = server.sockets[0].getsockname()[1]
            tab = Tab(f"http://127.0.0.1:{port}", timeout=5)
            await tab.open("/")
            assert var(tab.snapshot, COUNTER, "count") == 0
            await tab.call(f"{COUNTER}.increment", None, lambda d: var(d, COUNTER, "count") is not None)
            assert var(tab.snapshot, COUNTER, "count") == 1
            assert await tab.redirected() == "/next"
            await tab.navigate("/next")
            assert tab.path == "/next" and is_hydrated(tab.snapshot)
            await tab.close()

    run_coroutine(asyncio.wait_for(scenario(), 20))


# --- the checks after a run ---

SCHEMA = (
    "CREATE TABLE product (id INTEGER PRIMARY KEY, slug TEXT, stock INTEGER)",
    "CREATE TABLE shop_order (id INTEGER PRIMARY KEY, number TEXT, email TEXT)",  # no unique index: planted
    "CREATE TABLE order_line (id INTEGER PRIMARY KEY, order_id INTEGER, product_id INTEGER, quantity INTEGER)",
    "CREATE TABLE outbox_email (id INTEGER PRIMARY KEY, to_address TEXT, template TEXT, status TEXT, "
    "attempts INTEGER)",
)


def _database(tmp_path):
    engine = sa.create_engine(f"sqlite:///{tmp_path / 'checks.db'}")
    with engine.begin() as db:
        for statement in SCHEMA:
            db.execute(sa.text(statement))
        db.execute(sa.text("INSERT INTO product VALUES (1, 'mug', 10), (2, 'vase', 3)"))
        db.execute(sa.text("INSERT INTO shop_order VALUES (1, 'ML-1001', 'old@example.com')"))
        db.execute(sa.text("INSERT INTO outbox_email VALUES (1, 'old@example.com', 'sign_in_code', 'captured', 1)"))
    return engine


def _place(db, order_id: int, number: str, email: str, product_id: int, quantity: int, *, confirm: bool = True):
    db.execute(sa.text("INSERT INTO shop_order VALUES (:id, :number, :email)"),
               {"id": order_id, "number": number, "email": email})
    db.execute(sa.text("INSERT INTO order_line (order_id, product_id, quantity) VALUES (:o, :p, :q)"),
               {"o": order_id, "p": product_id, "q": quantity})
    db.execute(sa.text("UPDATE product SET stock = stock - :q WHERE id = :p"), {"q": quantity, "p": product_id})
    if confirm:
        db.execute(sa.text("INSERT INTO outbox_email (to_address, template, status, attempts) "
                           "VALUES (:e, 'order_confirmation', 'captured', 1)"), {"e": email})


def _code(db, email: str, status: str = "captured", attempts: int = 1):
    db.execute(sa.text("INSERT INTO outbox_email (to_address, template, status, attempts) "
                       "VALUES (:e, 'sign_in_code', :s, :a)"), {"e": email, "s": status, "a": attempts})


def test_a_clean_run_passes_every_check(tmp_path):
    engine = _database(tmp_path)
    with engine.begin() as db:
        baseline = checks.take_baseline(db)
        _code(db, "a@example.com")
        _code(db, "b@example.com")
        _place(db, 2, "ML-1002", "a@example.com", 1, 2)
        _place(db, 3, "ML-1003", "b@example.com", 2, 3)  # the last three vases: sold out, not oversold
    with engine.connect() as db:
        found = checks.run_checks(db, baseline, Counter({"a@example.com": 1, "b@example.com": 1}), 2)
        assert checks.undelivered_count(db, baseline) == 0
    assert [check.ok for check in found] == [True, True, True, True], [check.line() for check in found]
    assert found[0].line().startswith("  PASS  no lost or doubled emails")


def test_planted_faults_fail_their_checks(tmp_path):
    engine = _database(tmp_path)
    with engine.begin() as db:
        baseline = checks.take_baseline(db)
        _code(db, "a@example.com")
        _code(db, "a@example.com")  # doubled
        _place(db, 2, "ML-1001", "a@example.com", 2, 4)  # a number used before, and 4 vases of 3
        _place(db, 3, "ML-1003", "c@example.com", 1, 1, confirm=False)  # its confirmation is lost
    with engine.connect() as db:
        emails, stock, numbers, seen = checks.run_checks(
            db, baseline, Counter({"a@example.com": 1, "b@example.com": 1}), 1)
    assert not emails.ok and "lost 2, doubled 1" in emails.detail  # b's code and c's confirmation
    assert not stock.ok and "product 2 at -1" in stock.detail
    assert not numbers.ok and "ML-1001 x2" in numbers.detail
    assert not seen.ok and "1 confirmed to customers, 2 in the database" in seen.detail
    assert emails.line().startswith("  FAIL")


def test_stock_that_left_twice_or_not_at_all_fails(tmp_path):
    engine = _database(tmp_path)
    with engine.begin() as db:
        baseline = checks.take_baseline(db)
        _place(db, 2, "ML-1002", "a@example.com", 1, 2)
        db.execute(sa.text("UPDATE product SET stock = stock + 1 WHERE id = 1"))  # a unit sold but not taken
    with engine.connect() as db:
        stock = checks.check_stock(db, baseline)
    assert not stock.ok and "10 - 2 sold != 9 left" in stock.detail


def test_emails_stuck_or_sent_twice_fail(tmp_path):
    engine = _database(tmp_path)
    with engine.begin() as db:
        baseline = checks.take_baseline(db)
        _code(db, "a@example.com", status="sending")
        _code(db, "b@example.com", attempts=2)
    with engine.connect() as db:
        emails = checks.check_emails(db, baseline, Counter({"a@example.com": 1, "b@example.com": 1}))
        assert checks.undelivered_count(db, baseline) == 1
    assert not emails.ok and "undelivered 1, delivered more than once 1" in emails.detail
