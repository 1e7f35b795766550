"""Social sign-in: OpenID Connect and OAuth 2 with Authlib's client, and the identities linked to customers.

The flow: `start_flow` stores a single-use, 10-minute `oauth_flow` row (state, nonce and PKCE verifier,
bound to the browser that started it) and the browser goes to the provider. The callback page calls
`claim_flow` (the state must be live, unused, of this provider and of this browser), then `fetch_identity`
(the code exchanged with the PKCE verifier; for OpenID Connect the ID token's signature, issuer, audience,
expiry and nonce are checked; for OAuth 2 the profile is read), then `finish`.

A provider identity reaches an existing account only when the customer is signed in to it (linking from
/account/security), or when the provider asserts a verified email and the account's email is verified.
Otherwise the address is proven by an emailed code first (`confirm_with_code`): a provider account made
with someone else's address never takes over their account, and an account pre-made with someone's address
loses its unproven password when the owner proves it.
"""

from __future__ import annotations

import enum
import hmac
import logging
import time
import warnings
from dataclasses import asdict, dataclass
from datetime import datetime, timedelta

import httpx
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, delete, func, select, update

from shop import routes
from shop.common import audit
from shop.common.validation import FieldError, clean_code, normalize_email
from shop.config import get_settings
from shop.customers import records
from shop.identity import codes, sessions, throttle
from shop.identity.hashing import hash_token, new_token
from shop.identity.providers import LABELS, Provider, client_secret, get_provider
from shop.identity.sessions import Client
from shop.mail.outbox import queue_message
from shop.merchants import notifications
from shop.models import Customer, OAuthFlow, PasskeyCredential, RegistrationMode, SocialIdentity, utcnow
from shop.settings.store import get_store_settings

log = logging.getLogger("shop.social")

FLOW_LIFETIME = timedelta(minutes=10)
CODE_PURPOSE = "social_link"
HTTP_TIMEOUT = 10.0
METADATA_TTL_SECONDS = 3600.0
MAX_PARAM = 2048  # state, code: anything longer is not from a provider


class SocialError(Exception):
    """A refusal; `key` is the message shown to the customer (social_*.py catalogues)."""

    def __init__(self, key: str, detail: str = ""):
        super().__init__(key, detail)
        self.key, self.detail = key, detail


# --- the flow ---

def redirect_uri(provider_name: str) -> str:
    """Registered with the provider: built from STORE_BASE_URL, never from the request."""
    return get_settings().store_base_url + routes.social_callback(provider_name)


@dataclass(frozen=True)
class FlowSecrets:
    state: str
    nonce: str
    code_verifier: str


def start_flow(db: Session, provider_name: object, *, browser_token: object, customer_id: int | None = None,
               client_ip: str = "", now: datetime | None = None) -> tuple[Provider, FlowSecrets]:
    """A new flow for this browser (and, when linking, this signed-in customer). Only hashes of the state
    are stored; the verifier and nonce never leave the server."""
    provider = get_provider(provider_name)
    if provider is None:
        raise SocialError("social.error.unknown_provider")
    if not _is_browser_token(browser_token):
        raise SocialError("social.error.state")
    now = now or utcnow()
    if not throttle.may_start_social_sign_in(db, client_ip, now=now):
        raise SocialError("social.error.too_many")
    secrets_ = FlowSecrets(state=new_token(), nonce=new_token(), code_verifier=new_token() + new_token())
    db.add(OAuthFlow(state_hash=hash_token(secrets_.state), provider=provider.name, nonce=secrets_.nonce,
                     code_verifier=secrets_.code_verifier, browser_token_hash=hash_token(browser_token),
                     customer_id=customer_id, created_at=now, expires_at=now + FLOW_LIFETIME))
    return provider, secrets_


def _is_browser_token(token: object) -> bool:
    return isinstance(token, str) and 20 <= len(token) <= 100


def _oauth_client(provider: Provider):
    with warnings.catch_warnings():  # Authlib 1.9 announces a move to "httpx2"; httpx is what Reflex ships
        warnings.simplefilter("ignore")
        from authlib.integrations.httpx_client import AsyncOAuth2Client

    return AsyncOAuth2Client(client_id=provider.client_id, client_secret=client_secret(provider),
                             token_endpoint_auth_method="client_secret_post", code_challenge_method="S256",
                             redirect_uri=redirect_uri(provider.name), scope=provider.scope, timeout=HTTP_TIMEOUT)


