"""Rate limits on guesses and on anonymous emails, counted in the database (they hold across workers).

Every rule here is in the README's rule table. Three promises shape it:
- a refusal for too many attempts says so, with the wait, and reads the same for known and unknown
  addresses (the counts are kept per address whether or not it has an account);
- an attempt refused by the throttle is not counted as a failure, so nobody can keep a customer
  locked out by knocking now and then;
- a client address is counted with growing delays rather than a long lock-out, because behind a
  proxy or a phone network many people share one.
"""

from __future__ import annotations

import ipaddress
import math
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlmodel import Session, delete, func, select

from shop.common import locks
from shop.models import ThrottleEvent, utcnow

# Kinds of counted events.
PASSWORD_FAILURE = "password_failure"  # a wrong customer password
CODE_FAILURE = "code_failure"  # a wrong emailed code, of any purpose
MERCHANT_FAILURE = "merchant_failure"  # a wrong back-office password
ANONYMOUS_EMAIL = "anonymous_email"  # an email a visitor made the shop send (detail: the template)
EMAIL_CHANGE = "email_change"  # a signed-in customer asked to move to a new address
STOCK_ALERT = "stock_alert"  # a visitor asked to be emailed when a product is back
PASSKEY_CHALLENGE = "passkey_challenge"  # a visitor asked for a passkey sign-in challenge
SIGN_UP = "sign_up"  # a visitor's sign-up form was accepted for hashing
SOCIAL_FLOW = "social_flow"  # a visitor started a sign-in with a social provider

SIGN_IN_FAILURES = (PASSWORD_FAILURE, CODE_FAILURE)  # wrong codes count against sign-in too

# Per address: 5 wrong passwords or codes in 15 minutes hold password sign-in for that address.
PER_EMAIL_FAILURES = 5
PER_EMAIL_WINDOW = timedelta(minutes=15)
# Codes: at most 20 wrong codes per address, and 50 per client, in any 24 hours, all purposes together.
CODE_FAILURES_PER_EMAIL_PER_DAY = 20
CODE_FAILURES_PER_CLIENT_PER_DAY = 50
DAY = timedelta(hours=24)
# Per client: 20 failures an hour go free, then each one doubles the wait before the next try.
CLIENT_WINDOW = timedelta(hours=1)
CLIENT_FREE_FAILURES = 20
CLIENT_FIRST_DELAY = timedelta(seconds=5)
CLIENT_MAX_DELAY = timedelta(minutes=10)

# Emails that anonymous visitors make the shop send (sign-up codes and notices, resets, sign-in codes).
ANONYMOUS_EMAILS_PER_CLIENT_PER_HOUR = 100
ANONYMOUS_EMAILS_PER_ADDRESS_PER_DAY = 10
# One email per address and request kind per cooldown: a visitor may be waiting for a code or a link,
# but one "someone tried to sign up with your address" an hour is plenty.
ANONYMOUS_EMAIL_COOLDOWNS = {
    "verify": timedelta(seconds=60),
    "sign_in_code": timedelta(seconds=60),
    "reset": timedelta(seconds=60),
    "signup_attempt": timedelta(hours=1),
}
# "Email me when it is back" requests per client network: each one is a later email to an address anyone
# may type (the address itself is capped by stock_alerts.MAX_PENDING_PER_ADDRESS).
STOCK_ALERTS_PER_CLIENT_PER_HOUR = 30
PASSKEY_CHALLENGES_PER_CLIENT_PER_HOUR = 60  # each is a stored row until it expires
SOCIAL_FLOWS_PER_CLIENT_PER_HOUR = 60  # the same for social sign-in's flows
# Sign-ups per client network: each pays for a bcrypt hash on the server and writes rows (a pending sign-up,
# or a customer when the shop does not verify addresses). A household or an office signs up a few people.
SIGN_UPS_PER_CLIENT_PER_HOUR = 20
# Email-change requests per customer.
EMAIL_CHANGES_PER_CUSTOMER_PER_DAY = 5

KEEP_EVENTS = timedelta(days=2)  # longer than every window above


@dataclass(frozen=True)
class Verdict:
    allowed: bool
    retry_after: timedelta = timedelta(0)

    @property
    def wait_text(self) -> str:
        """"4 min" or "3 h": the same in English and French."""
        minutes = max(1, math.ceil(self.retry_after.total_seconds() / 60))
        return f"{minutes} min" if minutes < 120 else f"{math.ceil(minutes / 60)} h"


ALLOWED = Verdict(True)


