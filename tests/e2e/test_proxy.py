"""The shop served through the shipped nginx configuration (deploy/nginx.conf), in Chromium over https:
pages hydrate through the proxied event socket, a customer signs in and adds to the cart, and the page runs
under the proxy's Content-Security-Policy without one violation."""

from __future__ import annotations

import os
import random
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.e2e.helpers import create_customer, sign_in
from tests.e2e.pages import AccountPage, AccountProfilePage, AdminLoginPage, HomePage, ProductPage
from tests.support.nginx_proxy import nginx_binary, running_proxy
from tests.support.shop_server import chromium_launch_options

HOST = "shop.test"  # the browser maps this name to the proxy's own loopback address


def _can_listen_on_443() -> bool:
    """The built pages open their socket at wss://<host>/_event on port 443, so the proxy must listen there."""
    if os.geteuid() == 0:
        return True
    try:
        return int(Path("/proc/sys/net/ipv4/ip_unprivileged_port_start").read_text()) <= 443
    except (OSError, ValueError):
        return False


@pytest.fixture(scope="module")
def proxied(shop, tmp_path_factory):
    if shop["db_url"] is None:
        pytest.skip("puts nginx in front of the locally started shop")
    if nginx_binary() is None:
        pytest.skip("nginx is not installed (scripts/ensure_nginx.sh installs Debian's package)")
    if not _can_listen_on_443():
        pytest.skip("the proxy must listen on port 443, which needs root here")
    address = f"127.{random.randint(1, 254)}.{random.randint(1, 254)}.{random.randint(2, 254)}"
    upstream_port = int(shop["url"].rsplit(":", 1)[1])
    # The test shop accepts the socket only from its own origin; a real one has STORE_BASE_URL=https://<host>.
    with running_proxy(tmp_path_factory.mktemp("proxy"), upstream_port, address=address, host=HOST, https_port=443,
                       upstream_origin=shop["url"]) as proxy:
        yield proxy


@pytest.fixture
def proxied_page(proxied, playwright):
    # Its own browser: the host name must resolve to the proxy's loopback address.
    options = chromium_launch_options()
    browser = playwright.chromium.launch(
        **{**options, "args": [*options["args"], f"--host-resolver-rules=MAP {HOST} {proxied.address}"]})
    context = browser.new_context(base_url=proxied.https_url, ignore_https_errors=True,
                                  viewport={"width": 1280, "height": 900})
    context.set_default_timeout(15_000)
    # Every CSP violation the page meets, kept in the page for the test to read.
    context.add_init_script("window.__cspViolations = [];"
                            "document.addEventListener('securitypolicyviolation', event => "
                            "window.__cspViolations.push(event.violatedDirective + ' ' + event.blockedURI));")
    page = context.new_page()
    page.csp_messages = []
    page.on("console", lambda message: "Content Security Policy" in message.text
            and page.csp_messages.append(message.text))
    yield page
    browser.close()


def _assert_no_csp_violation(page) -> None:
    assert page.evaluate("window.__cspViolations") == []
    assert page.csp_messages == []


def test_pages_hydrate_through_the_proxy_under_its_csp(proxied_page, shop_db):
    page = proxied_page
    response = page.goto("/")
    assert "frame-ancestors 'none'" in response.headers["content-security-policy"]
    assert response.headers["strict-transport-security"].startswith("max-age=")
    HomePage(page).wait_until_live()  # the on-load event went through the proxied socket
    _assert_no_csp_violation(page)

    # A customer signs in (events over the socket, a cookie, a redirect) and fills the cart.
    customer = create_customer(shop_db, "proxied")
    sign_in(page, customer.email)
    account = page.goto("/account")
    assert account.headers["cache-control"] == "no-store"
    AccountPage(page).expect_open()
    product = ProductPage(page, "stoneware-mug-sage").goto()
    product.add_to_cart()
    # The toast is code the server sends to the page, which Reflex runs with eval: the CSP must allow it.
    expect(page.get_by_text("Added to your cart.")).to_be_visible()
    _assert_no_csp_violation(page)

    # The data download is a file the server sends to the page (Reflex's download event).
    download = AccountProfilePage(page).goto().download_data()
    assert customer.email in Path(download.path()).read_text()
    _assert_no_csp_violation(page)

    admin = AdminLoginPage(page).goto()
    expect(admin.heading).to_be_visible()
    _assert_no_csp_violation(page)
