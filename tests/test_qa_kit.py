"""The QA kit: data fixtures, the mailbox reader, the test-only endpoint and `python -m shop.cli fixtures`."""

import json

import pytest
from sqlmodel import Session, select

from shop import cli
from shop.config import get_settings
from shop.customers import records
from shop.db import make_engine
from shop.demo.seed import seed_demo_data
from shop.identity import emails, passwords
from shop.models import Address, Customer, CustomerGroup, Order, OrderStatus, Product
from shop.testing import fixtures, mailbox


@pytest.fixture
def environment(monkeypatch):
    """Run a test as a shop with STORE_ENV and STORE_TEST_MODE set; settings are read afresh."""
    def set_to(env: str, test_mode: bool) -> None:
        monkeypatch.setenv("STORE_ENV", env)
        monkeypatch.setenv("STORE_TEST_MODE", "1" if test_mode else "")
        if env == "prod":
            monkeypatch.setenv("STORE_BASE_URL", "https://shop.example")
        get_settings.cache_clear()

    yield set_to
    monkeypatch.undo()
    get_settings.cache_clear()


# --- fixtures ---

def test_a_fixture_customer_is_verified_and_can_sign_in(db, cheap_bcrypt):
    customer = fixtures.create_customer(db)
    db.commit()
    assert customer.email.startswith("qa-") and customer.email_verified_at is not None
    assert passwords.verify_password(fixtures.DEFAULT_PASSWORD, customer.password_hash)
    assert not customer.is_blocked and customer.customer_number.startswith("C")


def test_a_fixture_customer_in_each_state_the_scenarios_need(db, cheap_bcrypt):
    seed_demo_data(db)
    customer = fixtures.create_customer(db, email="Lou@Example.com", verified=False, blocked=True, group="trade",
                                        addresses=2, language="fr", password=None)
    db.commit()
    assert customer.email == "lou@example.com" and customer.email_verified_at is None and customer.is_blocked
    assert customer.password_hash is None and customer.language == "fr"
    assert db.get(CustomerGroup, customer.group_id).name == "Trade partners"  # found by the start of its name
    book = db.exec(select(Address).where(Address.customer_id == customer.id).order_by(Address.id)).all()
    assert [(a.is_default_billing, a.is_default_shipping) for a in book] == [(True, True), (False, False)]


def test_a_group_that_is_not_one_group_is_refused_with_the_names_there_are(db, cheap_bcrypt):
    seed_demo_data(db)
    with pytest.raises(fixtures.FixtureRefused, match="Trade partners, Friends of the shop"):
        fixtures.create_customer(db, group="wholesale")


def test_a_fixture_order_in_a_shipped_status_carries_its_tracking(db, cheap_bcrypt):
    seed_demo_data(db)
    customer = fixtures.create_customer(db)
    order = fixtures.create_order(db, customer, status=OrderStatus.SHIPPED.value, product_slug="stoneware-mug-sage")
    db.commit()
    assert order.status == "shipped" and order.carrier == "Colissimo" and order.tracking_number
    assert order.customer_id == customer.id and order.number.startswith("ML-")
    received = fixtures.create_order(db, customer)
    assert received.status == "received" and received.tracking_number == ""
    with pytest.raises(fixtures.FixtureRefused, match="no product for sale named 'no-such-thing'"):
        fixtures.create_order(db, customer, product_slug="no-such-thing")


def test_reset_to_demo_empties_the_shop_and_seeds_it_again(db, cheap_bcrypt, environment):
    environment("test", test_mode=False)
    seed_demo_data(db)
    products = len(db.exec(select(Product)).all())
    fixtures.create_customer(db, email="gone@example.com")
    db.commit()
    added = fixtures.reset_to_demo(db)
    db.commit()
    assert records.find_by_email(db, "gone@example.com") is None
    assert added["products"] == products == len(db.exec(select(Product)).all())


def test_a_production_shop_is_never_reset(db, cheap_bcrypt, environment):
    seed_demo_data(db)
    environment("prod", test_mode=False)
    with pytest.raises(fixtures.FixtureRefused, match="production"):
        fixtures.reset_to_demo(db)
    assert db.exec(select(Product)).first() is not None


# --- page objects ---

