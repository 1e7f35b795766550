"""Social sign-in: the whole flow against our own OpenID provider (tests/support/oidc_provider.py), and
every refusal: state, browser, expiry, replay, nonce, unverified emails, blocked customers, unlinking."""

from __future__ import annotations

from datetime import timedelta
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest
from sqlmodel import select

from shop.identity import providers, social
from shop.identity.hashing import new_token
from shop.identity.sessions import Client
from shop.identity.social import ClaimedFlow, CodeRefused, ProviderIdentity, SocialError, SocialStatus
from shop.models import (
    AuditEvent,
    Customer,
    OAuthFlow,
    PasskeyCredential,
    RegistrationMode,
    SignInSession,
    SocialIdentity,
    utcnow,
)
from shop.settings.store import get_store_settings
from tests.helpers import code_in, count_rows, run_coroutine, wrong_code_for
from tests.support.oidc_provider import serving_provider, shop_env

CLIENT = Client(ip_address="203.0.113.9", user_agent="pytest")


@pytest.fixture(scope="module")
def idp():
    with serving_provider() as provider:
        yield provider


@pytest.fixture(autouse=True)
def google_is_our_provider(idp, monkeypatch):
    for name in providers.PROVIDER_NAMES:
        for suffix in ("CLIENT_ID", "CLIENT_SECRET", "METADATA_URL"):
            monkeypatch.delenv(f"STORE_OAUTH_{name.upper()}_{suffix}", raising=False)
    for key, value in shop_env(idp).items():
        monkeypatch.setenv(key, value)
    providers.configured_providers.cache_clear()
    social._metadata_cache.clear()
    idp.forced_nonce = None
    yield
    providers.configured_providers.cache_clear()


def start(db, browser: str, *, customer_id: int | None = None) -> str:
    """The provider URL a browser is sent to."""
    provider, flow = social.start_flow(db, "google", browser_token=browser, customer_id=customer_id)
    db.commit()
    return run_coroutine(social.authorization_url(provider, flow))


def sign_in_at_provider(url: str, email: str, action: str = "continue") -> dict[str, str]:
    """What the provider sends back to the shop's callback: {"code", "state"} (or {"error", "state"})."""
    assert httpx.get(url).status_code == 200  # the provider's sign-in page
    answer = httpx.post(url, data={"email": email, "action": action})
    assert answer.status_code == 302, answer.text
    location = answer.headers["location"]
    assert location.startswith(social.redirect_uri("google"))
    return {key: values[0] for key, values in parse_qs(urlsplit(location).query).items()}


def callback(db, browser: str, answer: dict, *, current_customer_id: int | None = None):
    """The callback page's work, step by step as the state runs it."""
    flow = social.claim_flow(db, "google", answer.get("state"), browser_token=browser)
    db.commit()
    identity = run_coroutine(social.fetch_identity(flow, answer.get("code")))
    outcome = social.finish(db, identity, flow, current_customer_id=current_customer_id, client=CLIENT)
    db.commit()
    return outcome


def full_flow(db, email: str, *, browser: str | None = None, current_customer_id: int | None = None,
              customer_id: int | None = None):
    browser = browser or new_token()
    answer = sign_in_at_provider(start(db, browser, customer_id=customer_id), email)
    return callback(db, browser, answer, current_customer_id=current_customer_id)


def session_customer(db, token: str) -> int:
    from shop.identity.hashing import hash_token

    return db.exec(select(SignInSession).where(SignInSession.token_hash == hash_token(token))).one().customer_id


# --- the flow that works ---

def test_a_new_verified_email_makes_a_new_account_and_signs_it_in(db, idp, outbox):
    outcome = full_flow(db, "new.person@example.com")
    assert outcome.status == SocialStatus.SIGNED_IN
    customer = db.exec(select(Customer).where(Customer.email == "new.person@example.com")).one()
    assert customer.email_verified_at is not None and customer.password_hash is None
    assert customer.first_name == "Alex" and customer.source == "social"
    assert outbox("new.person@example.com") == []  # a new account: nothing to warn about
    assert session_customer(db, outcome.session_token) == customer.id
    identity = db.exec(select(SocialIdentity)).one()
    assert (identity.customer_id, identity.provider, identity.subject) == (
        customer.id, "google", idp.users["new.person@example.com"].subject)


