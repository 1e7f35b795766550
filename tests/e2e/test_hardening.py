"""The identity hardening, tried in Chromium and on the event socket as an attacker or a hurried script would."""

import json
import re

import pytest
from playwright.sync_api import expect
from reflex.state import State
from sqlmodel import Session, select
from websockets.exceptions import InvalidStatus

from shop.models import Address, AuditEvent
from storefront.state.account import AccountState
from storefront.state.addresses import AddressesState
from storefront.state.catalog import CatalogState, ProductState
from storefront.state.identity import LoginState
from storefront.state.overview import OverviewState
from storefront.state.profile import ProfileState
from storefront.state.security import SecurityState
from storefront.state.shop import ShopState
from tests.e2e.helpers import (
    PASSWORD,
    create_customer,
    registration_mode,
    session_token_for,
    sign_in,
    unique_email,
)
from tests.e2e.pages import (
    AccountPage,
    AdminDashboardPage,
    AdminLoginPage,
    CodeLoginPage,
    LoginPage,
    SignUpPage,
    VerifyEmailPage,
)
from tests.helpers import wrong_code_for
from tests.support.reflex_socket import ON_LOAD, ReflexSocket

# --- 1. no takeover before verification ---

def test_a_strangers_sign_up_never_opens_the_owners_account(browser, shop, page, mailbox):
    email = unique_email("owner")
    stranger = browser.new_context(base_url=shop["url"]).new_page()
    SignUpPage(stranger).goto().create_account(email, "stranger chose this password").expect_open()
    # ...and the stranger never gets the code, which went to the owner's mailbox.

    verify = SignUpPage(page).goto().create_account(email, PASSWORD, first_name="Owner").expect_open()
    verify.enter_code(mailbox.wait_for(email, count=2).code)
    AccountPage(page).expect_open("Hello, Owner")

    # The stranger's code (which only the owner received) works nowhere, and their password opens nothing.
    stranger_verify = VerifyEmailPage(stranger)
    stranger_verify.enter_code(mailbox.emails(email)[0].code)
    stranger_verify.expect_alert("expired or was started in another browser")
    sign_in(stranger, email, "stranger chose this password", expect_success=False)
    LoginPage(stranger).expect_refused()
    stranger.context.close()


def test_without_verification_the_owners_code_sign_in_ends_the_strangers_hold(
        browser, shop, page, mailbox, store_setting):
    store_setting("email_verification", "none")
    email = unique_email("owner")
    stranger = browser.new_context(base_url=shop["url"]).new_page()
    SignUpPage(stranger).goto().create_account(email, "stranger chose this password",
                                               first_name="Stranger", last_name="Danger")
    AccountPage(stranger).expect_open("Hello, Stranger")  # signed in at once

    code_login = CodeLoginPage(page).goto()  # the real owner, later
    code_login.request_code(email)
    code_login.enter_code(mailbox.wait_for(email).code)
    AccountPage(page).expect_open("Hello, Stranger")  # the owner is in

    stranger.goto("/account")  # the stranger's session has ended...
    expect(stranger).to_have_url(re.compile(r"/login\?next=/account$"))
    sign_in(stranger, email, "stranger chose this password", expect_success=False)  # ...and the password is gone
    LoginPage(stranger).expect_refused()
    stranger.context.close()


# --- 2 and 3. guessing codes, and one answer for every address ---

def test_a_wrong_code_reads_the_same_for_an_address_with_and_without_an_account(page, new_customer, mailbox):
    known = new_customer("known")
    code_login = CodeLoginPage(page)
    answers = []
    for email in (known, unique_email("nobody")):
        code_login.goto().request_code(email)
        code_login.enter_code(wrong_code_for(mailbox.wait_for(known).code))
        code_login.expect_alert()
        answers.append(code_login.alert.first.inner_text())
    assert answers[0] == answers[1] == "That code is not right, or it is no longer valid. " \
                                       "Check the latest email, or ask for a new code."
    assert [email.template for email in mailbox.emails(known)] == ["sign_in_code"]


# --- 4. throttling that tells the truth ---

