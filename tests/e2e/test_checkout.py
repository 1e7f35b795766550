"""Selling, in a real browser: a guest's order and its email, a cart that follows the customer, signing
in at checkout, and the approved-buyer refusal."""

from __future__ import annotations

import re

from playwright.sync_api import expect
from sqlmodel import Session, select

from shop.models import Customer, CustomerGroup
from tests.e2e.helpers import PASSWORD, sign_in, unique_email
from tests.e2e.pages import (
    AccountOrdersPage,
    AccountPage,
    AccountWishlistPage,
    CartPage,
    CheckoutPage,
    LoginPage,
    ProductPage,
    SignUpPage,
)

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


def test_the_summary_follows_the_vat_number_typed_and_the_order_charges_what_it_showed(page):
    """A German business delivered in Germany pays no French VAT: the summary says so as soon as the number is
    typed, not only on the confirmation."""
    ProductPage(page, MUG).goto().add_to_cart()
    checkout = CheckoutPage(page).goto().fill_address(street="Unter den Linden 1", postal_code="10117", city="Berlin",
                                                      country="Germany")
    summary = page.get_by_role("heading", name="Order summary").locator("xpath=..")
    reverse_charge = "VAT reverse charge: you account for the VAT in your country."
    expect(summary.get_by_text(reverse_charge)).to_have_count(0)
    checkout.field("VAT number (businesses, optional)").fill("DE136695976")
    checkout.field("VAT number (businesses, optional)").blur()
    expect(summary.get_by_text(reverse_charge)).to_be_visible()
    expect(summary.get_by_text("Prices without VAT", exact=True)).to_be_visible()  # no "€0.00" of VAT after it
    shown_total = summary.get_by_text(re.compile(r"^€\d+\.\d\d$")).last.text_content()
    confirmation = checkout.place_order(email=unique_email("business"))
    expect(confirmation.text(reverse_charge)).to_be_visible()
    expect(confirmation.text(re.compile(re.escape(f"transfer {shown_total}")))).to_be_visible()


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


def guest_order(page, email: str) -> str:
    ProductPage(page, MUG).goto().add_to_cart()
    return CheckoutPage(page).goto().fill_address().place_order(email=email).order_number()


def test_a_group_price_is_shown(page, new_customer, shop_db):
    email = new_customer("trade")
    with Session(shop_db) as db:
        group = db.exec(select(CustomerGroup).where(CustomerGroup.name == "Trade, ten percent")).first() \
            or CustomerGroup(name="Trade, ten percent", price_adjustment_bp=-1000)
        db.add(group)
        db.flush()
        customer = db.exec(select(Customer).where(Customer.email == email)).one()
        customer.group_id = group.id
        db.add(customer)
        db.commit()
    ProductPage(page, MUG).goto()
    expect(page.get_by_text("€24.00", exact=True)).to_be_visible()
    sign_in(page, email)
    ProductPage(page, MUG).goto()
    expect(page.get_by_text("€21.60", exact=True)).to_be_visible()


def test_account_from_order_lets_the_buyer_sign_in_by_code_and_find_the_order(page, mailbox, store_setting):
    store_setting("account_from_order", True)
    email = unique_email("from-order")
    number = guest_order(page, email)
    expect(page.get_by_role("heading", name="Your account is ready")).to_be_visible()
    page.get_by_label("Password", exact=True).fill("quiet harbour lanterns glow")
    page.get_by_label("Confirm the password", exact=True).fill("quiet harbour lanterns glow")
    page.get_by_role("button", name="Save my password").click()
    expect(page.get_by_role("status").filter(has_text="Password saved.")).to_be_visible()
    login = LoginPage(page).goto().with_a_code()
    login.request_code(email)
    login.enter_code(mailbox.wait_for(email, subject="sign-in code").code)
    AccountPage(page).expect_open()
    orders = AccountOrdersPage(page).goto()
    expect(orders.order_link(number)).to_be_visible()


def test_a_customer_claims_the_orders_placed_as_a_guest(page, mailbox):
    email = unique_email("claim")
    number = guest_order(page, email)
    verify = SignUpPage(page).goto().create_account(email, PASSWORD)
    verify.enter_code(mailbox.wait_for(email, subject="verification code").code)
    AccountPage(page).expect_open()
    orders = AccountOrdersPage(page).goto()
    expect(orders.order_link(number)).to_have_count(0)  # never attached without the owner's say
    orders.claim_guest_orders()
    expect(orders.order_link(number)).to_be_visible()


def test_the_wishlist_heart_brings_a_visitor_back_with_the_item_saved(page, new_customer):
    email = new_customer("heart")
    product = ProductPage(page, MUG).goto()
    product.button("Add to my wishlist").click()
    login = LoginPage(page).expect_open()
    login.wait_until_live()
    login.sign_in(email, PASSWORD)
    expect(product.button("Remove from my wishlist")).to_be_visible()
    AccountWishlistPage(page).goto()
    expect(page.get_by_text(MUG_NAME)).to_be_visible()


def test_an_unknown_product_answers_404_with_a_real_title(page):
    response = page.goto("/products/no-such-product")
    assert response.status == 404
    expect(page).to_have_title(re.compile("^This product is no longer available"))
    expect(page.get_by_role("heading", level=1)).to_have_text("This product is no longer available")