def test_the_authorization_request_carries_state_nonce_and_an_s256_challenge(db):
    url = start(db, new_token())
    params = {key: values[0] for key, values in parse_qs(urlsplit(url).query).items()}
    assert params["code_challenge_method"] == "S256" and len(params["code_challenge"]) >= 43
    assert params["redirect_uri"] == "http://localhost:3000/login/social/google/callback"
    assert params["nonce"] and params["state"] and params["scope"] == "openid email profile"
    flow = db.exec(select(OAuthFlow)).one()
    assert params["state"] not in flow.state_hash  # only its hash is stored
    assert flow.expires_at - flow.created_at == timedelta(minutes=10)


def test_a_linked_identity_signs_its_customer_in_again(db, make_customer):
    first = full_flow(db, "again@example.com")
    second = full_flow(db, "again@example.com")
    assert second.status == SocialStatus.SIGNED_IN
    assert session_customer(db, first.session_token) == session_customer(db, second.session_token)
    assert db.exec(select(SocialIdentity)).one().last_used_at is not None


def test_a_verified_email_meeting_a_verified_account_links_to_it(db, make_customer):
    customer = make_customer("camille@example.com")
    outcome = full_flow(db, "camille@example.com")
    assert outcome.status == SocialStatus.SIGNED_IN
    assert session_customer(db, outcome.session_token) == customer.id


def test_a_signed_in_customer_links_a_provider_from_the_account_page(db, make_customer, outbox):
    customer = make_customer("me@example.com")
    # The provider account has another address: signing in to the shop account is the proof.
    outcome = full_flow(db, "me.elsewhere@example.com", customer_id=customer.id, current_customer_id=customer.id)
    assert outcome.status == SocialStatus.LINKED
    assert db.exec(select(SocialIdentity)).one().customer_id == customer.id
    assert count_rows(db, Customer) == 1
    # A new way into the account: its owner hears of it.
    assert [email.template for email in outbox("me@example.com")] == ["social_linked"]


# --- refusals of the flow ---

def test_a_missing_or_wrong_state_is_refused(db):
    browser = new_token()
    answer = sign_in_at_provider(start(db, browser), "x@example.com")
    for forged in (None, "", "not-a-state-" * 3, 42, {"state": answer["state"]}, "x" * 5000):
        with pytest.raises(SocialError) as refused:
            social.claim_flow(db, "google", forged, browser_token=browser)
        assert refused.value.key == "social.error.state"
    assert db.exec(select(OAuthFlow)).one().used_at is None  # the real one is still live


def test_a_state_from_another_browser_is_refused(db):
    answer = sign_in_at_provider(start(db, new_token()), "victim@example.com")
    for other in (new_token(), "", None):
        with pytest.raises(SocialError) as refused:
            social.claim_flow(db, "google", answer["state"], browser_token=other)
        assert refused.value.key == "social.error.state"


def test_a_state_of_another_provider_is_refused(db):
    browser = new_token()
    answer = sign_in_at_provider(start(db, browser), "x@example.com")
    with pytest.raises(SocialError):
        social.claim_flow(db, "facebook", answer["state"], browser_token=browser)


def test_an_expired_flow_is_refused(db):
    browser = new_token()
    answer = sign_in_at_provider(start(db, browser), "late@example.com")
    with pytest.raises(SocialError) as refused:
        social.claim_flow(db, "google", answer["state"], browser_token=browser, now=utcnow() + timedelta(minutes=11))
    assert refused.value.key == "social.error.expired"