def test_after_five_failures_even_the_right_password_hears_the_truth(page, new_customer):
    email = new_customer("locked")
    for _ in range(5):
        sign_in(page, email, "not the password at all", expect_success=False)
        expect(page.get_by_role("alert")).to_have_text("The email or password is incorrect.")
    sign_in(page, email, PASSWORD, expect_success=False)
    expect(page.get_by_role("alert")).to_have_text(
        "Too many attempts. Try again in 15 min, or sign in with an emailed code.")


def test_a_forged_x_forwarded_for_is_ignored_without_a_trusted_proxy(shop, shop_db):
    email = unique_email("forged")
    socket = ReflexSocket(shop["url"], client_vars={}, path="/login",
                          headers={"X-Forwarded-For": "203.0.113.77"})
    socket.send(f"{LoginState.get_full_name()}.submit",
                {"form_data": {"email": email, "password": "wrong password here"}})
    socket.wait_for(lambda delta: any("errors_rx_state_" in values for values in delta.values()))
    socket.close()
    with Session(shop_db) as db:
        event = db.exec(select(AuditEvent).where(AuditEvent.email == email)).one()
    assert event.kind == "customer.sign_in_failed" and event.ip_address in ("127.0.0.1", "::1")


# --- 5b. a members-only shop: the page decides who may see it, not the path the browser reports ---

def _load_as_visitor(shop, state, path: str) -> tuple[str, list[str]]:
    """A visitor's socket runs `state`'s page load reporting `path`: what it was sent, and where it was sent."""
    socket = ReflexSocket(shop["url"], client_vars={}, path="/login")
    socket.send(f"{state.get_full_name()}.load_page", path=path)
    received, redirects = [], []
    while True:
        update = socket.next_update()
        received.append(update.get("delta", {}))
        redirects += [event["payload"]["path"] for event in update.get("events", []) if event["name"] == "_redirect"]
        if redirects or update.get("delta", {}).get(state.get_full_name(), {}).get("loaded_rx_state_"):
            break
    socket.close()
    return json.dumps(received, ensure_ascii=False), redirects


def test_a_members_only_shop_shows_a_visitor_nothing_whatever_path_the_socket_reports(shop, shop_db):
    # The control: an open shop sends the product to this same forged load.
    shown, _ = _load_as_visitor(shop, ProductState, "/login/stoneware-mug-sage")
    assert "Stoneware Mug, Sage" in shown
    with registration_mode(shop_db, "members_only"):
        for state, forged_path in [(ProductState, "/login/stoneware-mug-sage"), (CatalogState, "/legal/x"),
                                   (CatalogState, "/signup")]:
            shown, redirects = _load_as_visitor(shop, state, forged_path)
            assert "Stoneware Mug, Sage" not in shown, (state, forged_path)
            assert redirects and redirects[0].startswith("/login?next="), (state, forged_path, redirects)


# --- 6. nothing left in the tab after sign-out ---

def _signed_in_tab(shop, token: str, tab: str, path: str) -> ReflexSocket:
    return ReflexSocket(shop["url"], client_vars={f"{ShopState.get_full_name()}.browser_token_rx_state_": token},
                        path=path, token=tab)


