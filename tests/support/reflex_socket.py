"""A minimal Reflex 0.10 event client over the raw Socket.IO websocket (see shared/notes).

The benchmarks use it to time what the server does for one event, without a browser's rendering in
the way; tests use it to call handlers with arguments that no page would send, as an attacker can.
"""

from __future__ import annotations

import json
import re
import time
import uuid
from pathlib import Path

from websockets.exceptions import ConnectionClosed
from websockets.sync.client import connect

STATE = "reflex___state____state"
ON_LOAD = f"{STATE}.reflex___state____on_load_internal_state.on_load_internal"


def compiled_state_hashes(app_dir: Path) -> list[str]:
    """The hashes a browser sends on its first connect: `initialStateHashes` in the built frontend."""
    context = (app_dir / ".web" / "utils" / "context.jsx").read_text(encoding="utf-8")
    return json.loads(re.search(r"export const initialStateHashes = (\[[^\]]*\])", context).group(1))


class ReflexSocket:
    """One browser tab. `token` is the tab's id (reuse it to come back to the same server-side state);
    `headers` go with the websocket handshake (an Origin, a forged X-Forwarded-For...)."""

    def __init__(self, base_url: str, *, client_vars: dict[str, str], path: str, token: str | None = None,
                 headers: dict[str, str] | None = None, state_hashes: list[str] | None = None):
        self.token = token or str(uuid.uuid4())
        self.received_bytes = 0  # what the server sent, all frames together
        url = base_url.replace("http", "ws", 1) + f"/_event/?EIO=4&transport=websocket&token={self.token}"
        # compression off: a browser's socket to Reflex sends plain frames, and the byte counts are the wire's
        self.ws = connect(url, additional_headers=headers, compression=None, proxy=None, max_size=2**24,
                          ping_interval=None).__enter__()  # closed by close()
        self.path = path
        self._receive_raw()  # the Engine.IO open packet
        # A browser's first connect sends the hashes of the page's compiled state (`state_hashes`) and
        # gets only what differs; without them the server sends the whole state, as on a reconnect.
        payload = {"vars": client_vars, **({"hashes": state_hashes} if state_hashes else {})}
        hydrate = {"name": f"{STATE}.hydrate_and_load", "payload": payload, "router_data": self._router(path)}
        self.ws.send("40/_event," + json.dumps({"event": hydrate}))
        self.snapshot: dict = {}
        self.wait_for(self._collect_until_hydrated)

    def _collect_until_hydrated(self, delta: dict) -> bool:
        for state, values in delta.items():
            self.snapshot.setdefault(state, {}).update(values)
        return delta.get(STATE, {}).get("is_hydrated_rx_state_") is True

    @staticmethod
    def _router(path: str) -> dict:
        return {"pathname": path, "asPath": path}

    def _receive_raw(self) -> str:
        message = self.ws.recv(timeout=30)
        self.received_bytes += len(message.encode("utf-8")) if isinstance(message, str) else len(message)
        return message

    def next_update(self) -> dict:
        """The next state update: {"delta": {...}, "events": [...]}, either part may be missing."""
        while True:
            message = self._receive_raw()
            if message == "2":  # Engine.IO ping
                self.ws.send("3")
                continue
            if message.startswith("42/_event,"):
                name, body = json.loads(message[len("42/_event,"):])
                if name == "event":
                    return body

    def wait_for(self, done, timeout: float = 60) -> None:
        """Read updates until `done(delta)`; TimeoutError after `timeout` seconds (pings keep a socket
        talking, so a wait for a delta that never comes would otherwise never end)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            update = self.next_update()
            if done(update.get("delta", {})):
                return
        raise TimeoutError(f"the awaited update did not come in {timeout} s")

    def send(self, name: str, payload: dict | None = None, path: str | None = None) -> None:
        event = {"name": name, "payload": payload or {}, "router_data": self._router(path or self.path)}
        self.ws.send("42/_event," + json.dumps(["event", event]))

    def timed(self, name: str, payload: dict | None, done, path: str | None = None) -> float:
        started = time.perf_counter()
        self.send(name, payload, path)
        self.wait_for(done)
        return time.perf_counter() - started

    def close(self) -> None:
        """Leave as a browser tab does: Socket.IO and Engine.IO say goodbye, so the server frees the
        session at once instead of waiting for a missed ping."""
        try:
            self.ws.send("41/_event,")
            self.ws.send("1")
        except ConnectionClosed:
            pass
        self.ws.close()
