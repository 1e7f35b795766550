"""Passkeys in Chromium with its virtual authenticator: add one, sign out, sign in with it, remove it, and be
refused with it afterwards; in English and French, at 1280 and 375 px."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from tests.e2e.helpers import sign_in
from tests.e2e.pages import AccountPage
from tests.e2e.pages.passkeys import PasskeyLoginPage, PasskeySecurityPage, add_virtual_authenticator


def test_add_sign_in_with_remove_and_be_refused(page, new_customer):
    email = new_customer("passkey", first_name="Lou")
    add_virtual_authenticator(page)
    sign_in(page, email)

    security = PasskeySecurityPage(page).goto().expect_open()
    expect(security.text("You have no passkeys yet.")).to_be_visible()
    security.add_passkey("Work laptop")
    security.expect_added()
    expect(security.passkey("Work laptop")).to_be_visible()
    expect(security.text(re.compile(r"Added .* · never used"))).to_be_visible()
    page.screenshot(path="/tmp/passkeys-security-1280-en.png", full_page=True)

    AccountPage(page).sign_out()
    login = PasskeyLoginPage(page).goto()
    page.screenshot(path="/tmp/passkeys-login-1280-en.png", full_page=True)
    login.sign_in_with_passkey()
    AccountPage(page).expect_open("Hello, Lou")

    security = PasskeySecurityPage(page).goto().expect_open()
    expect(security.text(re.compile(r"last used"))).to_be_visible()
    security.remove_passkey("Work laptop")
    expect(security.text("You have no passkeys yet.")).to_be_visible()

    AccountPage(page).sign_out()
    login = PasskeyLoginPage(page).goto()
    login.sign_in_with_passkey()  # the authenticator still holds the credential; the shop no longer knows it
    expect(login.alert).to_have_text(re.compile("This passkey was not accepted"))
    expect(login.heading).to_have_text("Sign in")


def test_in_french_on_a_phone(page, new_customer, shop):
    email = new_customer("passkey-fr", first_name="Lou")
    page.set_viewport_size({"width": 375, "height": 812})
    add_virtual_authenticator(page)
    sign_in(page, email)
    page.context.add_cookies([{"name": "ml_lang", "value": "fr", "url": shop["url"]}])  # the switch is in the menu
    security = PasskeySecurityPage(page).goto()
    expect(security.heading).to_have_text("Connexion et sécurité")
    security.field("Nom de la nouvelle clé d’accès").fill("Mon téléphone")
    security.button("Ajouter une clé d’accès").click()
    expect(security.text(re.compile("Clé d’accès ajoutée"))).to_be_visible()
    expect(security.passkey("Mon téléphone")).to_be_visible()
    page.screenshot(path="/tmp/passkeys-security-375-fr.png", full_page=True)
    page.get_by_role("main").get_by_role("button", name="Mon compte").click()  # the phone's account menu
    page.get_by_role("menuitem", name="Se déconnecter").click()
    expect(page).to_have_url(re.compile(r"^[^?]*://[^/]+/$"))  # signed out, on the home page
    login = PasskeyLoginPage(page).goto()
    expect(login.heading).to_have_text("Se connecter")
    page.screenshot(path="/tmp/passkeys-login-375-fr.png", full_page=True)
    login.button("Connexion par clé d’accès").click()
    # Signed in: the language kept on the customer's record (English here) comes back, as with a password.
    AccountPage(page).expect_open("Hello, Lou")


def test_a_browser_without_passkeys_sees_why(page):
    page.add_init_script("delete window.PublicKeyCredential")
    login = PasskeyLoginPage(page).goto()
    expect(login.text("This browser cannot use passkeys. Sign in with your password or an emailed code.")) \
        .to_be_visible()
    expect(login.main.get_by_role("button", name="Sign in with a passkey")).to_have_count(0)