_metadata_cache: dict[str, tuple[float, dict]] = {}


async def _get_json(url: str) -> dict:
    async with httpx.AsyncClient(timeout=HTTP_TIMEOUT) as http:
        response = await http.get(url, headers={"Accept": "application/json"})
        response.raise_for_status()
        return response.json()


async def provider_metadata(provider: Provider, *, force: bool = False) -> dict:
    """The OpenID provider's discovery document (and its keys), cached for an hour; OAuth 2 providers' are
    their configured endpoints."""
    if not provider.is_oidc:
        return {"authorization_endpoint": provider.authorize_url, "token_endpoint": provider.token_url,
                "userinfo_endpoint": provider.userinfo_url}
    cached = _metadata_cache.get(provider.metadata_url)
    if cached is not None and not force and time.monotonic() - cached[0] < METADATA_TTL_SECONDS:
        return cached[1]
    metadata = await _get_json(provider.metadata_url)
    metadata["jwks"] = await _get_json(metadata["jwks_uri"])
    _metadata_cache[provider.metadata_url] = (time.monotonic(), metadata)
    return metadata


async def authorization_url(provider: Provider, flow: FlowSecrets, *, lang: str = "en") -> str:
    """Where the browser goes: the provider's sign-in page, with state, nonce and the PKCE challenge."""
    metadata = await provider_metadata(provider)
    extra = dict(provider.extra_authorize_params)
    if provider.is_oidc:
        extra["nonce"] = flow.nonce
        extra["ui_locales"] = lang
    async with _oauth_client(provider) as client:
        url, _ = client.create_authorization_url(metadata["authorization_endpoint"], state=flow.state,
                                                 code_verifier=flow.code_verifier, **extra)
    return url


@dataclass(frozen=True)
class ClaimedFlow:
    provider: str
    nonce: str
    code_verifier: str
    customer_id: int | None


def claim_flow(db: Session, provider_name: object, state: object, *, browser_token: object,
               now: datetime | None = None) -> ClaimedFlow:
    """The flow this callback finishes, used up now (a replayed callback finds it used). Refused when the
    state is missing or unknown, of another provider or another browser, expired or already used."""
    now = now or utcnow()
    if not isinstance(state, str) or not (20 <= len(state) <= MAX_PARAM):
        raise SocialError("social.error.state", "missing state")
    flow = db.exec(select(OAuthFlow).where(OAuthFlow.state_hash == hash_token(state))).first()
    if flow is None:
        raise SocialError("social.error.state", "unknown state")
    if flow.provider != provider_name:
        raise SocialError("social.error.state", "another provider's state")
    if not _is_browser_token(browser_token) or not hmac.compare_digest(flow.browser_token_hash,
                                                                       hash_token(browser_token)):
        raise SocialError("social.error.state", "another browser's state")
    if flow.used_at is not None:
        raise SocialError("social.error.state", "used state")
    if flow.expires_at <= now:
        raise SocialError("social.error.expired", "expired state")
    # Conditional, so that of two simultaneous callbacks only one goes on.
    used = db.exec(update(OAuthFlow).where(OAuthFlow.id == flow.id, OAuthFlow.used_at.is_(None))
                   .values(used_at=now)).rowcount
    if used != 1:
        raise SocialError("social.error.state", "used state")
    return ClaimedFlow(provider=flow.provider, nonce=flow.nonce, code_verifier=flow.code_verifier,
                       customer_id=flow.customer_id)


def delete_old_flows(db: Session, now: datetime | None = None) -> int:
    """Housekeeping: flows past their expiry, used or not."""
    return db.exec(delete(OAuthFlow).where(OAuthFlow.expires_at <= (now or utcnow()))).rowcount


@dataclass(frozen=True)
class ProviderIdentity:
    provider: str
    subject: str
    email: str = ""
    email_verified: bool = False  # the provider asserts it, and this shop trusts that provider's assertion
    first_name: str = ""
    last_name: str = ""


def _truthy(value: object) -> bool:
    # Apple sends "true" as a string.
    return value is True or (isinstance(value, str) and value.lower() == "true")


