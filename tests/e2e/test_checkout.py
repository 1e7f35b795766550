"""Selling, in a real browser: a guest's order and its email, a cart that follows the customer, signing
in at checkout, and the approved-buyer refusal."""

from __future__ import annotations

import re

from playwright.sync_api import expect
from sqlmodel import Session, select

from shop.models import Customer
from tests.e2e.helpers import PASSWORD, sign_in, unique_email
from tests.e2e.pages import CartPage, CheckoutPage, LoginPage, ProductPage

MUG = "stoneware-mug-sage"
MUG_NAME = "Stoneware Mug, Sage"


def test_a_guest_checks_out_and_gets_the_confirmation_email(page, mailbox):
    email = unique_email("guest")
    ProductPage(page, MUG).goto().add_to_cart(2)
    checkout = CartPage(page).goto().checkout()
    expect(checkout.text(f"2 × {MUG_NAME}")).to_be_visible()
    confirmation = checkout.fill_address().place_order(email=email)
    number = confirmation.order_number()
    expect(confirmation.text(re.compile(r"Please transfer €53\.90 to IBAN"))).to_be_visible()
    message = mailbox.wait_for(email, subject=number)
    assert "2 × Stoneware Mug, Sage" in message.text and "€53.90" in message.text
    CartPage(page).goto()
    expect(page.get_by_text("Your cart is empty.")).to_be_visible()


def test_the_terms_of_sale_must_be_accepted(page):
    ProductPage(page, MUG).goto().add_to_cart()
    checkout = CheckoutPage(page).goto().fill_address()
    checkout.place_order(email=unique_email("terms"), accept_terms=False)
    expect(page.get_by_role("alert")).to_have_text("Accept the terms of sale to order.")
    checkout.expect_open()  # still on the checkout: nothing was placed
    expect(checkout.field("Street address")).to_have_value("12 rue de la Paix")  # nothing typed is lost


def test_signing_in_at_checkout_keeps_the_cart_and_comes_back(page, new_customer):
    email = new_customer("at-checkout")
    ProductPage(page, MUG).goto().add_to_cart()
    checkout = CheckoutPage(page).goto()
    checkout.main.get_by_role("link", name="Sign in").click()
    login = LoginPage(page).expect_open()
    login.wait_until_live()
    login.sign_in(email, PASSWORD)
    checkout = CheckoutPage(page).expect_open()
    expect(checkout.text(f"Ordering as {email}")).to_be_visible()
    expect(checkout.text(f"1 × {MUG_NAME}")).to_be_visible()


def test_the_cart_follows_the_customer_to_a_second_browser(browser, shop, page, new_customer):
    email = new_customer("two-devices")
    sign_in(page, email)
    ProductPage(page, MUG).goto().add_to_cart(3)
    phone = browser.new_context(base_url=shop["url"], viewport={"width": 375, "height": 812}).new_page()
    try:
        sign_in(phone, email)
        cart = CartPage(phone).goto()
        expect(cart.quantity_of(MUG_NAME)).to_have_value("3")
        cart.set_quantity(MUG_NAME, 1)
        cart.remove(MUG_NAME)
    finally:
        phone.context.close()
    CartPage(page).goto()
    expect(page.get_by_text("Your cart is empty.")).to_be_visible()


def test_a_customer_who_is_not_an_approved_buyer_is_told_why(page, new_customer, shop_db, store_setting):
    email = new_customer("not-approved")
    with Session(shop_db) as db:
        customer = db.exec(select(Customer).where(Customer.email == email)).one()
        customer.approved_buyer = False
        db.add(customer)
        db.commit()
    store_setting("approved_buyers_only", True)
    sign_in(page, email)
    ProductPage(page, MUG).goto().add_to_cart()
    CheckoutPage(page).goto()
    expect(page.get_by_role("alert")).to_contain_text("approved buyers only")
    expect(page.get_by_role("button", name="Order with obligation to pay")).to_have_count(0)
