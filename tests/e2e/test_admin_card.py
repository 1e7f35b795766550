"""The customer card in Chromium: edit, note, block and unblock, reset, invite, create; read-only staff only look."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect
from sqlmodel import Session, select

from shop.models import Address, Customer
from tests.e2e.helpers import PASSWORD, create_customer, create_merchant, sign_in, sign_in_merchant, unique_email
from tests.e2e.pages import AccountPage, LoginPage
from tests.e2e.pages.admin_card import CustomerCard, NewCustomer


@pytest.fixture
def owner_page(page, shop_db):
    sign_in_merchant(page, create_merchant(shop_db))
    return page


@pytest.fixture
def customer_page(browser, shop):
    """A second browser: the customer's own."""
    context = browser.new_context(base_url=shop["url"], viewport={"width": 1280, "height": 900})
    context.set_default_timeout(15_000)
    yield context.new_page()
    context.close()


def test_owner_edits_the_profile_and_adds_a_note(owner_page, shop_db):
    customer = create_customer(shop_db, "card-edit", first_name="Ana", last_name="Lopez", addresses=1)
    card = CustomerCard(owner_page).open(str(customer.id))
    card.expect_customer("Ana Lopez")
    expect(card.text("Email verified")).to_be_visible()
    card.fill(company="Atelier Lopez", phone="06 12 34 56 78", own_number="ACC-" + customer.customer_number,
              vat_number="not a number").save_button.click()
    card.expect_field_error("This VAT number is not valid")
    card.fill(vat_number="").save()
    card.goto()
    expect(card.field("Company")).to_have_value("Atelier Lopez")
    expect(card.field("Phone")).to_have_value("+33612345678")
    expect(card.timeline).to_contain_text("Details changed by the shop")
    card.add_note("Prefers delivery on Tuesdays.")
    expect(card.timeline).to_contain_text("Prefers delivery on Tuesdays.")
    expect(card.field("New note")).to_have_value("")
    expect(card.main.get_by_text("France")).to_be_visible()
    with Session(shop_db) as db:
        saved = db.get(Customer, customer.id)
        assert saved.company == "Atelier Lopez" and saved.own_number == "ACC-" + customer.customer_number


def test_blocking_signs_the_customer_out_and_sign_in_is_refused_until_unblocked(owner_page, customer_page,
                                                                                  shop_db):
    customer = create_customer(shop_db, "card-block", first_name="Bea")
    sign_in(customer_page, customer.email)
    card = CustomerCard(owner_page).open(str(customer.id))
    card.block()
    expect(card.text("This customer is blocked: sign-in is refused and every session has ended.")).to_be_visible()
    # The customer's next page: their session is gone.
    AccountPage(customer_page).goto(wait_until_live=False)
    login = LoginPage(customer_page).expect_open()
    login.wait_until_live()
    login.sign_in(customer.email, PASSWORD)
    expect(login.alert).to_have_text("Sign-in was refused for this account. Contact the shop.")
    card.unblock()
    login.goto()
    sign_in(customer_page, customer.email)
    expect(card.goto().timeline).to_contain_text("Sign-in refused: the account is blocked")


def test_owner_adds_fixes_edits_and_deletes_an_address(owner_page, shop_db):
    customer = create_customer(shop_db, "card-address", first_name="Gil", last_name="Morel")
    card = CustomerCard(owner_page).open(str(customer.id))
    card.expect_customer("Gil Morel")
    expect(card.text("No saved address.")).to_be_visible()
    card.open_new_address()
    card.fill_address(name="Gil Morel", street="3 place Bellecour", postal_code="6900", city="Lyon").save_address()
    postcode = card.address_form.get_by_label("Postcode", exact=True)
    error = card.address_form.get_by_role("alert").filter(has_text="Check the postal code")
    expect(error).to_be_visible()
    expect(postcode).to_have_value("6900")
    # Next to the field: the message sits in the block of the postcode input, and of no other input.
    assert error.evaluate("(alert, input) => alert.parentElement.contains(input) && "
                          "alert.parentElement.querySelectorAll('input, select, textarea').length === 1",
                          postcode.element_handle())
    owner_page.set_viewport_size({"width": 375, "height": 800})
    assert owner_page.evaluate("document.documentElement.scrollWidth") <= 375
    owner_page.set_viewport_size({"width": 1280, "height": 900})
    card.fill_address(postal_code="69002").save_address()
    card.expect_toast("Address saved.")
    expect(card.address_form).to_have_count(0)
    expect(card.address("69002 LYON")).to_be_visible()
    expect(card.address("69002 LYON").get_by_text("Billing", exact=True)).to_be_visible()
    expect(card.timeline).to_contain_text("Address added by the shop")
    card.edit_address("69002 LYON")
    expect(card.address_form.get_by_label("Street address", exact=True)).to_have_value("3 place Bellecour")
    card.fill_address(postal_code="69003").save_address()
    card.expect_toast("Address saved.")
    expect(card.address("69003 LYON")).to_be_visible()
    card.delete_address("69003 LYON")
    expect(card.text("No saved address.")).to_be_visible()
    expect(card.timeline).to_contain_text("Address deleted by the shop")
    with Session(shop_db) as db:
        assert db.exec(select(Address).where(Address.customer_id == customer.id)).first() is None