def _identity(provider: Provider, claims: dict) -> ProviderIdentity:
    subject = claims.get("sub") or claims.get("id") or claims.get("user_id")
    if not isinstance(subject, str | int) or not str(subject) or len(str(subject)) > 255:
        raise SocialError("social.error.provider", "no subject")
    try:
        email = normalize_email(claims.get("email"))
    except FieldError:
        email = ""
    name = claims.get("name") if isinstance(claims.get("name"), str) else ""
    first = claims.get("given_name") if isinstance(claims.get("given_name"), str) else name.partition(" ")[0]
    last = claims.get("family_name") if isinstance(claims.get("family_name"), str) else name.partition(" ")[2]
    verified = bool(email) and provider.trusts_email_verified and _truthy(claims.get("email_verified"))
    return ProviderIdentity(provider=provider.name, subject=str(subject), email=email, email_verified=verified,
                            first_name=first.strip()[:100], last_name=last.strip()[:100])


async def fetch_identity(flow: ClaimedFlow, code: object) -> ProviderIdentity:
    """Exchange the code (with the flow's PKCE verifier) and read who signed in at the provider."""
    provider = get_provider(flow.provider)
    if provider is None:
        raise SocialError("social.error.unknown_provider")
    if not isinstance(code, str) or not (1 <= len(code) <= MAX_PARAM):
        raise SocialError("social.error.provider", "missing code")
    try:
        metadata = await provider_metadata(provider)
        async with _oauth_client(provider) as client:
            token = await client.fetch_token(metadata["token_endpoint"], code=code,
                                             code_verifier=flow.code_verifier)
            if provider.is_oidc:
                claims = await _verified_id_token(provider, metadata, token, flow.nonce)
            else:
                response = await client.get(metadata["userinfo_endpoint"])
                response.raise_for_status()
                claims = response.json()
    except SocialError:
        raise
    except Exception as error:  # the provider refused the code, or answered nonsense: one message
        raise SocialError("social.error.provider", f"{type(error).__name__}: {error}"[:300]) from error
    return _identity(provider, claims)


async def _verified_id_token(provider: Provider, metadata: dict, token: dict, nonce: str) -> dict:
    from authlib.oidc.core import CodeIDToken
    from joserfc import jwt
    from joserfc.errors import InvalidKeyIdError
    from joserfc.jwk import KeySet
    from joserfc.jws import JWSRegistry

    id_token = token.get("id_token")
    if not isinstance(id_token, str):
        raise SocialError("social.error.provider", "no id_token")
    registry = JWSRegistry(algorithms=metadata.get("id_token_signing_alg_values_supported") or ["RS256"],
                           strict_check_header=False)
    try:
        decoded = jwt.decode(id_token, KeySet.import_key_set(metadata["jwks"]), registry=registry)
    except InvalidKeyIdError:  # the provider rotated its keys
        metadata = await provider_metadata(provider, force=True)
        decoded = jwt.decode(id_token, KeySet.import_key_set(metadata["jwks"]), registry=registry)
    claims = dict(decoded.claims)
    issuer = metadata["issuer"]
    if "{tenantid}" in issuer and isinstance(claims.get("tid"), str):  # Microsoft's multi-tenant endpoint
        issuer = issuer.replace("{tenantid}", claims["tid"])
    checked = CodeIDToken(claims, decoded.header, {"iss": {"values": [issuer]}},
                          {"nonce": nonce, "client_id": provider.client_id,
                           "access_token": token.get("access_token")})
    checked.validate(leeway=120)
    # Checked again here, so no version of the claims class can let a missing nonce through.
    if not isinstance(claims.get("nonce"), str) or not hmac.compare_digest(claims["nonce"], nonce):
        raise SocialError("social.error.provider", "wrong nonce")
    return claims


# --- the outcome ---

class SocialStatus(enum.StrEnum):
    SIGNED_IN = "signed_in"
    LINKED = "linked"  # linked from /account/security
    CODE_SENT = "code_sent"  # the address must be proven by the emailed code first


@dataclass(frozen=True)
class SocialOutcome:
    status: SocialStatus
    session_token: str = ""
    email: str = ""
    pending: dict | None = None  # with CODE_SENT: what the code completes (kept on the server only)


def _find_identity(db: Session, provider: str, subject: str) -> SocialIdentity | None:
    return db.exec(select(SocialIdentity).where(SocialIdentity.provider == provider,
                                                SocialIdentity.subject == subject)).first()


