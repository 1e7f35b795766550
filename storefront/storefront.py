"""The Reflex app: imports every page module, registers the pages and starts the mail sender."""

from __future__ import annotations

import os

import reflex as rx

import shop.db  # noqa: F401  (SQLite tuning for Reflex's own engine too)
from backoffice.downloads import downloads
from backoffice.pages import (  # noqa: F401
    customer_actions,
    customer_card,
    customers,
    dashboard,
    groups,
    login,
    products,
    settings,
    staff,
    transfer,
)
from backoffice.pages import orders as admin_orders  # noqa: F401
from backoffice.pages import reserved as reserved_admin_pages  # noqa: F401  (after every back-office page)
from shop.housekeeping import run_housekeeping
from shop.mail.worker import run_outbox_sender
from storefront.components.templates import REGISTERED_PAGES
from storefront.gc_tuning import tune_garbage_collector
from storefront.page_paths import page_paths
from storefront.pages import (  # noqa: F401
    account,
    addresses,
    cart,
    catalog,
    checkout,
    delete_account,
    identity,
    legal,
    not_found,
    orders,
    profile,
    security,
    social,
    wishlist,
)
from storefront.product_meta import SHOP_DESCRIPTION, product_meta
from storefront.social_post import social_form_post
from storefront.test_api import test_api

if os.environ.get("STORE_BENCHMARK_EVENTS") == "1":
    # Not part of the shop: a bare counter that benchmarks and socket tests use as their baseline.
    import bench.ping  # noqa: F401

app = rx.App(
    stylesheets=["/styles.css"],
    head_components=[rx.el.link(rel="icon", href="/favicon.svg", type="image/svg+xml")],
    # Both languages read left to right. Said once here, the toasts' container stops asking the browser for
    # the page's computed direction on each of its renders (a forced style pass during a page's start-up).
    html_custom_attrs={"dir": "ltr"},
    # Pages are served without a trailing-slash redirect; product pages get their own title, description
    # and 404 in the HTML; QA's mailbox exists only with STORE_TEST_MODE=1 outside production; Apple's
    # form_post sign-in answer becomes a GET of the callback page.
    api_transformer=[transformer for transformer in (page_paths, product_meta, social_form_post, test_api(),
                                                     downloads()) if transformer is not None],
)

for spec in REGISTERED_PAGES:
    # Every page's HTML describes the shop (search engines, shared links); product pages get their own.
    app.add_page(spec.component, route=spec.route, title=spec.title, on_load=spec.on_load,
                 description=SHOP_DESCRIPTION)

app.register_lifespan_task(tune_garbage_collector)
app.register_lifespan_task(run_outbox_sender)
app.register_lifespan_task(run_housekeeping)