def test_owner_sends_a_password_reset(owner_page, shop_db, mailbox):
    customer = create_customer(shop_db, "card-reset")
    CustomerCard(owner_page).open(str(customer.id)).send_password_reset()
    email = mailbox.wait_for(customer.email, "Choose a new password")
    assert "/reset-password/" in email.links[0]


def test_owner_invites_with_an_edited_message(owner_page, shop_db, mailbox):
    customer = create_customer(shop_db, "card-invite", first_name="Chloé", password=None)
    card = CustomerCard(owner_page).open(str(customer.id))
    card.button("Invite to set a password").click()
    dialog = owner_page.get_by_role("dialog")
    expect(dialog.get_by_label("Message")).to_have_value(re.compile("has created a customer account for you"))
    dialog.get_by_role("button", name="Cancel").click()
    expect(dialog).to_be_hidden()
    card.invite("Dear Chloé, your trade account is ready: choose a password below.")
    email = mailbox.wait_for(customer.email, "invites you to activate your account")
    assert "your trade account is ready" in email.text
    assert "/invite/" in email.links[0]
    expect(card.timeline).to_contain_text("Invited to set a password")


def test_owner_creates_a_customer_with_the_invitation(owner_page, mailbox):
    email = unique_email("card-new")
    card = NewCustomer(owner_page).goto().create(email, first_name="Dora", last_name="Petit")
    card.expect_customer("Dora Petit")
    expect(card.field("Email")).to_have_value(email)
    mailbox.wait_for(email, "invites you to activate your account")


def test_owner_creates_a_customer_without_an_email(owner_page, mailbox, shop_db):
    email = unique_email("card-quiet")
    card = NewCustomer(owner_page).goto().create(email, invite=False)
    card.expect_customer(email)
    assert mailbox.emails(email) == []
    page = NewCustomer(owner_page).goto()
    page.field("Email").fill(email)
    page.button("Create customer").click()
    expect(page.main.get_by_role("alert").filter(has_text="Another customer already uses this email.")).to_be_visible()


def test_read_only_staff_see_the_card_but_cannot_save(page, shop_db):
    customer = create_customer(shop_db, "card-readonly", first_name="Eve", last_name="Durand", addresses=1)
    sign_in_merchant(page, create_merchant(shop_db, role="staff", read_only=True))
    card = CustomerCard(page).open(str(customer.id))
    card.expect_customer("Eve Durand")
    expect(card.text("Your access is read-only: you can look but not change this customer.")).to_be_visible()
    expect(card.save_button).to_have_count(0)
    expect(card.button("Block customer")).to_have_count(0)
    expect(card.field("New note")).to_have_count(0)
    expect(card.link("Delete customer")).to_have_count(0)
    expect(card.button("Add an address")).to_have_count(0)
    expect(card.main.get_by_text("France")).to_be_visible()
    for address_button in ("Edit", "Delete", "Use for billing", "Use for delivery"):
        expect(card.button(address_button)).to_have_count(0)


def test_staff_do_not_get_the_owner_only_links(page, shop_db):
    customer = create_customer(shop_db, "card-staff")
    sign_in_merchant(page, create_merchant(shop_db, role="staff"))
    card = CustomerCard(page).open(str(customer.id))
    expect(card.save_button).to_be_visible()
    for owner_only in ("Delete customer", "Merge with another customer", "See the shop as this customer"):
        expect(card.link(owner_only)).to_have_count(0)


def test_an_unknown_customer_is_said_so(owner_page):
    card = CustomerCard(owner_page).open("999999")
    expect(card.text("No customer has this number. They may have been deleted or merged.")).to_be_visible()


def test_the_card_fits_a_phone_with_a_long_email(owner_page, shop_db):
    customer = create_customer(shop_db, "card-" + "long-address-" * 4, first_name="", last_name="")
    owner_page.set_viewport_size({"width": 375, "height": 800})
    card = CustomerCard(owner_page).open(str(customer.id))
    card.expect_customer(customer.email)
    assert owner_page.evaluate("document.documentElement.scrollWidth") <= 375
