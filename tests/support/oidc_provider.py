"""A small OpenID provider for tests, built with Authlib's server side and served on loopback in a thread.

It speaks the authorization code flow with PKCE (S256) and OpenID Connect: discovery, a sign-in page (one
"Email address" field and a "Continue" button: whoever types an address is that user), the token endpoint
(ID tokens signed RS256 with joserfc), the key set and userinfo. Tests shape what it answers: `users` holds
each address's subject and whether the provider says the address is verified, and `forced_nonce` puts
another nonce into the next ID tokens.
"""

from __future__ import annotations

import html
import json
import secrets
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from urllib.parse import parse_qsl, urlencode
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

from authlib.oauth2.rfc6749 import AuthorizationServer, OAuth2Request
from authlib.oauth2.rfc6749.errors import OAuth2Error
from authlib.oauth2.rfc6749.grants import AuthorizationCodeGrant
from authlib.oauth2.rfc6749.requests import BasicOAuth2Payload
from authlib.oauth2.rfc6750 import BearerTokenGenerator
from authlib.oauth2.rfc7636 import CodeChallenge
from authlib.oidc.core import OpenIDCode, UserInfo
from joserfc.jwk import RSAKey

CLIENT_ID = "maison-lumen-test"
CLIENT_SECRET = "test-secret-" + "x" * 20
KEY_ID = "test-key-1"


@dataclass
class User:
    subject: str
    email: str
    email_verified: bool = True
    given_name: str = "Alex"
    family_name: str = "Martin"


@dataclass
class Code:
    code: str
    client_id: str
    redirect_uri: str
    scope: str
    user: User
    nonce: str | None
    code_challenge: str | None
    code_challenge_method: str | None
    auth_time: int = field(default_factory=lambda: int(time.time()))

    def get_redirect_uri(self):
        return self.redirect_uri

    def get_scope(self):
        return self.scope

    def get_nonce(self):
        return self.nonce

    def get_auth_time(self):
        return self.auth_time

    def get_acr(self):
        return None

    def get_amr(self):
        return None


@dataclass
class Client:
    client_id: str
    client_secret: str
    redirect_prefix: str

    def get_client_id(self):
        return self.client_id

    def get_default_redirect_uri(self):
        return None

    def get_allowed_scope(self, scope):
        allowed = {"openid", "email", "profile"}
        return " ".join(part for part in (scope or "").split() if part in allowed)

    def check_redirect_uri(self, redirect_uri):
        return isinstance(redirect_uri, str) and redirect_uri.startswith(self.redirect_prefix)

    def check_client_secret(self, client_secret):
        return secrets.compare_digest(client_secret or "", self.client_secret)

    def check_endpoint_auth_method(self, method, endpoint):
        return method in ("client_secret_post", "client_secret_basic")

    def check_response_type(self, response_type):
        return response_type == "code"

    def check_grant_type(self, grant_type):
        return grant_type == "authorization_code"


class Request(OAuth2Request):
    def __init__(self, method: str, uri: str, headers: dict, args: dict, form: dict):
        super().__init__(method, uri, headers=headers)
        self._args, self._form = args, form
        self.payload = BasicOAuth2Payload({**args, **form})

    @property
    def args(self):
        return self._args

    @property
    def form(self):
        return self._form