def _link(db: Session, customer: Customer, identity: ProviderIdentity, client: Client, now: datetime, *,
          notify: bool = True) -> None:
    """Link the identity; the customer hears of it by email (a new way into their account)."""
    try:
        with db.begin_nested():
            db.add(SocialIdentity(customer_id=customer.id, provider=identity.provider, subject=identity.subject,
                                  email=identity.email, created_at=now, last_used_at=now))
    except IntegrityError as error:  # linked by a simultaneous callback
        raise SocialError("social.error.linked_elsewhere") from error
    audit.record(db, "customer.social_linked", customer_id=customer.id, email=customer.email,
                 ip_address=client.ip_address, detail=identity.provider)
    if notify:
        queue_message(db, to=customer.email, template="social_linked", lang=customer.language,
                      name=customer.first_name, params={"provider": LABELS.get(identity.provider, identity.provider)},
                      paragraphs=["email.social_linked.body", "email.social_linked.outro"],
                      action_key="email.social_linked.action", action_path=routes.ACCOUNT_SECURITY)


def _refuse_blocked(db: Session, customer: Customer, client: Client) -> None:
    if customer.is_blocked:
        audit.record(db, "customer.sign_in_blocked", customer_id=customer.id, email=customer.email,
                     ip_address=client.ip_address, detail="social")
        raise SocialError("social.error.blocked")


def _sign_in(db: Session, customer: Customer, provider: str, client: Client) -> SocialOutcome:
    token = sessions.open_customer_session(db, customer, client, how=f"social:{provider}")
    return SocialOutcome(SocialStatus.SIGNED_IN, session_token=token, email=customer.email)


def _registration_open(db: Session) -> bool:
    return get_store_settings(db).registration_mode == RegistrationMode.OPEN.value


def _new_customer(db: Session, identity: ProviderIdentity, lang: str) -> Customer:
    if not _registration_open(db):
        raise SocialError("social.error.registration_closed")
    try:
        with db.begin_nested():
            customer = records.create_customer(db, email=identity.email, first_name=identity.first_name,
                                               last_name=identity.last_name, source="social", language=lang,
                                               verified=True)
    except IntegrityError as error:  # a simultaneous sign-up took this address
        raise SocialError("social.error.state") from error
    audit.record(db, "customer.sign_up", customer_id=customer.id, email=customer.email,
                 detail=f"social:{identity.provider}")
    notifications.notify_sign_up(db, customer)
    return customer


def _send_code(db: Session, identity: ProviderIdentity, customer: Customer | None, lang: str,
               client: Client) -> SocialOutcome:
    """The address must be proven before the identity reaches its account (or makes one)."""
    if throttle.may_send_anonymous_email(db, identity.email, client.ip_address, "verify",
                                         cooldown_key=f"social:{identity.provider}:{identity.subject}"[:30]):
        code = codes.issue_code(db, identity.email, CODE_PURPOSE, customer_id=customer.id if customer else None)
        queue_message(db, to=identity.email, template="social_link", lang=customer.language if customer else lang,
                      name=customer.first_name if customer else identity.first_name, code=code,
                      paragraphs=["email.social_link.body", "email.social_link.outro"])
    audit.record(db, "customer.social_code_sent", customer_id=customer.id if customer else None,
                 email=identity.email, ip_address=client.ip_address, detail=identity.provider)
    return SocialOutcome(SocialStatus.CODE_SENT, email=identity.email, pending=asdict(identity))


def finish(db: Session, identity: ProviderIdentity, flow: ClaimedFlow, *, current_customer_id: int | None,
           client: Client = Client(), lang: str = "en") -> SocialOutcome:
    """What the provider's answer does: link to the signed-in customer, sign in the linked customer, link
    to the account whose verified address the provider verified too, make a new account, or ask for a code."""
    now = utcnow()
    existing = _find_identity(db, identity.provider, identity.subject)
    if flow.customer_id is not None:
        # Linking from /account/security: the same customer must still be signed in in this browser.
        if current_customer_id != flow.customer_id:
            raise SocialError("social.error.link_session")
        customer = db.get(Customer, flow.customer_id)
        if customer is None:
            raise SocialError("social.error.link_session")
        _refuse_blocked(db, customer, client)
        if existing is not None:
            if existing.customer_id != customer.id:
                raise SocialError("social.error.linked_elsewhere")
            existing.last_used_at = now
            db.add(existing)
            return SocialOutcome(SocialStatus.LINKED, email=customer.email)
        _link(db, customer, identity, client, now)
        return SocialOutcome(SocialStatus.LINKED, email=customer.email)

    if existing is not None:
        customer = db.get(Customer, existing.customer_id)
        _refuse_blocked(db, customer, client)
        existing.last_used_at = now
        existing.email = identity.email or existing.email
        db.add(existing)
        return _sign_in(db, customer, identity.provider, client)

    if not identity.email:
        raise SocialError("social.error.no_email")
    customer = records.find_by_email(db, identity.email)
    if customer is not None:
        _refuse_blocked(db, customer, client)
        if identity.email_verified and customer.email_verified_at is not None:
            _link(db, customer, identity, client, now)
            return _sign_in(db, customer, identity.provider, client)
        return _send_code(db, identity, customer, lang, client)
    if not _registration_open(db):
        raise SocialError("social.error.registration_closed")
    if not identity.email_verified:
        return _send_code(db, identity, None, lang, client)
    customer = _new_customer(db, identity, lang)
    _link(db, customer, identity, client, now, notify=False)
    return _sign_in(db, customer, identity.provider, client)