def test_a_replayed_state_and_a_replayed_code_are_refused(db):
    browser = new_token()
    answer = sign_in_at_provider(start(db, browser), "replay@example.com")
    assert callback(db, browser, answer).status == SocialStatus.SIGNED_IN
    with pytest.raises(SocialError) as refused:
        callback(db, browser, answer)
    assert refused.value.key == "social.error.state"
    # The same code with a fresh flow of this browser: the provider refuses a used code.
    fresh = sign_in_at_provider(start(db, browser), "replay@example.com")
    flow = social.claim_flow(db, "google", fresh["state"], browser_token=browser)
    with pytest.raises(SocialError) as refused:
        run_coroutine(social.fetch_identity(flow, answer["code"]))
    assert refused.value.key == "social.error.provider"


def test_a_code_without_its_pkce_verifier_is_refused(db):
    browser = new_token()
    answer = sign_in_at_provider(start(db, browser), "pkce@example.com")
    flow = social.claim_flow(db, "google", answer["state"], browser_token=browser)
    forged = ClaimedFlow(flow.provider, flow.nonce, new_token() + new_token(), None)
    with pytest.raises(SocialError) as refused:
        run_coroutine(social.fetch_identity(forged, answer["code"]))
    assert refused.value.key == "social.error.provider" and "invalid_grant" in refused.value.detail


def test_an_id_token_with_another_nonce_is_refused(db, idp):
    browser = new_token()
    answer = sign_in_at_provider(start(db, browser), "nonce@example.com")
    flow = social.claim_flow(db, "google", answer["state"], browser_token=browser)
    idp.forced_nonce = new_token()
    with pytest.raises(SocialError) as refused:
        run_coroutine(social.fetch_identity(flow, answer["code"]))
    assert refused.value.key == "social.error.provider" and "nonce" in refused.value.detail
    assert count_rows(db, Customer) == 0


def test_the_visitor_cancelling_at_the_provider_signs_nobody_in(db):
    browser = new_token()
    answer = sign_in_at_provider(start(db, browser), "", action="cancel")
    assert answer["error"] == "access_denied" and "code" not in answer


def test_an_unconfigured_or_unknown_provider_is_refused(db):
    for name in ("facebook", "apple", "nope", None, 3, "google" * 100):
        with pytest.raises(SocialError) as refused:
            social.start_flow(db, name, browser_token=new_token())
        assert refused.value.key == "social.error.unknown_provider"


def test_a_flow_needs_a_browser_token(db):
    for token in ("", None, "short", "x" * 500, 12):
        with pytest.raises(SocialError):
            social.start_flow(db, "google", browser_token=token)


def test_one_network_cannot_fill_the_table_with_flows(db):
    from shop.identity import throttle

    busy, other = "203.0.113.7", "198.51.100.9"
    for _ in range(throttle.SOCIAL_FLOWS_PER_CLIENT_PER_HOUR):
        social.start_flow(db, "google", browser_token=new_token(), client_ip=busy)
    with pytest.raises(SocialError) as refused:
        social.start_flow(db, "google", browser_token=new_token(), client_ip=busy)
    assert refused.value.key == "social.error.too_many"
    assert count_rows(db, OAuthFlow) == throttle.SOCIAL_FLOWS_PER_CLIENT_PER_HOUR
    social.start_flow(db, "google", browser_token=new_token(), client_ip=other)
    later = utcnow() + timedelta(hours=1, minutes=1)
    social.start_flow(db, "google", browser_token=new_token(), client_ip=busy, now=later)
    assert count_rows(db, OAuthFlow) == throttle.SOCIAL_FLOWS_PER_CLIENT_PER_HOUR + 2


# --- linking rules ---

