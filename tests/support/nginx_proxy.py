"""Serve deploy/nginx.conf for tests: the shipped file with only its addresses and certificate swapped.

`proxy_config` rewrites the upstream port, the listening ports (loopback), the host name and the
certificate; every header, map and proxy setting is the shipped file's own. `running_proxy` starts nginx on
that config in its own folder (no root, no system files) and stops it afterwards.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[2]
SHIPPED_CONFIG = PROJECT_ROOT / "deploy" / "nginx.conf"


def nginx_binary() -> str | None:
    """nginx from PATH or Debian's /usr/sbin (scripts/ensure_nginx.sh installs it)."""
    return shutil.which("nginx") or shutil.which("nginx", path="/usr/sbin:/usr/local/sbin")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def self_signed_certificate(folder: Path, host: str) -> tuple[Path, Path]:
    """A two-day certificate for `host` (cryptography is pinned in requirements.txt: no openssl command needed)."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, host)])
    now = datetime.now(UTC)
    certificate = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
                   .serial_number(x509.random_serial_number()).not_valid_before(now - timedelta(hours=1))
                   .not_valid_after(now + timedelta(days=2))
                   .add_extension(x509.SubjectAlternativeName([x509.DNSName(host)]), critical=False)
                   .sign(key, hashes.SHA256()))
    cert_path, key_path = folder / "proxy.pem", folder / "proxy.key"
    cert_path.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                           serialization.NoEncryption()))
    return cert_path, key_path


def _replace(text: str, old: str, new: str) -> str:
    if old not in text:
        raise AssertionError(f"deploy/nginx.conf no longer contains {old!r}; update tests/support/nginx_proxy.py")
    return text.replace(old, new)


def proxy_config(*, upstream_port: int, http_port: int, https_port: int, cert: Path, key: Path,
                 address: str = "127.0.0.1", host: str = "localhost", upstream_origin: str | None = None) -> str:
    """The shipped site configuration, pointed at a local shop and local ports.

    `upstream_origin`: the e2e shop accepts socket handshakes only from its own origin (STORE_BASE_URL); a real
    shop is started with STORE_BASE_URL set to the proxy's address instead, so production needs no such line.
    """
    text = SHIPPED_CONFIG.read_text()
    text = _replace(text, "server 127.0.0.1:3000;", f"server 127.0.0.1:{upstream_port};")
    text = _replace(text, "    listen [::]:80;\n", "")
    text = _replace(text, "    listen [::]:443 ssl http2;\n", "")
    text = _replace(text, "listen 80;", f"listen {address}:{http_port};")
    text = _replace(text, "listen 443 ssl http2;", f"listen {address}:{https_port} ssl http2;")
    text = _replace(text, "server_name shop.example;", f"server_name {host};")
    text = _replace(text, "/etc/letsencrypt/live/shop.example/fullchain.pem", str(cert))
    text = _replace(text, "/etc/letsencrypt/live/shop.example/privkey.pem", str(key))
    if https_port != 443:  # the redirect keeps a test's own port, which a real shop (443) leaves out
        text = _replace(text, "return 301 https://$host$request_uri;", f"return 301 https://$host:{https_port}$request_uri;")
    if upstream_origin:
        text = _replace(text, "    proxy_set_header Host $host;\n",
                        f"    proxy_set_header Host $host;\n    proxy_set_header Origin {upstream_origin};\n")
    return text


def main_config(folder: Path, site: Path) -> Path:
    """A main nginx.conf that keeps every file nginx writes inside `folder`."""
    main = folder / "nginx-main.conf"
    for name in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"):
        (folder / name).mkdir(exist_ok=True)
    user = "user root root;\n" if os.geteuid() == 0 else ""  # workers read the test's own temporary files
    main.write_text(
        f"{user}worker_processes 1;\npid {folder}/nginx.pid;\nerror_log {folder}/error.log warn;\n"
        "events { worker_connections 256; }\n"
        "http {\n"
        f"    access_log off;\n    client_body_temp_path {folder}/client_body;\n"
        f"    proxy_temp_path {folder}/proxy;\n    fastcgi_temp_path {folder}/fastcgi;\n"
        f"    uwsgi_temp_path {folder}/uwsgi;\n    scgi_temp_path {folder}/scgi;\n"
        f"    include {site};\n"
        "}\n")
    return main


def check_config(nginx: str, main: Path, folder: Path) -> subprocess.CompletedProcess:
    """`nginx -t`: the syntax, every directive and the certificate files."""
    return subprocess.run([nginx, "-t", "-p", str(folder), "-c", str(main)], capture_output=True, text=True)


@dataclass(frozen=True)
class RunningProxy:
    http_url: str
    https_url: str
    address: str  # the loopback address nginx listens on
    folder: Path


@contextmanager
def running_proxy(folder: Path, upstream_port: int, *, address: str = "127.0.0.1", host: str = "localhost",
                  http_port: int | None = None, https_port: int | None = None,
                  upstream_origin: str | None = None) -> Iterator[RunningProxy]:
    """nginx on the shipped configuration in front of a shop on `upstream_port`.

    A page served over https opens its event socket on the page's host at the default port 443 (Reflex's
    frontend drops the port), so a browser test listens on 443 of its own loopback address and maps `host` to it.
    """
    nginx = nginx_binary()
    if nginx is None:
        raise RuntimeError("nginx is not installed: run scripts/ensure_nginx.sh")
    folder.mkdir(parents=True, exist_ok=True)
    cert, key = self_signed_certificate(folder, host)
    http_port, https_port = http_port or free_port(), https_port or free_port()
    site = folder / "maison-lumen.conf"
    site.write_text(proxy_config(upstream_port=upstream_port, http_port=http_port, https_port=https_port, cert=cert,
                                 key=key, address=address, host=host, upstream_origin=upstream_origin))
    main = main_config(folder, site)
    checked = check_config(nginx, main, folder)
    if checked.returncode != 0:
        raise RuntimeError(f"nginx -t refused the configuration:\n{checked.stderr}")
    process = subprocess.Popen([nginx, "-p", str(folder), "-c", str(main), "-g", "daemon off;"],
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True)
    try:
        deadline = time.monotonic() + 20
        while True:
            try:
                socket.create_connection((address, https_port), timeout=1).close()
                break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"nginx did not start: {(folder / 'error.log').read_text()}") from None
                time.sleep(0.05)
        https_url = f"https://{host}" if https_port == 443 else f"https://{host}:{https_port}"
        yield RunningProxy(http_url=f"http://{host}:{http_port}", https_url=https_url, address=address, folder=folder)
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()
