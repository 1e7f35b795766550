"""The shipped reverse-proxy configuration (deploy/nginx.conf): nginx accepts it, and in front of a stand-in
shop it sets the security headers, keeps private pages out of caches, overwrites X-Forwarded-For and
upgrades the event socket. tests/e2e/test_proxy.py serves the real shop through it in Chromium."""

from __future__ import annotations

import json
import socket
import ssl
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from tests.support.nginx_proxy import (
    SHIPPED_CONFIG,
    check_config,
    main_config,
    nginx_binary,
    proxy_config,
    running_proxy,
    self_signed_certificate,
)

pytestmark = pytest.mark.skipif(nginx_binary() is None,
                                reason="nginx is not installed (scripts/ensure_nginx.sh installs Debian's package)")

PRIVATE_PAGES = ["/account", "/account/orders/ML-1001", "/admin", "/admin/login", "/admin/customers?q=ana", "/login",
                 "/login/code", "/login/link/abc", "/signup", "/verify-email", "/forgot-password",
                 "/reset-password/abc", "/invite/abc", "/checkout", "/checkout/done/abc"]
PUBLIC_PAGES = ["/", "/cart", "/products/beech-wood-spoon", "/legal/terms", "/accounts-of-the-workshop", "/ping"]


class StandInShop(BaseHTTPRequestHandler):
    """Answers every request with the headers it received; upgrades /_event and then echoes bytes."""

    protocol_version = "HTTP/1.1"

    def log_message(self, *args) -> None:
        pass

    def do_GET(self) -> None:
        if self.headers.get("Upgrade", "").lower() == "websocket":
            self.send_response(101)
            self.send_header("Upgrade", "websocket")
            self.send_header("Connection", "Upgrade")
            self.end_headers()
            self.wfile.flush()
            while data := self.connection.recv(1024):
                self.connection.sendall(data)
            self.close_connection = True
            return
        body = json.dumps({"path": self.path, "headers": {k.lower(): v for k, v in self.headers.items()},
                           "forwarded_for": self.headers.get_all("X-Forwarded-For")}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        if self.path.startswith("/_download/"):  # the app's own private headers (backoffice/downloads.py)
            self.send_header("Cache-Control", "no-store")
            self.send_header("X-Content-Type-Options", "nosniff")
            self.send_header("Referrer-Policy", "no-referrer")
        self.end_headers()
        self.wfile.write(body)

    do_POST = do_GET


@pytest.fixture(scope="module")
def proxy(tmp_path_factory):
    server = ThreadingHTTPServer(("127.0.0.1", 0), StandInShop)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        with running_proxy(tmp_path_factory.mktemp("nginx"), server.server_address[1]) as running:
            yield running
    finally:
        server.shutdown()
        server.server_close()


def _port(url: str) -> int:
    return int(url.rsplit(":", 1)[1])


# The test's certificate is self-signed: no verification, and no system CA store to load for each request.
_CLIENT_TLS = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
_CLIENT_TLS.check_hostname, _CLIENT_TLS.verify_mode = False, ssl.CERT_NONE


def _tls(port: int) -> ssl.SSLSocket:
    connection = socket.create_connection(("127.0.0.1", port), timeout=10)
    return _CLIENT_TLS.wrap_socket(connection, server_hostname="localhost")


def _request(port: int, path: str, *, extra: str = "",
             use_tls: bool = True) -> tuple[int, list[tuple[str, str]], bytes]:
    """One raw HTTP/1.1 request (raw, so that repeated headers stay visible): status, headers, body."""
    connection = _tls(port) if use_tls else socket.create_connection(("127.0.0.1", port), timeout=10)
    with connection:
        connection.sendall(f"GET {path} HTTP/1.1\r\nHost: localhost\r\n{extra}Connection: close\r\n\r\n".encode())
        raw = b""
        while chunk := connection.recv(65536):
            raw += chunk
    head, _, body = raw.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    headers = [(name.strip().lower(), value.strip()) for name, _, value in (line.partition(":") for line in lines[1:])]
    return int(lines[0].split()[1]), headers, body


def _values(headers: list[tuple[str, str]], name: str) -> list[str]:
    return [value for key, value in headers if key == name]


def test_nginx_accepts_the_shipped_configuration(tmp_path):
    cert, key = self_signed_certificate(tmp_path, "localhost")
    site = tmp_path / "site.conf"
    site.write_text(proxy_config(upstream_port=3000, http_port=18080, https_port=18443, cert=cert, key=key))
    checked = check_config(nginx_binary(), main_config(tmp_path, site), tmp_path)
    assert checked.returncode == 0, checked.stderr
    assert "syntax is ok" in checked.stderr


def test_every_response_carries_the_security_headers(proxy):
    for path in PUBLIC_PAGES + PRIVATE_PAGES:
        status, headers, _ = _request(_port(proxy.https_url), path)
        assert status == 200, path
        [csp] = _values(headers, "content-security-policy")
        assert "frame-ancestors 'none'" in csp and "default-src 'self'" in csp and "object-src 'none'" in csp
        assert _values(headers, "x-content-type-options") == ["nosniff"]
        assert _values(headers, "referrer-policy") == ["strict-origin-when-cross-origin"]
        [hsts] = _values(headers, "strict-transport-security")
        assert hsts.startswith("max-age=63072000")
        assert _values(headers, "x-frame-options") == ["DENY"]
        assert not _values(headers, "server") or _values(headers, "server") == ["nginx"]  # no version number


def test_account_admin_and_sign_in_pages_are_never_stored(proxy):
    for path in PRIVATE_PAGES:
        _, headers, _ = _request(_port(proxy.https_url), path)
        assert _values(headers, "cache-control") == ["no-store"], path
    for path in PUBLIC_PAGES:
        _, headers, _ = _request(_port(proxy.https_url), path)
        assert _values(headers, "cache-control") == [], path


def test_the_built_frontends_hashed_files_are_kept_a_year(proxy):
    _, headers, _ = _request(_port(proxy.https_url), "/assets/entry.client-0a1b2c3d.js")
    assert _values(headers, "cache-control") == ["public, max-age=31536000, immutable"]


def test_the_apps_own_private_headers_are_kept_once(proxy):
    _, headers, _ = _request(_port(proxy.https_url), "/_download/token")
    assert _values(headers, "cache-control") == ["no-store"]
    assert _values(headers, "x-content-type-options") == ["nosniff"]
    assert _values(headers, "referrer-policy") == ["no-referrer"]


def test_a_forged_x_forwarded_for_is_replaced_by_the_client_address(proxy):
    """With TRUSTED_PROXY_HOPS=1 the shop takes the last address of the header: it must be the proxy's peer."""
    _, _, body = _request(_port(proxy.https_url), "/login",
                          extra="X-Forwarded-For: 203.0.113.9\r\nX-Forwarded-For: 198.51.100.7, 192.0.2.1\r\n")
    seen = json.loads(body)
    assert seen["forwarded_for"] == ["127.0.0.1"]
    assert seen["headers"]["x-real-ip"] == "127.0.0.1"
    assert seen["headers"]["x-forwarded-proto"] == "https"
    assert seen["headers"]["host"] == "localhost"


def test_the_event_socket_is_upgraded_and_tunnelled(proxy):
    with _tls(_port(proxy.https_url)) as connection:
        connection.sendall(b"GET /_event/?EIO=4&transport=websocket HTTP/1.1\r\nHost: localhost\r\n"
                           b"Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\n"
                           b"Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n")
        head = b""
        while b"\r\n\r\n" not in head:
            head += connection.recv(1024)
        assert head.startswith(b"HTTP/1.1 101"), head
        assert b"upgrade: websocket" in head.lower()
        connection.sendall(b"frames both ways")
        echoed = b""
        while len(echoed) < len(b"frames both ways"):
            echoed += connection.recv(1024)
        assert echoed == b"frames both ways"


def test_plain_requests_keep_upstream_connections_reusable(proxy):
    _, _, body = _request(_port(proxy.https_url), "/")
    assert "upgrade" not in json.loads(body)["headers"].get("connection", "")


def test_plain_http_is_redirected_to_https(proxy):
    status, headers, _ = _request(_port(proxy.http_url), "/account?tab=orders", use_tls=False)
    assert status == 301
    assert _values(headers, "location") == [f"https://localhost:{_port(proxy.https_url)}/account?tab=orders"]


def test_uploads_larger_than_the_shops_own_limits_are_refused(proxy):
    with _tls(_port(proxy.https_url)) as connection:
        connection.sendall(b"POST /_upload HTTP/1.1\r\nHost: localhost\r\nContent-Length: 40000000\r\n"
                           b"Connection: close\r\n\r\n")
        assert connection.recv(1024).startswith(b"HTTP/1.1 413")


def test_the_configuration_documents_the_settings_it_needs():
    text = SHIPPED_CONFIG.read_text()
    assert "TRUSTED_PROXY_HOPS=1" in text and "STORE_BASE_URL=https://" in text
    assert "$proxy_add_x_forwarded_for" not in text  # appending would let a visitor choose their address