def test_an_unverified_provider_email_meeting_an_account_goes_through_a_code(db, idp, make_customer, outbox):
    customer = make_customer("owner@example.com")
    idp.add_user("owner@example.com", email_verified=False)
    outcome = full_flow(db, "owner@example.com")
    assert outcome.status == SocialStatus.CODE_SENT and outcome.session_token == ""
    assert count_rows(db, SocialIdentity) == 0 and count_rows(db, SignInSession) == 0
    email = outbox("owner@example.com")[-1]
    wrong = social.confirm_with_code(db, outcome.pending, wrong_code_for(code_in(email)), client=CLIENT)
    assert isinstance(wrong, CodeRefused) and count_rows(db, SocialIdentity) == 0
    done = social.confirm_with_code(db, outcome.pending, code_in(email), client=CLIENT)
    db.commit()
    assert done.status == SocialStatus.SIGNED_IN and session_customer(db, done.session_token) == customer.id
    assert db.exec(select(SocialIdentity)).one().customer_id == customer.id


def test_a_verified_provider_email_meeting_an_unproven_account_goes_through_a_code(db, make_customer, outbox):
    """The pre-account-takeover: someone made an account with this address and a password they know, and
    never proved it. The owner signs in with their provider: the code proves them, and the stranger's
    password and sessions are gone."""
    squatter = make_customer("target@example.com", password="squatter knows this one", verified=False)
    outcome = full_flow(db, "target@example.com")
    assert outcome.status == SocialStatus.CODE_SENT and count_rows(db, SocialIdentity) == 0
    done = social.confirm_with_code(db, outcome.pending, code_in(outbox("target@example.com")[-1]), client=CLIENT)
    db.commit()
    db.refresh(squatter)
    assert done.status == SocialStatus.SIGNED_IN
    assert squatter.password_hash is None and squatter.email_verified_at is not None


def test_microsoft_email_claims_are_never_trusted_to_link(monkeypatch):
    monkeypatch.setenv("STORE_OAUTH_MICROSOFT_CLIENT_ID", "id")
    monkeypatch.setenv("STORE_OAUTH_MICROSOFT_CLIENT_SECRET", "secret")
    providers.configured_providers.cache_clear()
    microsoft = providers.get_provider("microsoft")
    identity = social._identity(microsoft, {"sub": "s", "email": "a@example.com", "email_verified": True})
    assert identity.email_verified is False


def test_an_unverified_new_email_proves_itself_before_an_account_is_made(db, idp, outbox):
    idp.add_user("fresh@example.com", email_verified=False)
    outcome = full_flow(db, "fresh@example.com")
    assert outcome.status == SocialStatus.CODE_SENT and count_rows(db, Customer) == 0
    done = social.confirm_with_code(db, outcome.pending, code_in(outbox("fresh@example.com")[-1]), client=CLIENT)
    db.commit()
    assert done.status == SocialStatus.SIGNED_IN
    assert db.exec(select(Customer)).one().email_verified_at is not None


def test_a_pending_link_cannot_be_forged(db):
    for forged in (None, {}, {"provider": "google"}, "x", {"provider": "google", "subject": "s", "email": "",
                                                           "role": "admin"}):
        assert isinstance(social.confirm_with_code(db, forged, "123456", client=CLIENT), CodeRefused)


def test_a_blocked_customer_is_refused(db, make_customer):
    make_customer("blocked@example.com", is_blocked=True)
    with pytest.raises(SocialError) as refused:
        full_flow(db, "blocked@example.com")
    assert refused.value.key == "social.error.blocked"
    assert count_rows(db, SignInSession) == 0 and count_rows(db, SocialIdentity) == 0


def test_a_blocked_customer_with_a_linked_identity_is_refused(db):
    full_flow(db, "later.blocked@example.com")
    customer = db.exec(select(Customer)).one()
    customer.is_blocked = True
    db.add(customer)
    db.commit()
    with pytest.raises(SocialError) as refused:
        full_flow(db, "later.blocked@example.com")
    assert refused.value.key == "social.error.blocked"
    assert count_rows(db, AuditEvent, AuditEvent.kind == "customer.sign_in_blocked") == 1