def client_network(ip_address: str) -> str:
    """The unit a client is counted in: an IPv4 address, or the /64 network of an IPv6 address
    (one home or phone gets a whole /64, so counting single IPv6 addresses counts nothing).

    "" (not counted) for a loopback address: that is a reverse proxy on this machine, or a local test,
    never one person. Counting it would put every visitor behind one number, so one stranger's failures
    would hold everyone (set TRUSTED_PROXY_HOPS so the proxy's X-Forwarded-For gives the real client).
    """
    try:
        address = ipaddress.ip_address((ip_address or "").strip())
    except ValueError:
        return ""
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped
    if address.is_loopback:
        return ""
    if isinstance(address, ipaddress.IPv6Address):
        return str(ipaddress.IPv6Network(f"{address}/64", strict=False))
    return str(address)


def record(db: Session, kind: str, *, email: str = "", client_ip: str = "", detail: str = "",
           now: datetime | None = None) -> None:
    db.add(ThrottleEvent(kind=kind, email=email[:254], client_net=client_network(client_ip), detail=detail[:30],
                         created_at=now or utcnow()))


def _times(db: Session, kinds: tuple[str, ...], since: datetime, *, email: str = "", client_net: str = "",
           detail: str = "") -> list[datetime]:
    """When the matching events happened, newest first."""
    query = select(ThrottleEvent.created_at).where(ThrottleEvent.kind.in_(kinds),
                                                   ThrottleEvent.created_at >= since)
    if email:
        query = query.where(ThrottleEvent.email == email)
    if client_net:
        query = query.where(ThrottleEvent.client_net == client_net)
    if detail:
        query = query.where(ThrottleEvent.detail == detail)
    return list(db.exec(query.order_by(ThrottleEvent.created_at.desc())))


def _count(db: Session, kinds: tuple[str, ...], since: datetime, *, email: str = "", client_net: str = "") -> int:
    query = select(func.count()).select_from(ThrottleEvent).where(ThrottleEvent.kind.in_(kinds),
                                                                  ThrottleEvent.created_at >= since)
    if email:
        query = query.where(ThrottleEvent.email == email)
    if client_net:
        query = query.where(ThrottleEvent.client_net == client_net)
    return db.exec(query).one()


def _cap(times: list[datetime], limit: int, window: timedelta, now: datetime) -> Verdict:
    """`times` (newest first) holds `limit` events or more: wait until the oldest that counts leaves."""
    if len(times) < limit:
        return ALLOWED
    return Verdict(False, times[limit - 1] + window - now)


def _client_delay(times: list[datetime], now: datetime) -> Verdict:
    """Growing delays: past the free failures, the n-th waits 5 s × 2^n after the latest, at most 10 min."""
    beyond = len(times) - CLIENT_FREE_FAILURES
    if beyond < 0:
        return ALLOWED
    delay = min(CLIENT_FIRST_DELAY * (2 ** min(beyond, 20)), CLIENT_MAX_DELAY)
    wait = times[0] + delay - now
    return Verdict(False, wait) if wait > timedelta(0) else ALLOWED


def _first_refusal(*verdicts: Verdict) -> Verdict:
    refused = [verdict for verdict in verdicts if not verdict.allowed]
    return max(refused, key=lambda verdict: verdict.retry_after) if refused else ALLOWED


def password_verdict(db: Session, email: str, client_ip: str, *, kinds: tuple[str, ...] = SIGN_IN_FAILURES,
                     now: datetime | None = None) -> Verdict:
    """May this password attempt be checked? Counts wrong passwords and wrong codes alike.

    The attempts on one address take turns (across workers) until the caller commits, so none is checked
    unseen by the count."""
    locks.serialize(db, f"throttle:{email.lower()}" if email else "")
    now = now or utcnow()
    net = client_network(client_ip)
    per_email = _cap(_times(db, kinds, now - PER_EMAIL_WINDOW, email=email), PER_EMAIL_FAILURES,
                     PER_EMAIL_WINDOW, now) if email else ALLOWED
    per_client = _client_delay(_times(db, kinds, now - CLIENT_WINDOW, client_net=net), now) if net else ALLOWED
    return _first_refusal(per_email, per_client)


def code_verdict(db: Session, email: str, client_ip: str, now: datetime | None = None) -> Verdict:
    """May this code be checked? Wrong codes of every purpose count together, per address and per client.
    The checks of one address take turns until the caller commits."""
    locks.serialize(db, f"throttle:{email.lower()}" if email else "")
    now = now or utcnow()
    net = client_network(client_ip)
    per_email = _cap(_times(db, (CODE_FAILURE,), now - DAY, email=email), CODE_FAILURES_PER_EMAIL_PER_DAY,
                     DAY, now) if email else ALLOWED
    if not net:
        return per_email
    per_client_day = _cap(_times(db, (CODE_FAILURE,), now - DAY, client_net=net),
                          CODE_FAILURES_PER_CLIENT_PER_DAY, DAY, now)
    per_client = _client_delay(_times(db, SIGN_IN_FAILURES, now - CLIENT_WINDOW, client_net=net), now)
    return _first_refusal(per_email, per_client_day, per_client)


