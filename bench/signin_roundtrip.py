"""Sign-in round trip, from the click on "Sign in" to the signed-in page, next to a bare bcrypt check.

Both are measured in the same run on the same machine, interleaved, so the ratio is what counts.
"""

from __future__ import annotations

import time
import uuid

import bcrypt
from playwright.sync_api import expect
from sqlmodel import Session

from bench.stats import print_comparison, summary
from shop.customers import records
from shop.db import make_engine
from shop.identity.passwords import _prehash, hash_password

PASSWORD = "green tea and linen towels"
TARGET_RATIO = 1.3

# Timed in the page itself, from the button's click event to the moment the signed-in heading is in
# the document (a MutationObserver sees it before the next paint). Playwright's own polling would
# add up to a few hundred milliseconds of noise.
ARM_TIMER = """(expected) => {
  window.__signIn = new Promise((resolve) => {
    let started = null;
    document.querySelector('main button[type=submit]').addEventListener('click', () => {
      started = performance.now();
    }, {capture: true, once: true});
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


def run(shop, browser, rounds: int = 30, warmup: int = 3) -> None:
    engine = make_engine(shop.db_url)
    email = f"bench-{uuid.uuid4().hex[:8]}@example.com"
    stored = hash_password(PASSWORD)
    with Session(engine) as db:
        records.create_customer(db, email=email, first_name="Bench", password_hash=stored, verified=True)
        db.commit()
    bare_hash = stored.split("$", 1)[1].encode("ascii")

    sign_in_times, bcrypt_times = [], []
    for index in range(warmup + rounds):
        context = browser.new_context(base_url=shop.url)
        page = context.new_page()
        page.goto("/login")
        expect(page.get_by_role("heading", level=1)).to_have_text("Sign in")
        page.get_by_label("Email", exact=True).fill(email)
        page.get_by_label("Password", exact=True).fill(PASSWORD)
        # A person takes seconds to type: by the click, the page has fetched what it prefetches.
        page.wait_for_load_state("networkidle")
        page.evaluate(ARM_TIMER, "Hello, Bench")
        page.get_by_role("main").get_by_role("button", name="Sign in", exact=True).click()
        elapsed = page.evaluate("window.__signIn") / 1000
        expect(page.get_by_role("heading", level=1)).to_have_text("Hello, Bench")
        context.close()

        started = time.perf_counter()
        assert bcrypt.checkpw(_prehash(PASSWORD), bare_hash)
        bcrypt_elapsed = time.perf_counter() - started
        if index >= warmup:
            sign_in_times.append(elapsed)
            bcrypt_times.append(bcrypt_elapsed)

    print("Sign-in round trip (click -> signed-in page) vs bare bcrypt check (cost 12):")
    print_comparison(summary("sign-in round trip", sign_in_times), summary("bcrypt.checkpw", bcrypt_times),
                     TARGET_RATIO)
    engine.dispose()