def test_a_closed_registration_makes_no_account(db):
    settings = get_store_settings(db)
    settings.registration_mode = RegistrationMode.DISABLED.value
    db.add(settings)
    db.commit()
    with pytest.raises(SocialError) as refused:
        full_flow(db, "nobody@example.com")
    assert refused.value.key == "social.error.registration_closed"
    assert count_rows(db, Customer) == 0


def test_a_provider_account_linked_to_someone_else_cannot_be_linked_again(db, make_customer):
    full_flow(db, "first.owner@example.com")
    other = make_customer("other@example.com")
    with pytest.raises(SocialError) as refused:
        full_flow(db, "first.owner@example.com", customer_id=other.id, current_customer_id=other.id)
    assert refused.value.key == "social.error.linked_elsewhere"


def test_linking_needs_the_same_customer_still_signed_in(db, make_customer):
    customer = make_customer("linker@example.com")
    for current in (None, customer.id + 1):
        with pytest.raises(SocialError) as refused:
            full_flow(db, "linker.google@example.com", customer_id=customer.id, current_customer_id=current)
        assert refused.value.key == "social.error.link_session"
    assert count_rows(db, SocialIdentity) == 0


def test_a_provider_without_an_email_is_refused(db):
    flow = ClaimedFlow("google", "n", "v", None)
    with pytest.raises(SocialError) as refused:
        social.finish(db, ProviderIdentity(provider="google", subject="s"), flow, current_customer_id=None)
    assert refused.value.key == "social.error.no_email"


# --- managing identities ---

def test_unlinking_the_last_way_to_sign_in_is_refused(db):
    full_flow(db, "only.google@example.com")
    customer = db.exec(select(Customer)).one()
    identity = db.exec(select(SocialIdentity)).one()
    with pytest.raises(SocialError) as refused:
        social.unlink_identity(db, customer.id, identity.id)
    assert refused.value.key == "social.error.last_method"
    # With a passkey it may go.
    db.add(PasskeyCredential(customer_id=customer.id, credential_id="cred", public_key="pk", name="Phone"))
    db.commit()
    social.unlink_identity(db, customer.id, identity.id)
    db.commit()
    assert count_rows(db, SocialIdentity) == 0


def test_unlinking_with_a_password_works_and_is_listed_before(db, make_customer):
    customer = make_customer("with.password@example.com")
    full_flow(db, "with.password@example.com")
    listed = social.list_identities(db, customer.id)
    assert [(row.provider, row.email) for row in listed] == [("google", "with.password@example.com")]
    social.unlink_identity(db, customer.id, listed[0].id, client=CLIENT)
    db.commit()
    assert social.list_identities(db, customer.id) == []


def test_forged_identity_ids_are_not_found(db, make_customer):
    owner = make_customer("owner2@example.com")
    full_flow(db, "owner2@example.com")
    someone = make_customer("someone@example.com")
    identity = db.exec(select(SocialIdentity)).one()
    for forged in (identity.id, str(identity.id), True, None, 1.0, [identity.id], {"id": identity.id}, -1, 10**12,
                   10**30):
        with pytest.raises(SocialError) as refused:
            social.unlink_identity(db, someone.id, forged)
        assert refused.value.key == "social.error.not_found"
    assert db.exec(select(SocialIdentity)).one().customer_id == owner.id


def test_old_flows_are_deleted(db):
    start(db, new_token())
    assert social.delete_old_flows(db, now=utcnow() + timedelta(minutes=11)) == 1


def test_a_merge_moves_linked_identities_to_the_kept_record(db, make_customer, merchant):
    from shop.customers import merge

    kept = make_customer("kept@example.com")
    other = make_customer("other.record@example.com", first_name="Camille")
    full_flow(db, "other.record@example.com")
    social.start_flow(db, "google", browser_token=new_token(), customer_id=other.id)
    db.commit()
    merge.merge_customers(db, kept.id, other.id, {}, merchant_user_id=merchant.id)
    db.commit()
    assert db.exec(select(SocialIdentity)).one().customer_id == kept.id
    assert count_rows(db, OAuthFlow, OAuthFlow.customer_id == other.id) == 0
    # The provider now signs in to the kept record.
    assert session_customer(db, full_flow(db, "other.record@example.com").session_token) == kept.id


