"""A local HTTP server that stands in for Resend's API, so the real SDK path is tested offline."""

from __future__ import annotations

import json
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass
class StubResponse:
    status: int
    body: dict
    headers: dict = field(default_factory=dict)


class ResendStub:
    """Answers POST /emails with the queued responses (then 200s) and records every request."""

    def __init__(self) -> None:
        self.requests: list[dict] = []
        self.queue: list[StubResponse] = []
        self.delivered: list[dict] = []
        stub = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802 (http.server's naming)
                body = json.loads(self.rfile.read(int(self.headers.get("Content-Length", 0))) or b"{}")
                stub.requests.append({"path": self.path, "headers": dict(self.headers), "body": body})
                response = stub.queue.pop(0) if stub.queue else StubResponse(
                    200, {"id": f"msg_{len(stub.delivered) + 1}"})
                if response.status == 200:
                    stub.delivered.append(body)
                payload = json.dumps(response.body).encode()
                self.send_response(response.status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(payload)))
                for name, value in response.headers.items():
                    self.send_header(name, value)
                self.end_headers()
                self.wfile.write(payload)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> ResendStub:
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.server.shutdown()
        self.server.server_close()