def may_send_anonymous_email(db: Session, email: str, client_ip: str, request: str, *, cooldown_key: str = "",
                             now: datetime | None = None) -> bool:
    """An email that a visitor who is not signed in asks for (`request`: a key of ANONYMOUS_EMAIL_COOLDOWNS).
    The cooldown is per address and request, or per `cooldown_key` when given (one sign-up attempt:
    a stranger's attempt must not hold back the owner's code). When this says yes, the send is counted.

    Refusals are silent: the page answers the same, so the caps reveal nothing about the address.
    """
    now = now or utcnow()
    net = client_network(client_ip)
    kinds = (ANONYMOUS_EMAIL,)
    key = cooldown_key or request
    if _times(db, kinds, now - ANONYMOUS_EMAIL_COOLDOWNS[request], email=email, detail=key):
        return False
    if _count(db, kinds, now - DAY, email=email) >= ANONYMOUS_EMAILS_PER_ADDRESS_PER_DAY:
        return False
    if net and _count(db, kinds, now - timedelta(hours=1), client_net=net) >= ANONYMOUS_EMAILS_PER_CLIENT_PER_HOUR:
        return False
    record(db, ANONYMOUS_EMAIL, email=email, client_ip=client_ip, detail=key, now=now)
    return True


def may_request_email_change(db: Session, customer_id: int, now: datetime | None = None) -> bool:
    """At most five email-change requests per customer a day; a yes is counted."""
    now = now or utcnow()
    key = f"customer:{customer_id}"
    if _count(db, (EMAIL_CHANGE,), now - DAY, email=key) >= EMAIL_CHANGES_PER_CUSTOMER_PER_DAY:
        return False
    record(db, EMAIL_CHANGE, email=key, now=now)
    return True


def delete_old_events(db: Session, now: datetime | None = None) -> int:
    """Housekeeping: events older than every window are of no use."""
    cutoff = (now or utcnow()) - KEEP_EVENTS
    return db.exec(delete(ThrottleEvent).where(ThrottleEvent.created_at < cutoff)).rowcount


def _within_hourly_cap(db: Session, kind: str, limit: int, client_ip: str, now: datetime | None) -> bool:
    """A visitor's request that stores something, counted per client network; an allowed one is counted."""
    now = now or utcnow()
    net = client_network(client_ip)
    if net and _count(db, (kind,), now - timedelta(hours=1), client_net=net) >= limit:
        return False
    record(db, kind, client_ip=client_ip, now=now)
    return True


def may_ask_stock_alert(db: Session, client_ip: str, now: datetime | None = None) -> bool:
    """A visitor's "email me when it is back" request. Refusals are silent."""
    return _within_hourly_cap(db, STOCK_ALERT, STOCK_ALERTS_PER_CLIENT_PER_HOUR, client_ip, now)


def may_start_passkey_sign_in(db: Session, client_ip: str, now: datetime | None = None) -> bool:
    """A visitor's "Sign in with a passkey": each stores a challenge row."""
    return _within_hourly_cap(db, PASSKEY_CHALLENGE, PASSKEY_CHALLENGES_PER_CLIENT_PER_HOUR, client_ip, now)


def may_start_social_sign_in(db: Session, client_ip: str, now: datetime | None = None) -> bool:
    """A visitor's "Continue with <provider>": each stores a flow row and sends them to the provider."""
    return _within_hourly_cap(db, SOCIAL_FLOW, SOCIAL_FLOWS_PER_CLIENT_PER_HOUR, client_ip, now)


def sign_up_verdict(db: Session, client_ip: str, now: datetime | None = None) -> Verdict:
    """May this visitor's sign-up go on to the password hash? Counted per client network; a refused one is
    not counted, so the wait is the time until the oldest counted sign-up leaves the hour."""
    now = now or utcnow()
    net = client_network(client_ip)
    if not net:
        return ALLOWED
    verdict = _cap(_times(db, (SIGN_UP,), now - CLIENT_WINDOW, client_net=net), SIGN_UPS_PER_CLIENT_PER_HOUR,
                   CLIENT_WINDOW, now)
    if verdict.allowed:
        record(db, SIGN_UP, client_ip=client_ip, now=now)
    return verdict