def test_after_sign_out_the_tab_holds_nothing_of_the_customer(shop, shop_db):
    customer = create_customer(shop_db, "shared", first_name="Noémie", last_name="Vasseur",
                               phone="+33687654321", company="Atelier Vasseur")
    with Session(shop_db) as db:
        db.add(Address(customer_id=customer.id, name="Noémie Vasseur", street_address="27 rue des Tanneurs",
                       city="LILLE", postal_code="59000", country_code="FR", is_default_billing=True))
        db.commit()
    token = session_token_for(shop_db, customer.id)
    session_token_for(shop_db, customer.id, user_agent="Mozilla/5.0 (Windows NT 10.0) Firefox/130.0")
    secrets = [customer.email, "+33687654321", "Atelier Vasseur", "27 rue des Tanneurs", "Vasseur", "Windows"]

    tab = "tab-" + customer.customer_number
    socket = _signed_in_tab(shop, token, tab, "/account/profile")
    for state, path, done in [(AddressesState, "/account/addresses", "book_rx_state_"),
                              (SecurityState, "/account/security", "sessions_rx_state_"),
                              (OverviewState, "/account", "billing_lines_rx_state_")]:
        socket.send(f"{state.get_full_name()}.load_page", path=path)
        socket.wait_for(lambda delta, name=state.get_full_name(), var=done: var in delta.get(name, {}))
    socket.close()

    # The control: reopening the tab while signed in shows all of it (so the check below can fail).
    before = _signed_in_tab(shop, token, tab, "/account/profile")
    shown = json.dumps(before.snapshot, ensure_ascii=False)
    assert all(secret in shown for secret in secrets), [s for s in secrets if s not in shown]
    before.send(f"{AccountState.get_full_name()}.sign_out")
    before.wait_for(lambda delta: delta.get(ShopState.get_full_name(), {}).get("signed_in_rx_state_") is False)
    before.close()

    # The next person at this computer reloads the tab, then opens the account pages without a page load.
    # The sign-out emptied the account area; the browser is sent it, emptied, with the reload (the area was
    # shown in this tab) or with the move into it (had it been left out).
    after = ReflexSocket(shop["url"], client_vars={}, path="/", token=tab)
    received = dict(after.snapshot)

    def page_loaded(delta: dict) -> bool:
        received.update({f"{state} (later)": values for state, values in delta.items()})
        return delta.get(State.get_full_name(), {}).get("is_hydrated_rx_state_") is True

    after.send(ON_LOAD, path="/account/profile")
    after.wait_for(page_loaded)
    after.close()
    profile = ProfileState.get_full_name()
    assert profile in received or f"{profile} (later)" in received  # the account area did reach the browser
    left = json.dumps(received, ensure_ascii=False)
    assert [secret for secret in secrets if secret in left] == []


# --- 8. the event socket refuses other sites ---

def test_the_event_socket_refuses_a_handshake_from_another_origin(shop):
    with pytest.raises(InvalidStatus):  # the handshake is answered 400, never upgraded
        ReflexSocket(shop["url"], client_vars={}, path="/", headers={"Origin": "https://evil.example"})
    own = ReflexSocket(shop["url"], client_vars={}, path="/", headers={"Origin": shop["url"]})
    own.close()


def test_a_return_path_with_a_tab_in_it_stays_on_the_shop(page, new_customer):
    email = new_customer("returning")
    LoginPage(page).goto("/login?next=/%09/evil.example").sign_in(email, PASSWORD)
    expect(page).to_have_url(re.compile(r"/account$"))


def test_after_merchant_sign_out_the_tab_holds_nothing_of_the_back_office(shop, shop_db):
    from backoffice.state.auth import AdminState
    from backoffice.state.dashboard import DashboardState
    from shop.merchants import accounts

    with Session(shop_db) as db:
        token = accounts.sign_in(db, "merchant@maison-lumen.example", "lumen-demo-2026").token
        db.commit()
    cookie = {f"{AdminState.get_full_name()}.admin_token_rx_state_": token}
    tab = "merchant-tab-" + token[:8]
    signed_in = ReflexSocket(shop["url"], client_vars=cookie, path="/admin", token=tab)
    assert signed_in.snapshot[DashboardState.get_full_name()]["figures_rx_state_"]  # loaded with the page
    assert "merchant@maison-lumen.example" in json.dumps(signed_in.snapshot)  # the control
    signed_in.send(f"{AdminState.get_full_name()}.sign_out")
    signed_in.wait_for(lambda delta: delta.get(AdminState.get_full_name(), {}).get("merchant_email_rx_state_") == "")
    signed_in.close()
    after = ReflexSocket(shop["url"], client_vars={}, path="/", token=tab)
    after.close()
    left = json.dumps(after.snapshot)
    assert "merchant@maison-lumen.example" not in left and '"recent_orders_rx_state_": [{' not in left


def test_the_back_office_warns_while_the_published_demo_password_is_in_use(page):
    AdminLoginPage(page).goto().sign_in("merchant@maison-lumen.example", "lumen-demo-2026")
    AdminDashboardPage(page).expect_open()
    expect(page.get_by_text("You signed in with the demo password published in the README.")).to_be_visible()
