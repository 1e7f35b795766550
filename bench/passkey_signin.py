"""Passkey sign-in against password sign-in: from the click to the signed-in page, interleaved in one run.

Both sign in the same customer in a fresh browser each round, in Chromium with its virtual authenticator
(the passkey is put into each new browser's authenticator with the DevTools protocol, its counter carried
from round to round). The order alternates each round, so neither always runs on a warmer server.
Run alone with `python -m bench.passkey_signin`, or with the others: `python -m bench.run passkey`.
"""

from __future__ import annotations

import base64
import os
import sys
import tempfile
import uuid
from pathlib import Path

os.environ.setdefault("SECRET_KEY", "benchmark-secret-key-of-at-least-32-bytes")
os.environ.setdefault("STORE_ENV", "test")

from cryptography.hazmat.primitives import serialization  # noqa: E402
from cryptography.hazmat.primitives.asymmetric import ec  # noqa: E402
from playwright.sync_api import expect, sync_playwright  # noqa: E402
from sqlmodel import Session  # noqa: E402

from bench.stats import summary  # noqa: E402
from shop.customers import records  # noqa: E402
from shop.db import make_engine  # noqa: E402
from shop.identity.passwords import hash_password  # noqa: E402
from shop.models import PasskeyCredential  # noqa: E402
from tests.support.authenticator import Credential, b64url  # noqa: E402

PASSWORD = "green tea and linen towels"

# Timed in the page: from the click on the named button to the moment the signed-in heading is in the
# document (a MutationObserver), as bench/signin_roundtrip.py does.
ARM_TIMER = """([buttonText, expected]) => {
  window.__signIn = new Promise((resolve) => {
    let started = null;
    const button = [...document.querySelectorAll('main button')].find((b) => b.textContent.trim() === buttonText);
    button.addEventListener('click', () => { started = performance.now(); }, {capture: true, once: true});
    const observer = new MutationObserver(() => {
      const heading = document.querySelector('h1');
      if (started !== null && heading && heading.textContent === expected) {
        observer.disconnect();
        resolve(performance.now() - started);
      }
    });
    observer.observe(document.body, {subtree: true, childList: true, characterData: true});
  });
}"""


def _customer_with_passkey(engine) -> tuple[str, Credential]:
    email = f"bench-passkey-{uuid.uuid4().hex[:8]}@example.com"
    credential = Credential(os.urandom(32), ec.generate_private_key(ec.SECP256R1()), "localhost", os.urandom(32))
    with Session(engine) as db:
        customer = records.create_customer(db, email=email, first_name="Bench", password_hash=hash_password(PASSWORD),
                                           verified=True)
        db.flush()
        db.add(PasskeyCredential(customer_id=customer.id, credential_id=b64url(credential.credential_id),
                                 public_key=b64url(credential.cose_public_key()), name="Bench key"))
        db.commit()
    return email, credential


def _authenticator_with(page, credential: Credential):
    cdp = page.context.new_cdp_session(page)
    cdp.send("WebAuthn.enable")
    authenticator = cdp.send("WebAuthn.addVirtualAuthenticator", {"options": {
        "protocol": "ctap2", "transport": "internal", "hasResidentKey": True, "hasUserVerification": True,
        "isUserVerified": True, "automaticPresenceSimulation": True}})["authenticatorId"]
    pkcs8 = credential.private_key.private_bytes(serialization.Encoding.DER, serialization.PrivateFormat.PKCS8,
                                                serialization.NoEncryption())
    cdp.send("WebAuthn.addCredential", {"authenticatorId": authenticator, "credential": {
        "credentialId": base64.b64encode(credential.credential_id).decode(), "isResidentCredential": True,
        "rpId": "localhost", "privateKey": base64.b64encode(pkcs8).decode(),
        "userHandle": base64.b64encode(credential.user_handle).decode(), "signCount": credential.sign_count}})
    return cdp, authenticator


def _one_sign_in(browser, url: str, email: str, credential: Credential, how: str) -> float:
    context = browser.new_context(base_url=url)
    page = context.new_page()
    cdp, authenticator = _authenticator_with(page, credential)
    page.goto("/login")
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign in")
    expect(page.get_by_role("button", name="Sign in with a passkey")).to_be_enabled()
    if how == "password":
        page.get_by_label("Email", exact=True).fill(email)
        page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.wait_for_load_state("networkidle")
    button = "Sign in" if how == "password" else "Sign in with a passkey"
    page.evaluate(ARM_TIMER, [button, "Hello, Bench"])
    page.get_by_role("main").get_by_role("button", name=button, exact=True).click()
    elapsed = page.evaluate("window.__signIn") / 1000
    expect(page.get_by_role("heading", level=1)).to_have_text("Hello, Bench")
    if how == "passkey":  # the next browser's copy starts from this counter
        credential.sign_count = cdp.send("WebAuthn.getCredentials",
                                         {"authenticatorId": authenticator})["credentials"][0]["signCount"]
    context.close()
    return elapsed


def run(shop, browser, rounds: int = 20, warmup: int = 2) -> None:
    engine = make_engine(shop.db_url)
    email, credential = _customer_with_passkey(engine)
    times: dict[str, list[float]] = {"password": [], "passkey": []}
    for index in range(warmup + rounds):
        order = ("password", "passkey") if index % 2 == 0 else ("passkey", "password")
        for how in order:
            elapsed = _one_sign_in(browser, shop.url, email, credential, how)
            if index >= warmup:
                times[how].append(elapsed)
    print("Sign-in, click -> signed-in page, same customer, interleaved (Chromium, virtual authenticator):")
    rows = {how: summary(f"{how} sign-in", samples) for how, samples in times.items()}
    for row in rows.values():
        print(f"  {row['name']:<24} n={row['n']:<4} median {row['median_ms']:8.1f} ms   p95 {row['p95_ms']:8.1f} ms")
    print(f"  passkey / password (median) {rows['passkey']['median_ms'] / rows['password']['median_ms']:.2f}")
    engine.dispose()


def main() -> int:
    from tests.support.shop_server import chromium_launch_options, running_shop

    with tempfile.TemporaryDirectory() as workdir, running_shop(Path(workdir)) as shop, sync_playwright() as p:
        browser = p.chromium.launch(**chromium_launch_options())
        run(shop, browser)
        browser.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