# --- configuration and Apple's form_post ---

def test_providers_are_offered_only_when_configured(monkeypatch):
    assert [provider.name for provider in providers.configured_providers()] == ["google"]
    monkeypatch.setenv("STORE_OAUTH_AMAZON_CLIENT_ID", "amzn-id")
    providers.configured_providers.cache_clear()
    with pytest.raises(providers.ConfigurationError, match="STORE_OAUTH_AMAZON_CLIENT_SECRET"):
        providers.configured_providers()
    monkeypatch.setenv("STORE_OAUTH_AMAZON_CLIENT_SECRET", "amzn-secret")
    monkeypatch.setenv("STORE_OAUTH_MICROSOFT_CLIENT_ID", "ms-id")
    monkeypatch.setenv("STORE_OAUTH_MICROSOFT_CLIENT_SECRET", "ms-secret")
    monkeypatch.setenv("STORE_OAUTH_MICROSOFT_TENANT", "consumers")
    providers.configured_providers.cache_clear()
    offered = {provider.name: provider for provider in providers.configured_providers()}
    assert list(offered) == ["google", "microsoft", "amazon"]  # in button order
    assert offered["amazon"].kind == providers.OAUTH2 and not offered["amazon"].trusts_email_verified
    assert "/consumers/v2.0/" in offered["microsoft"].metadata_url
    assert "amzn-secret" not in repr(offered["amazon"])


def test_a_malformed_endpoint_stops_the_shop(monkeypatch):
    monkeypatch.setenv("STORE_OAUTH_GOOGLE_METADATA_URL", "javascript:alert(1)")
    providers.configured_providers.cache_clear()
    with pytest.raises(providers.ConfigurationError):
        providers.configured_providers()


def test_apple_signs_its_own_client_secret(monkeypatch):
    from joserfc import jwt
    from joserfc.jwk import ECKey

    key = ECKey.generate_key("P-256", private=True)
    monkeypatch.setenv("STORE_OAUTH_APPLE_CLIENT_ID", "com.example.shop")
    monkeypatch.setenv("STORE_OAUTH_APPLE_TEAM_ID", "TEAM123")
    monkeypatch.setenv("STORE_OAUTH_APPLE_KEY_ID", "KEY456")
    monkeypatch.setenv("STORE_OAUTH_APPLE_PRIVATE_KEY", key.as_pem(private=True).decode().replace("\n", "\\n"))
    providers.configured_providers.cache_clear()
    apple = providers.get_provider("apple")
    secret = jwt.decode(providers.client_secret(apple), key)
    assert secret.header["kid"] == "KEY456"
    assert (secret.claims["iss"], secret.claims["sub"]) == ("TEAM123", "com.example.shop")
    assert dict(apple.extra_authorize_params)["response_mode"] == "form_post"


def test_apples_posted_answer_becomes_a_get_of_the_callback_page():
    from storefront.social_post import social_form_post

    sent, reached = [], []

    async def app(scope, receive, send):
        reached.append(scope["path"])

    async def call(method: str, path: str, body: bytes):
        async def receive():
            return {"type": "http.request", "body": body, "more_body": False}

        async def send(message):
            sent.append(message)

        await social_form_post(app)({"type": "http", "method": method, "path": path}, receive, send)

    run_coroutine(call("POST", "/login/social/apple/callback", b"code=abc&state=xyz&user=%7B%7D&evil=1"))
    assert sent[0]["status"] == 303
    assert dict(sent[0]["headers"])[b"location"] == b"/login/social/apple/callback?code=abc&state=xyz"
    run_coroutine(call("POST", "/login", b"code=abc"))
    run_coroutine(call("GET", "/login/social/apple/callback", b""))
    assert reached == ["/login", "/login/social/apple/callback"]