class TestProvider:
    """The provider's data and its Authlib authorization server."""

    __test__ = False  # not a test class, for pytest

    def __init__(self, redirect_prefix: str = "http://"):
        self.issuer = ""
        self.key = RSAKey.generate_key(2048, parameters={"kid": KEY_ID, "use": "sig", "alg": "RS256"},
                                       private=True)
        self.users: dict[str, User] = {}
        self.codes: dict[str, Code] = {}
        self.tokens: dict[str, tuple[User, str]] = {}
        self.forced_nonce: str | None = None
        self.lock = threading.Lock()
        self.client = Client(CLIENT_ID, CLIENT_SECRET, redirect_prefix)
        self.server = self._server()

    def user_for(self, email: str) -> User:
        """Whoever types an address is that user; a new address gets a new subject, verified by default."""
        email = email.strip().lower()
        with self.lock:
            if email not in self.users:
                self.users[email] = User(subject=f"sub-{secrets.token_hex(8)}", email=email)
            return self.users[email]

    def add_user(self, email: str, *, email_verified: bool = True, subject: str | None = None) -> User:
        user = User(subject=subject or f"sub-{secrets.token_hex(8)}", email=email.lower(),
                    email_verified=email_verified)
        with self.lock:
            self.users[user.email] = user
        return user

    def _server(self) -> AuthorizationServer:
        provider = self

        class Server(AuthorizationServer):
            def query_client(self, client_id):
                return provider.client if client_id == provider.client.client_id else None

            def save_token(self, token, request):
                provider.tokens[token["access_token"]] = (request.user, token.get("scope", ""))

            def create_oauth2_request(self, request):
                return request

            def create_json_request(self, request):
                return request

            def handle_response(self, status, body, headers):
                return status, body, headers

            def send_signal(self, name, *args, **kwargs):
                pass

        class Grant(AuthorizationCodeGrant):
            TOKEN_ENDPOINT_AUTH_METHODS = ["client_secret_post", "client_secret_basic"]

            def save_authorization_code(self, code, request):
                data = request.payload.data
                provider.codes[code] = Code(code=code, client_id=request.client.client_id,
                                            redirect_uri=data.get("redirect_uri"), scope=request.scope or "",
                                            user=request.user, nonce=data.get("nonce"),
                                            code_challenge=data.get("code_challenge"),
                                            code_challenge_method=data.get("code_challenge_method"))

            def query_authorization_code(self, code, client):
                found = provider.codes.get(code)
                if found is None or found.client_id != client.client_id or time.time() - found.auth_time > 300:
                    return None
                return found

            def delete_authorization_code(self, authorization_code):
                provider.codes.pop(authorization_code.code, None)  # a replayed code is then unknown

            def authenticate_user(self, authorization_code):
                return authorization_code.user

        class OpenID(OpenIDCode):
            def exists_nonce(self, nonce, request):
                return False

            def resolve_client_private_key(self, client):
                return provider.key

            def get_client_algorithm(self, client):
                return "RS256"

            def get_encode_header(self, client):
                return {"alg": "RS256", "kid": KEY_ID}

            def get_client_claims(self, client):
                return {"iss": provider.issuer, "aud": [client.client_id]}

            def generate_user_info(self, user, scope):
                info = UserInfo(sub=user.subject, given_name=user.given_name, family_name=user.family_name,
                                name=f"{user.given_name} {user.family_name}")
                if "email" in scope:
                    info["email"], info["email_verified"] = user.email, user.email_verified
                if provider.forced_nonce is not None:  # a test's forged token
                    info["nonce"] = provider.forced_nonce
                return info

        server = Server(scopes_supported=["openid", "email", "profile"])
        server.register_token_generator("default", BearerTokenGenerator(
            access_token_generator=lambda client, grant_type, user, scope: secrets.token_urlsafe(32)))
        server.register_grant(Grant, [CodeChallenge(required=True), OpenID(require_nonce=True)])
        return server

    # --- the WSGI app ---

    def metadata(self) -> dict:
        return {
            "issuer": self.issuer,
            "authorization_endpoint": f"{self.issuer}/authorize",
            "token_endpoint": f"{self.issuer}/token",
            "userinfo_endpoint": f"{self.issuer}/userinfo",
            "jwks_uri": f"{self.issuer}/jwks",
            "response_types_supported": ["code"],
            "subject_types_supported": ["public"],
            "id_token_signing_alg_values_supported": ["RS256"],
            "code_challenge_methods_supported": ["S256"],
            "scopes_supported": ["openid", "email", "profile"],
            "token_endpoint_auth_methods_supported": ["client_secret_post", "client_secret_basic"],
        }

    def __call__(self, environ, start_response):
        method, path = environ["REQUEST_METHOD"], environ.get("PATH_INFO", "")
        query = dict(parse_qsl(environ.get("QUERY_STRING", "")))
        form = {}
        if method == "POST":
            length = int(environ.get("CONTENT_LENGTH") or 0)
            form = dict(parse_qsl(environ["wsgi.input"].read(length).decode()))
        headers = {key[5:].replace("_", "-").title(): value for key, value in environ.items()
                   if key.startswith("HTTP_")}
        if environ.get("CONTENT_TYPE"):
            headers["Content-Type"] = environ["CONTENT_TYPE"]
        uri = f"{self.issuer}{path}" + (f"?{environ['QUERY_STRING']}" if environ.get("QUERY_STRING") else "")
        request = Request(method, uri, headers, query, form)
        if path == "/.well-known/openid-configuration":
            status, body, extra = 200, json.dumps(self.metadata()), [("Content-Type", "application/json")]
        elif path == "/jwks":
            body = json.dumps({"keys": [self.key.as_dict(private=False)]})
            status, extra = 200, [("Content-Type", "application/json")]
        elif path == "/authorize":
            status, body, extra = self._authorize(request, method, query, form)
        elif path == "/token" and method == "POST":
            status, body, extra = self.server.create_token_response(request)
        elif path == "/userinfo":
            status, body, extra = self._userinfo(headers)
        else:
            status, body, extra = 404, "not found", [("Content-Type", "text/plain")]
        if isinstance(body, dict):
            body = json.dumps(body)
        start_response(f"{status} {'OK' if status < 400 else 'Error'}", list(extra))
        return [body.encode("utf-8")]

    def _authorize(self, request: Request, method: str, query: dict, form: dict):
        try:
            grant = self.server.get_consent_grant(request)
        except OAuth2Error as error:
            return 400, f"invalid request: {error.error}", [("Content-Type", "text/plain")]
        if method == "GET":
            return 200, self._sign_in_page(query), [("Content-Type", "text/html; charset=utf-8")]
        user = self.user_for(form["email"]) if form.get("action") == "continue" and form.get("email") else None
        return self.server.create_authorization_response(request, grant_user=user, grant=grant)

    @staticmethod
    def _sign_in_page(query: dict) -> str:
        action = html.escape("/authorize?" + urlencode(query))
        return f"""<!doctype html><html lang="en"><head><title>Test provider</title></head><body>
<main><h1>Test identity provider</h1>
<form method="post" action="{action}">
<label for="email">Email address</label> <input id="email" name="email" type="email" autocomplete="off">
<button type="submit" name="action" value="continue">Continue</button>
<button type="submit" name="action" value="cancel">Cancel</button>
</form></main></body></html>"""

    def _userinfo(self, headers: dict):
        token = headers.get("Authorization", "").removeprefix("Bearer ").strip()
        found = self.tokens.get(token)
        if found is None:
            return 401, {"error": "invalid_token"}, [("Content-Type", "application/json")]
        user, scope = found
        return 200, {"sub": user.subject, "email": user.email, "email_verified": user.email_verified,
                     "name": f"{user.given_name} {user.family_name}"}, [("Content-Type", "application/json")]


