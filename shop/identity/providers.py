"""The social sign-in providers this shop is registered with, read from the environment (no Reflex import).

A provider is offered only when its client id and secret are set. Each one's endpoints can be overridden,
so tests (and a staging shop) can point a provider at a local OpenID provider.

    STORE_OAUTH_<NAME>_CLIENT_ID, STORE_OAUTH_<NAME>_CLIENT_SECRET     the shop's registration
    STORE_OAUTH_<NAME>_METADATA_URL                                     OpenID providers: the discovery document
    STORE_OAUTH_<NAME>_AUTHORIZE_URL / _TOKEN_URL / _USERINFO_URL       OAuth 2 providers: the endpoints
    STORE_OAUTH_MICROSOFT_TENANT                                        `common` (default), `consumers` or a tenant id
    STORE_OAUTH_APPLE_TEAM_ID / _KEY_ID / _PRIVATE_KEY                  Apple: the shop signs its own client secret
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass, field
from functools import lru_cache

from shop.config import ConfigurationError

OIDC = "oidc"
OAUTH2 = "oauth2"

# In the order the buttons show.
PROVIDER_NAMES = ("google", "microsoft", "apple", "linkedin", "facebook", "amazon")
LABELS = {"google": "Google", "microsoft": "Microsoft", "apple": "Apple", "linkedin": "LinkedIn",
          "facebook": "Facebook", "amazon": "Amazon"}


@dataclass(frozen=True)
class Provider:
    name: str
    label: str
    kind: str  # OIDC or OAUTH2
    client_id: str
    client_secret: str = field(repr=False, default="")
    scope: str = "openid email profile"
    metadata_url: str = ""  # OIDC
    authorize_url: str = ""  # OAuth 2
    token_url: str = ""
    userinfo_url: str = ""
    # Whether the provider's "email_verified" claim can be trusted to prove the address. Microsoft's
    # email claim is whatever the tenant admin typed (never proven), and OAuth 2 profiles carry no claim.
    trusts_email_verified: bool = True
    extra_authorize_params: tuple[tuple[str, str], ...] = ()
    apple_key: tuple[str, str, str] | None = field(repr=False, default=None)  # team id, key id, private key PEM

    @property
    def is_oidc(self) -> bool:
        return self.kind == OIDC


def _env(name: str) -> str:
    return os.environ.get(name, "").strip()


def _url(name: str, default: str) -> str:
    value = _env(name) or default
    if not value.startswith(("https://", "http://")):
        raise ConfigurationError(f"{name} must be an http(s) URL, not {value!r}")
    return value


def _defaults(name: str) -> dict:
    prefix = f"STORE_OAUTH_{name.upper()}_"
    if name == "google":
        return dict(kind=OIDC, metadata_url=_url(prefix + "METADATA_URL",
                                                 "https://accounts.google.com/.well-known/openid-configuration"))
    if name == "microsoft":
        tenant = _env(prefix + "TENANT") or "common"
        if not tenant.replace("-", "").replace(".", "").isalnum():
            raise ConfigurationError(f"{prefix}TENANT must be a tenant id or name, not {tenant!r}")
        return dict(kind=OIDC, trusts_email_verified=False, metadata_url=_url(
            prefix + "METADATA_URL", f"https://login.microsoftonline.com/{tenant}/v2.0/.well-known/openid-configuration"))
    if name == "apple":
        # Apple posts the answer back (form_post) when the email is asked for.
        return dict(kind=OIDC, scope="openid email", extra_authorize_params=(("response_mode", "form_post"),),
                    metadata_url=_url(prefix + "METADATA_URL", "https://appleid.apple.com/.well-known/openid-configuration"))
    if name == "linkedin":
        return dict(kind=OIDC, metadata_url=_url(
            prefix + "METADATA_URL", "https://www.linkedin.com/oauth/.well-known/openid-configuration"))
    if name == "facebook":
        return dict(kind=OAUTH2, scope="email public_profile", trusts_email_verified=False,
                    authorize_url=_url(prefix + "AUTHORIZE_URL", "https://www.facebook.com/v21.0/dialog/oauth"),
                    token_url=_url(prefix + "TOKEN_URL", "https://graph.facebook.com/v21.0/oauth/access_token"),
                    userinfo_url=_url(prefix + "USERINFO_URL", "https://graph.facebook.com/me?fields=id,name,email"))
    if name == "amazon":
        return dict(kind=OAUTH2, scope="profile", trusts_email_verified=False,
                    authorize_url=_url(prefix + "AUTHORIZE_URL", "https://www.amazon.com/ap/oa"),
                    token_url=_url(prefix + "TOKEN_URL", "https://api.amazon.com/auth/o2/token"),
                    userinfo_url=_url(prefix + "USERINFO_URL", "https://api.amazon.com/user/profile"))
    raise ValueError(name)


def _read_provider(name: str) -> Provider | None:
    prefix = f"STORE_OAUTH_{name.upper()}_"
    client_id, secret = _env(prefix + "CLIENT_ID"), _env(prefix + "CLIENT_SECRET")
    apple_key = None
    if name == "apple" and _env(prefix + "PRIVATE_KEY"):
        team, key_id = _env(prefix + "TEAM_ID"), _env(prefix + "KEY_ID")
        if not (team and key_id):
            raise ConfigurationError(f"{prefix}PRIVATE_KEY needs {prefix}TEAM_ID and {prefix}KEY_ID too")
        apple_key = (team, key_id, _env(prefix + "PRIVATE_KEY").replace("\\n", "\n"))
    if not client_id:
        return None
    if not secret and apple_key is None:
        raise ConfigurationError(f"{prefix}CLIENT_ID is set but {prefix}CLIENT_SECRET is not")
    return Provider(name=name, label=LABELS[name], client_id=client_id, client_secret=secret, apple_key=apple_key,
                    **_defaults(name))


@lru_cache(maxsize=1)
def configured_providers() -> tuple[Provider, ...]:
    """Every provider whose client id is set, in button order."""
    return tuple(provider for provider in map(_read_provider, PROVIDER_NAMES) if provider is not None)


def get_provider(name: object) -> Provider | None:
    """The configured provider of that name, or None (anything a browser sends is checked here)."""
    if not isinstance(name, str) or name not in PROVIDER_NAMES:
        return None
    return next((provider for provider in configured_providers() if provider.name == name), None)


def client_secret(provider: Provider, now: float | None = None) -> str:
    """The secret sent to the token endpoint. Apple's is a short JWT the shop signs with its key."""
    if provider.apple_key is None:
        return provider.client_secret
    return _apple_secret(provider, int((now or time.time()) // 3600))


@lru_cache(maxsize=4)
def _apple_secret(provider: Provider, hour: int) -> str:
    from joserfc import jwt
    from joserfc.jwk import ECKey

    team, key_id, pem = provider.apple_key
    issued = hour * 3600
    claims = {"iss": team, "iat": issued, "exp": issued + 2 * 3600, "aud": "https://appleid.apple.com",
              "sub": provider.client_id}
    return jwt.encode({"alg": "ES256", "kid": key_id}, claims, ECKey.import_key(pem))
