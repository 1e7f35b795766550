"""Reflex 0.10.1's event protocol as a browser tab speaks it: Socket.IO v5 frames over one websocket.

The pure functions (frames, router data, deltas, redirects) are unit-tested without a server
(`tests/test_load_bench.py`); `Tab` is one browser tab over an asyncio websocket. See
`../shared/notes/reflex-event-protocol.md`: the tab's token is its identity, the hydrate rides in the
Socket.IO CONNECT packet, each event is `42/_event,["event", {...}]`, and the server answers with
deltas `{"delta": {state: {var_rx_state_: value}}, "events": [...]}`.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import parse_qsl, urlsplit

NAMESPACE = "/_event"
ROOT_STATE = "reflex___state____state"
HYDRATE = f"{ROOT_STATE}.hydrate_and_load"
# A client-side navigation: the browser sends this for the new route, and `is_hydrated` comes back true
# once the page's on-load handlers are done.
ON_LOAD = f"{ROOT_STATE}.reflex___state____on_load_internal_state.on_load_internal"
VAR_SUFFIX = "_rx_state_"
SUBPROTOCOL = "0.10.1"  # what the compiled frontend offers (its Reflex version)


class ProtocolError(Exception):
    """The server said something a browser tab would not expect (refused connect, state mismatch, closed)."""


@dataclass(frozen=True)
class Frame:
    """One parsed text frame. kind: open, ping, pong, connected, connect_error, event, disconnect, close, other."""

    kind: str
    name: str = ""
    data: object = None


def socket_url(base_url: str, token: str) -> str:
    parts = urlsplit(base_url)
    scheme = "wss" if parts.scheme in ("https", "wss") else "ws"
    return f"{scheme}://{parts.netloc}{parts.path.rstrip('/')}{NAMESPACE}/?EIO=4&transport=websocket&token={token}"


def router_data(path: str) -> dict:
    """What `withRouterData` in the compiled frontend adds to every event: the route, and its query."""
    parts = urlsplit(path)
    data: dict = {"pathname": parts.path or "/", "asPath": path}
    query = dict(parse_qsl(parts.query))
    if query:
        data["query"] = query
    return data


def _dumps(value: object) -> str:
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False)


def connect_frame(path: str, client_vars: dict[str, str] | None = None, hashes: list[str] | None = None) -> str:
    """The Socket.IO CONNECT to the namespace, carrying the boot event (hydrate) in its auth.

    A browser's first load sends `hashes`, those of the page's compiled state (`initialStateHashes` in the
    built frontend), and gets only what differs; without them the server sends the whole state, as on a
    reconnect."""
    payload: dict = {"vars": client_vars or {}}
    if hashes:
        payload["hashes"] = hashes
    event = {"name": HYDRATE, "payload": payload, "router_data": router_data(path)}
    return f"40{NAMESPACE}," + _dumps({"event": event})


def event_frame(name: str, payload: dict | None, path: str) -> str:
    return f"42{NAMESPACE}," + _dumps(["event", {"name": name, "payload": payload or {},
                                                  "router_data": router_data(path)}])


def disconnect_frames() -> list[str]:
    """Socket.IO then Engine.IO goodbye, as a closing tab sends: the server frees the session at once."""
    return [f"41{NAMESPACE},", "1"]


def parse_frame(text: str) -> Frame:
    """An Engine.IO packet: its first digit is the type; a message (4) carries a Socket.IO packet."""
    if not text:
        return Frame("other")
    kind = text[0]
    if kind == "0":
        return Frame("open", data=json.loads(text[1:] or "{}"))
    if kind == "1":
        return Frame("close")
    if kind == "2":
        return Frame("ping")
    if kind == "3":
        return Frame("pong")
    if kind != "4" or len(text) < 2:
        return Frame("other")
    packet, rest = text[1], text[2:]
    if rest.startswith(NAMESPACE):
        rest = rest[len(NAMESPACE):]
        rest = rest[1:] if rest.startswith(",") else rest
    if packet == "0":
        return Frame("connected", data=json.loads(rest or "{}"))
    if packet == "1":
        return Frame("disconnect")
    if packet == "4":
        return Frame("connect_error", data=rest)
    if packet == "2":
        digits = 0  # an ack id may precede the array
        while digits < len(rest) and rest[digits].isdigit():
            digits += 1
        body = json.loads(rest[digits:])
        return Frame("event", name=body[0], data=body[1] if len(body) > 1 else None)
    return Frame("other")


def merge_delta(snapshot: dict, delta: dict) -> None:
    for state, values in delta.items():
        snapshot.setdefault(state, {}).update(values)


def var(snapshot_or_delta: dict, state: str, name: str, default=None):
    return snapshot_or_delta.get(state, {}).get(name + VAR_SUFFIX, default)


def is_hydrated(delta: dict) -> bool:
    return var(delta, ROOT_STATE, "is_hydrated") is True


def redirect_path(update: dict) -> str | None:
    """The path of an `rx.redirect` in an update's events (the browser navigates there next)."""
    for event in update.get("events") or []:
        if isinstance(event, dict) and event.get("name") == "_redirect":
            path = (event.get("payload") or {}).get("path")
            if isinstance(path, str):
                parts = urlsplit(path)  # an absolute URL on the same site counts by its path
                return (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    return None


def error_toast(update: dict) -> str | None:
    """Reflex's answer to a handler that raised: its toast with the id "backend_error" in the update's events
    (`default_backend_exception_handler`); the shop's own refusals are other toasts, and not errors."""
    for event in update.get("events") or []:
        text = _dumps(event)
        if '"backend_error"' in text:
            return text[:200]
    return None


Done = Callable[[dict], bool]


class Tab:
    """One browser tab: its own token, one websocket, and the state snapshot the server sent it."""

    def __init__(self, base_url: str, *, timeout: float = 30.0, hashes: list[str] | None = None):
        self.base_url = base_url
        self.hashes = hashes
        self.token = str(uuid.uuid4())
        self.timeout = timeout
        self.path = "/"
        self.snapshot: dict = {}
        self.last_redirect: str | None = None
        self._ws = None
        self._updates: asyncio.Queue = asyncio.Queue()
        self._reader: asyncio.Task | None = None
        self._connected: asyncio.Future | None = None

    async def open(self, path: str, client_vars: dict[str, str] | None = None) -> list[dict]:
        """Open the page: connect, hydrate in the CONNECT packet, and wait until it is hydrated."""
        from websockets.asyncio.client import connect

        self.path = path
        self._connected = asyncio.get_running_loop().create_future()
        self._ws = await connect(socket_url(self.base_url, self.token), subprotocols=[SUBPROTOCOL],
                                 open_timeout=self.timeout, max_size=2**24, ping_interval=None,
                                 compression=None, proxy=None)
        first = parse_frame(await asyncio.wait_for(self._ws.recv(), self.timeout))
        if first.kind != "open":
            raise ProtocolError(f"expected the Engine.IO open packet, got {first.kind}")
        self._reader = asyncio.create_task(self._read())
        await self._ws.send(connect_frame(path, client_vars, self.hashes))
        await asyncio.wait_for(self._connected, self.timeout)
        return await self._wait(is_hydrated)

    async def _read(self) -> None:
        try:
            async for message in self._ws:
                if not isinstance(message, str):
                    continue
                frame = parse_frame(message)
                if frame.kind == "ping":
                    await self._ws.send("3")
                elif frame.kind == "connected" and not self._connected.done():
                    self._connected.set_result(frame.data)
                elif frame.kind == "connect_error" and not self._connected.done():
                    self._connected.set_exception(ProtocolError(f"connect refused: {str(frame.data)[:200]}"))
                elif frame.kind == "event":
                    await self._updates.put(frame)
                elif frame.kind in ("disconnect", "close"):
                    break
        except Exception as error:  # noqa: BLE001 - the socket dropped: every waiter learns it
            if self._connected and not self._connected.done():
                self._connected.set_exception(ProtocolError(f"socket closed: {error!r}"))
        finally:
            await self._updates.put(Frame("disconnect"))

    async def _wait(self, done: Done) -> list[dict]:
        """Updates until `done(delta)`; the snapshot follows every delta. Raises on an error toast."""
        seen: list[dict] = []
        deadline = time.monotonic() + self.timeout
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise TimeoutError(f"no awaited update in {self.timeout:.0f} s")
            frame = await asyncio.wait_for(self._updates.get(), remaining)
            if frame.kind == "disconnect":
                self._updates.put_nowait(frame)  # stays closed for the next waiter too
                raise ProtocolError("the server closed the socket")
            if frame.name in ("state_mismatch", "new_token"):
                raise ProtocolError(f"unexpected {frame.name}")
            if frame.name != "event" or not isinstance(frame.data, dict):
                continue
            update = frame.data
            seen.append(update)
            delta = update.get("delta") or {}
            merge_delta(self.snapshot, delta)
            self.last_redirect = redirect_path(update) or self.last_redirect
            if (problem := error_toast(update)) is not None:
                raise ProtocolError(f"server error: {problem}")
            if done(delta):
                return seen

    async def call(self, handler: str, payload: dict | None, done: Done) -> list[dict]:
        """Send one event from the current page and wait for the delta that answers it."""
        self.last_redirect = None
        await self._ws.send(event_frame(handler, payload, self.path))
        return await self._wait(done)

    async def redirected(self) -> str:
        """The path of the `rx.redirect` that ended the last call; Reflex sends it in its own update after
        the handler's delta, so this waits for it when it has not come yet."""
        if self.last_redirect is None:
            await self._wait(lambda _delta: self.last_redirect is not None)
        return self.last_redirect

    async def navigate(self, path: str) -> list[dict]:
        """A client-side navigation (a link, or an `rx.redirect`): on-load of the new route, until hydrated."""
        self.path = path
        return await self.call(ON_LOAD, None, is_hydrated)

    async def close(self) -> None:
        if self._ws is None:
            return
        try:
            for frame in disconnect_frames():
                await self._ws.send(frame)
            await self._ws.close()
        except Exception:  # noqa: BLE001 - already gone
            pass
        if self._reader is not None:
            self._reader.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await self._reader
