"""A small software authenticator for unit tests: ES256 keys, 'none' attestation, discoverable credentials.

It answers the options the shop hands to navigator.credentials.create/get the way a browser would relay an
authenticator's answer (base64url JSON), so the server's checks run on real signatures. Each knob lets a test
forge one thing: another origin, another rp id, a counter that goes back.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import struct
from dataclasses import dataclass, field

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from webauthn.helpers import encode_cbor

FLAG_UP, FLAG_UV, FLAG_AT = 0x01, 0x04, 0x40


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def unb64url(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


@dataclass
class Credential:
    credential_id: bytes
    private_key: ec.EllipticCurvePrivateKey
    rp_id: str
    user_handle: bytes
    sign_count: int = 0

    def cose_public_key(self) -> bytes:
        numbers = self.private_key.public_key().public_numbers()
        return encode_cbor({1: 2, 3: -7, -1: 1, -2: numbers.x.to_bytes(32, "big"), -3: numbers.y.to_bytes(32, "big")})


@dataclass
class SoftAuthenticator:
    origin: str = "http://localhost:3000"
    credentials: list[Credential] = field(default_factory=list)
    user_verified: bool = True

    def _flags(self, *extra: int) -> int:
        flags = FLAG_UP | (FLAG_UV if self.user_verified else 0)
        for flag in extra:
            flags |= flag
        return flags

    def _client_data(self, kind: str, challenge: str, origin: str | None) -> bytes:
        return json.dumps({"type": kind, "challenge": challenge, "origin": origin or self.origin,
                           "crossOrigin": False}).encode()

    def create(self, options_json: str, *, origin: str | None = None, rp_id: str | None = None,
               counter_start: int = 0, credential_id: bytes | None = None) -> str:
        """The answer of navigator.credentials.create, as the page's script sends it."""
        options = json.loads(options_json)
        rp = rp_id or options["rp"]["id"]
        credential = Credential(credential_id or os.urandom(32), ec.generate_private_key(ec.SECP256R1()), rp,
                                unb64url(options["user"]["id"]), counter_start)
        self.credentials.append(credential)
        auth_data = (hashlib.sha256(rp.encode()).digest() + bytes([self._flags(FLAG_AT)])
                     + struct.pack(">I", credential.sign_count) + bytes(16)
                     + struct.pack(">H", len(credential.credential_id)) + credential.credential_id
                     + credential.cose_public_key())
        attestation = encode_cbor({"fmt": "none", "attStmt": {}, "authData": auth_data})
        client_data = self._client_data("webauthn.create", options["challenge"], origin)
        return json.dumps({"id": b64url(credential.credential_id), "rawId": b64url(credential.credential_id),
                           "type": "public-key",
                           "response": {"clientDataJSON": b64url(client_data),
                                        "attestationObject": b64url(attestation), "transports": ["internal"]},
                           "clientExtensionResults": {}})

    def get(self, options_json: str, *, credential: Credential | None = None, origin: str | None = None,
            rp_id: str | None = None, counter: int | None = None) -> str:
        """The answer of navigator.credentials.get with a discoverable credential (the latest by default)."""
        options = json.loads(options_json)
        credential = credential or self.credentials[-1]
        if counter is None:
            credential.sign_count += 1
            counter = credential.sign_count
        rp = rp_id or options.get("rpId") or credential.rp_id
        auth_data = hashlib.sha256(rp.encode()).digest() + bytes([self._flags()]) + struct.pack(">I", counter)
        client_data = self._client_data("webauthn.get", options["challenge"], origin)
        signature = credential.private_key.sign(auth_data + hashlib.sha256(client_data).digest(),
                                                ec.ECDSA(hashes.SHA256()))
        return json.dumps({"id": b64url(credential.credential_id), "rawId": b64url(credential.credential_id),
                           "type": "public-key",
                           "response": {"clientDataJSON": b64url(client_data), "authenticatorData": b64url(auth_data),
                                        "signature": b64url(signature), "userHandle": b64url(credential.user_handle)},
                           "clientExtensionResults": {}})