def test_every_route_has_a_page_object_that_fills_its_parameters():
    from shop import routes
    from tests.e2e import pages

    objects = [value for value in vars(pages).values()
               if isinstance(value, type) and issubclass(value, pages.PageObject)]
    declared = {value for name, value in vars(routes).items() if name.isupper() and str(value).startswith("/")}
    covered = {page.route for page in objects} | {page(None).path for page in objects}
    assert declared - covered == set()
    assert pages.ProductPage(None, "stoneware-mug-sage").path == "/products/stoneware-mug-sage"
    assert pages.AccountOrdersPage(None).path == "/account/orders"
    assert pages.AccountOrdersPage(None, "ML-100001").path == "/account/orders/ML-100001"
    assert pages.ConfirmEmailPage(None, "t0k3n").path == "/account/security/confirm-email/t0k3n"


# --- the mailbox ---

def test_the_mailbox_reads_codes_and_links_after_a_point(db):
    emails.send_verification_code(db, "ana@example.com", "en", "Ana", "482913")
    db.commit()
    start = mailbox.latest_id(db)
    emails.send_sign_in_code(db, "Ana@Example.com", "fr", "Ana", "305117", "link-token-abc123")
    emails.send_no_account(db, "someone@example.com", "en", asked_for="code")
    db.commit()
    assert [m["template"] for m in mailbox.messages(db, after_id=start)] == ["sign_in_code", "no_account"]
    [mine] = mailbox.messages(db, to=" ANA@example.com", after_id=start)
    assert mine["code"] == "305117" and mine["language"] == "fr"
    assert [link for link in mine["links"] if link.endswith("/login/link/link-token-abc123")]
    assert mailbox.messages(db, to="someone@example.com", after_id=start)[0]["code"] == ""
    assert mailbox.latest_id(db) == start + 2


# --- the test-only endpoint ---

@pytest.mark.parametrize("env, test_mode", [("prod", True), ("prod", False), ("dev", False), ("test", False)])
def test_the_mailbox_endpoint_does_not_exist_outside_test_mode_or_in_production(environment, env, test_mode):
    from storefront.test_api import test_api

    environment(env, test_mode)
    assert test_api() is None


@pytest.mark.filterwarnings("ignore:Using `httpx` with `starlette.testclient`")
def test_in_test_mode_the_endpoint_serves_the_mailbox(engine, db, environment, monkeypatch):
    from starlette.testclient import TestClient

    import storefront.test_api

    environment("dev", test_mode=True)
    monkeypatch.setattr(storefront.test_api, "get_engine", lambda: engine)
    emails.send_sign_in_code(db, "ana@example.com", "en", "Ana", "305117", "link-token-abc123")
    emails.send_no_account(db, "bo@example.com", "en", asked_for="code")
    db.commit()
    client = TestClient(storefront.test_api.test_api())
    body = client.get("/_test/mailbox", params={"to": "ana@example.com", "after": "0"}).json()
    assert body["latest_id"] == 2 and [m["code"] for m in body["messages"]] == ["305117"]
    assert client.get("/_test/mailbox", params={"after": "2"}).json()["messages"] == []
    assert len(client.get("/_test/mailbox", params={"after": "-1 OR 1=1"}).json()["messages"]) == 2  # read as 0
    assert client.post("/_test/mailbox").status_code == 405  # it only reads


# --- the CLI ---

def test_cli_fixtures_make_a_customer_and_an_order_and_print_them(cli_db, capsys, cheap_bcrypt):
    cli.main(["migrate"])
    cli.main(["seed"])
    capsys.readouterr()
    assert cli.main(["fixtures", "customer", "--email", "qa.lou@example.com", "--group", "Friends",
                     "--addresses", "1"]) == 0
    made = json.loads(capsys.readouterr().out)
    assert made["email"] == "qa.lou@example.com" and made["password"] == fixtures.DEFAULT_PASSWORD
    assert cli.main(["fixtures", "order", "--customer", "qa.lou@example.com", "--status", "delivered"]) == 0
    order = json.loads(capsys.readouterr().out)
    with Session(make_engine(cli_db)) as check:
        customer = check.exec(select(Customer).where(Customer.email == "qa.lou@example.com")).one()
        assert customer.id == made["id"] and check.get(CustomerGroup, customer.group_id).name == "Friends of the shop"
        saved = check.exec(select(Order).where(Order.number == order["number"])).one()
        assert saved.status == "delivered" and saved.customer_id == customer.id


def test_cli_fixtures_say_what_is_wrong(cli_db, capsys, environment, cheap_bcrypt):
    cli.main(["migrate"])
    assert cli.main(["fixtures", "order", "--customer", "nobody@example.com"]) == 1
    assert "no customer with the email 'nobody@example.com'" in capsys.readouterr().err
    environment("prod", test_mode=False)
    assert cli.main(["fixtures", "reset"]) == 1
    assert "never reset" in capsys.readouterr().err
