"""The test mailbox: the emails a scenario caused, with their code and links.

It reads the shop's outbox table for a local build, and the test-only endpoint (/_test/mailbox, served when
the shop runs with STORE_TEST_MODE=1) for a deployment. Either way it sees only the emails written after it
was opened, so tests running one after another never read each other's mail.
"""

from __future__ import annotations

import json
import threading
import time
import urllib.parse
import urllib.request
from dataclasses import dataclass

from sqlalchemy.engine import Engine
from sqlmodel import Session

from shop.testing import mailbox

POLL_SECONDS = 0.1


@dataclass(frozen=True)
class Email:
    to: str
    subject: str
    text: str
    template: str
    language: str
    code: str  # the 6-digit code in it, or ""
    links: list[str]

    @property
    def token(self) -> str:
        """The token at the end of its first link to the shop (a reset, a sign-in link, an invitation)."""
        return self.links[0].rstrip("/").rsplit("/", 1)[-1] if self.links else ""


class MailboxUnavailable(Exception):
    """A deployment without STORE_TEST_MODE=1 (or a production one) has no mailbox to read."""


class Mailbox:
    def __init__(self, *, engine: Engine | None = None, base_url: str | None = None):
        self._engine, self._base_url = engine, base_url
        self._after = 0
        self._after = self._latest_id()

    def _fetch(self, to: str = "") -> tuple[int, list[dict]]:
        if self._engine is not None:
            with Session(self._engine) as db:
                return mailbox.latest_id(db), mailbox.messages(db, to=to, after_id=self._after)
        query = urllib.parse.urlencode({"to": to, "after": self._after})
        try:
            with urllib.request.urlopen(f"{self._base_url}/_test/mailbox?{query}", timeout=10) as response:
                body = json.loads(response.read())
        except (OSError, ValueError) as error:
            raise MailboxUnavailable(f"{self._base_url} serves no test mailbox (start it with STORE_TEST_MODE=1)") \
                from error
        return body["latest_id"], body["messages"]

    def _latest_id(self) -> int:
        return self._fetch()[0]

    def catch_up(self) -> None:
        """Read only what comes from now on (set-up done, the scenario starts)."""
        self._after = self._latest_id()

    def emails(self, to: str | None = None) -> list[Email]:
        """Every email written since the mailbox was opened (to one address when `to` is given), oldest first."""
        return [Email(**{key: message[key] for key in Email.__dataclass_fields__})
                for message in self._fetch(to or "")[1]]

    def wait_for(self, to: str, subject: str | None = None, *, count: int = 1, timeout: float = 10) -> Email:
        """The latest email to `to` (whose subject contains `subject`), once `count` of them have come."""
        deadline = time.monotonic() + timeout
        while True:
            found = [email for email in self.emails(to) if subject is None or subject in email.subject]
            if len(found) >= count:
                return found[-1]
            if time.monotonic() > deadline:
                raise AssertionError(f"no email to {to}{f' about {subject!r}' if subject else ''} in {timeout} s")
            threading.Event().wait(POLL_SECONDS)  # a deployment's sender may write a moment later