class _QuietHandler(WSGIRequestHandler):
    def log_message(self, format, *args):
        pass


class _ThreadingServer(WSGIServer):
    daemon_threads = True

    def process_request(self, request, client_address):
        threading.Thread(target=self._handle, args=(request, client_address), daemon=True).start()

    def _handle(self, request, client_address):
        try:
            self.finish_request(request, client_address)
        finally:
            self.shutdown_request(request)


@contextmanager
def serving_provider(redirect_prefix: str = "http://") -> Iterator[TestProvider]:
    """The provider on 127.0.0.1 and a free port, in a thread; `provider.issuer` is its base URL."""
    provider = TestProvider(redirect_prefix)
    httpd = make_server("127.0.0.1", 0, provider, server_class=_ThreadingServer, handler_class=_QuietHandler)
    provider.issuer = f"http://127.0.0.1:{httpd.server_port}"
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield provider
    finally:
        httpd.shutdown()
        httpd.server_close()


def shop_env(provider: TestProvider, name: str = "google") -> dict[str, str]:
    """The environment that points the shop's `name` provider at this one."""
    prefix = f"STORE_OAUTH_{name.upper()}_"
    return {prefix + "CLIENT_ID": CLIENT_ID, prefix + "CLIENT_SECRET": CLIENT_SECRET,
            prefix + "METADATA_URL": f"{provider.issuer}/.well-known/openid-configuration"}
