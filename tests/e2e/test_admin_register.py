"""The customer register in Chromium: search and filters kept in the URL, sorting, the bulk group
assignment, read-only staff, and the phone layout."""

from __future__ import annotations

import re
import uuid

import pytest
from playwright.sync_api import expect
from sqlmodel import Session

from shop import routes
from shop.models import Customer, CustomerGroup
from tests.e2e.helpers import create_customer, create_merchant, sign_in_merchant
from tests.e2e.pages.admin_register import AdminRegisterPage


@pytest.fixture
def family(shop_db):
    """Three customers sharing a surname no other test uses: the register finds exactly them."""
    surname = f"Quillon{uuid.uuid4().hex[:6]}"
    people = {
        "ana": create_customer(shop_db, "ana", password=None, first_name="Ana", last_name=surname, verified=True),
        "bea": create_customer(shop_db, "bea", password=None, first_name="Béa", last_name=surname, verified=True),
        "cyr": create_customer(shop_db, "cyr", password=None, first_name="Cyr", last_name=surname, verified=False),
    }
    with Session(shop_db) as db:  # the totals the checkout keeps, set directly
        for key, (orders, spent) in {"ana": (2, 12_000), "bea": (5, 98_050), "cyr": (1, 3_000)}.items():
            customer = db.get(Customer, people[key].id)
            customer.order_count, customer.total_spent_cents = orders, spent
            db.add(customer)
        db.commit()
    return {"surname": surname, **people}


def test_owner_searches_filters_and_the_url_keeps_the_query(page, shop_db, family):
    sign_in_merchant(page, create_merchant(shop_db))
    register = AdminRegisterPage(page).goto().expect_open()
    register.search(family["surname"].lower())
    register.expect_url(q=family["surname"].lower())
    register.expect_count("3 customers")
    register.choose("Email verified", "Yes")
    register.submit()
    register.expect_url(verified="yes")
    register.expect_count("2 customers")
    expect(register.text(f"Cyr {family['surname']}")).to_have_count(0)

    page.reload()  # a bookmark: the same view, the form showing the query
    register.wait_until_live()
    register.expect_count("2 customers")
    expect(register.field("Search customers")).to_have_value(family["surname"].lower())
    expect(register.field("Email verified")).to_have_value("yes")

    page.go_back()  # the search before the filter
    register.expect_count("3 customers")


def test_a_query_in_the_url_opens_that_view(page, shop_db, family):
    sign_in_merchant(page, create_merchant(shop_db))
    register = AdminRegisterPage(page).open_query(f"q={family['surname']}&verified=no&sort=total_spent")
    register.expect_count("1 customer")
    register.expect_names(f"Cyr {family['surname']}")
    row = page.get_by_role("row", name=re.compile(family["surname"]))
    expect(row.get_by_role("link", name=f"Cyr {family['surname']}", exact=True)).to_have_attribute(
        "href", routes.with_id(routes.ADMIN_CUSTOMER, family["cyr"].id))
    expect(row.get_by_role("link", name=f"1 Orders of Cyr {family['surname']}")).to_have_attribute(
        "href", f"{routes.ADMIN_ORDERS}?customer={family['cyr'].id}")


def test_a_wrong_amount_is_explained_and_an_empty_result_says_so(page, shop_db, family):
    sign_in_merchant(page, create_merchant(shop_db))
    register = AdminRegisterPage(page).open_query(f"q={family['surname']}")
    register.field("Total spent at least (€)").fill("lots")
    register.submit()
    register.expect_alert("Enter an amount in euros")
    register.expect_count("3 customers")
    register.field("Total spent at least (€)").fill("500,5")
    register.submit()
    register.expect_url(spent_above="500.50")
    register.expect_count("1 customer")
    register.search(f"{family['surname']}-nobody")
    register.expect_count("0 customers")
    expect(register.text("No customer matches this search.")).to_be_visible()
    page.screenshot(path="/tmp/register-empty.png")


def test_sorting_by_a_column(page, shop_db, family):
    sign_in_merchant(page, create_merchant(shop_db))
    register = AdminRegisterPage(page).open_query(f"q={family['surname']}")
    surname = family["surname"]
    register.sort_by("Total spent")
    register.expect_url(sort="total_spent")
    register.expect_names(f"Béa {surname}", f"Ana {surname}", f"Cyr {surname}")
    expect(register.main.get_by_role("row", name=re.compile(f"Béa {surname}"))).to_contain_text("€980.50")
    register.sort_by("Total spent")  # again: the other way
    register.expect_url(dir="asc")
    register.expect_names(f"Cyr {surname}", f"Ana {surname}", f"Béa {surname}")


def test_owner_assigns_a_group_to_a_selection(page, shop_db, family):
    name = f"Trade {uuid.uuid4().hex[:6]}"
    with Session(shop_db) as db:
        group = CustomerGroup(name=name)
        db.add(group)
        db.commit()
        group_id = group.id
    sign_in_merchant(page, create_merchant(shop_db))
    register = AdminRegisterPage(page).open_query(f"q={family['surname']}&sort=name&dir=asc")
    surname = family["surname"]
    register.select(f"Ana {surname}")
    register.select(f"Cyr {surname}")
    expect(register.text("2 selected")).to_be_visible()
    register.assign_button.click()  # nothing chosen yet: nobody's group changes
    expect(register.text("Choose a group, or “No group”.")).to_be_visible()
    register.assign_selection_to(name)
    expect(register.text("Group changed for 2 customer(s).")).to_be_visible()
    expect(register.main.get_by_role("row", name=re.compile(f"Ana {surname}"))).to_contain_text(name)
    with Session(shop_db) as db:
        assert [db.get(Customer, family[key].id).group_id for key in ("ana", "bea", "cyr")] == [
            group_id, None, group_id]
    # The group is a filter too, kept in the URL.
    register.choose("Group", name)
    register.submit()
    register.expect_url(group=str(group_id))
    register.expect_count("2 customers")


def test_read_only_staff_may_search_but_not_assign(page, shop_db, family):
    sign_in_merchant(page, create_merchant(shop_db, role="staff", read_only=True))
    register = AdminRegisterPage(page).open_query(f"q={family['surname']}")
    register.expect_count("3 customers")
    register.select(f"Ana {family['surname']}")
    expect(register.text("1 selected")).to_be_visible()
    expect(register.assign_button).to_have_count(0)  # the server refuses too: tests/test_admin_register.py
    expect(register.link("New customer")).to_have_count(0)
    expect(register.link("Export")).to_have_count(0)


def test_the_register_on_a_phone(page, shop_db, family):
    page.set_viewport_size({"width": 375, "height": 800})
    sign_in_merchant(page, create_merchant(shop_db))
    register = AdminRegisterPage(page).open_query(f"q={family['surname']}")
    register.expect_count("3 customers")
    expect(register.field("Email verified")).to_be_hidden()
    register.show_filters()
    expect(register.field("Email verified")).to_be_visible()
    page.screenshot(path="/tmp/register-375-filters.png", full_page=True)
    register.show_filters()
    expect(register.field("Email verified")).to_be_hidden()
    # The table scrolls in its own frame: the page itself is no wider than the phone.
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    page.screenshot(path="/tmp/register-375.png", full_page=True)


def test_the_register_at_desktop_width(page, shop_db, family):
    sign_in_merchant(page, create_merchant(shop_db))
    register = AdminRegisterPage(page).open_query(f"q={family['surname']}")
    register.expect_count("3 customers")
    page.screenshot(path="/tmp/register-1280.png", full_page=True)