def _pending_identity(pending: object) -> ProviderIdentity | None:
    if not isinstance(pending, dict):
        return None
    try:
        return ProviderIdentity(**pending)
    except TypeError:
        return None


@dataclass(frozen=True)
class CodeRefused:
    error_key: str
    wait_text: str = ""


def confirm_with_code(db: Session, pending: object, code: object, *, client: Client = Client(),
                      lang: str = "en") -> SocialOutcome | CodeRefused:
    """The emailed code proves the address: the identity then links to its account (whose unproven password,
    if any, is dropped: see `signin.prove_address`) or makes a new one, and the customer is signed in."""
    from shop.identity.signin import prove_address

    identity = _pending_identity(pending)
    if identity is None or not identity.email:
        return CodeRefused(codes.WRONG_CODE)
    try:
        code = clean_code(code)
    except FieldError as error:
        return CodeRefused(error.key)
    check = codes.check_code(db, identity.email, CODE_PURPOSE, code, client_ip=client.ip_address)
    if not check.ok:
        return CodeRefused(check.error_key, check.wait_text)
    now = utcnow()
    customer = records.find_by_email(db, identity.email)
    existing = _find_identity(db, identity.provider, identity.subject)
    if existing is not None and (customer is None or existing.customer_id != customer.id):
        raise SocialError("social.error.linked_elsewhere")
    new = customer is None
    if new:
        customer = _new_customer(db, identity, lang)
    else:
        _refuse_blocked(db, customer, client)
        prove_address(db, customer, how=f"social:{identity.provider}", client=client)
    if existing is None:
        _link(db, customer, identity, client, now, notify=not new)
    return _sign_in(db, customer, identity.provider, client)


# --- managing the identities of a customer ---

@dataclass(frozen=True)
class LinkedIdentity:
    id: int
    provider: str
    email: str
    created_at: datetime
    last_used_at: datetime | None


def list_identities(db: Session, customer_id: int) -> list[LinkedIdentity]:
    rows = db.exec(select(SocialIdentity).where(SocialIdentity.customer_id == customer_id)
                   .order_by(SocialIdentity.created_at, SocialIdentity.id)).all()
    return [LinkedIdentity(id=row.id, provider=row.provider, email=row.email, created_at=row.created_at,
                           last_used_at=row.last_used_at) for row in rows]


def _count(db: Session, table, customer_id: int) -> int:
    return db.exec(select(func.count()).select_from(table).where(table.customer_id == customer_id)).one()


def unlink_identity(db: Session, customer_id: int, identity_id: object, *, client: Client = Client()) -> None:
    """Remove one of this customer's identities, unless it is their last way to sign in (no password, no
    other identity, no passkey). Another customer's identity, or an id that is no id, is not found."""
    if not isinstance(identity_id, int) or isinstance(identity_id, bool) or not 0 < identity_id < 2**63:
        raise SocialError("social.error.not_found")
    row = db.exec(select(SocialIdentity).where(SocialIdentity.id == identity_id,
                                               SocialIdentity.customer_id == customer_id)).first()
    customer = db.get(Customer, customer_id)
    if row is None or customer is None:
        raise SocialError("social.error.not_found")
    others = _count(db, SocialIdentity, customer_id) - 1 + _count(db, PasskeyCredential, customer_id)
    if not customer.password_hash and others == 0:
        raise SocialError("social.error.last_method")
    db.delete(row)
    audit.record(db, "customer.social_unlinked", customer_id=customer_id, email=customer.email,
                 ip_address=client.ip_address, detail=row.provider)
