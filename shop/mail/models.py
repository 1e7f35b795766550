"""The mail outbox: every email is written here in the transaction that caused it."""

from __future__ import annotations

import enum
from datetime import datetime

from sqlmodel import Field, SQLModel

from shop.common.columns import UTCDateTime, created_at_field, timestamp_field


class OutboxStatus(enum.StrEnum):
    PENDING = "pending"  # waiting for the sender (or for its next retry)
    SENDING = "sending"  # claimed by a sender
    SENT = "sent"  # accepted by Resend
    CAPTURED = "captured"  # no RESEND_API_KEY: kept here instead of sent
    FAILED = "failed"  # refused for good, or out of retries


class OutboxEmail(SQLModel, table=True):
    __tablename__ = "outbox_email"

    id: int | None = Field(default=None, primary_key=True)
    to_address: str = Field(max_length=254, index=True)
    subject: str = Field(max_length=300)
    text_body: str
    html_body: str
    template: str = Field(default="", max_length=60, index=True)
    language: str = Field(default="en", max_length=8)
    status: str = Field(default=OutboxStatus.PENDING.value, max_length=10, index=True)
    attempts: int = Field(default=0)
    next_attempt_at: datetime | None = Field(default=None, sa_type=UTCDateTime, index=True)
    claimed_until: datetime | None = timestamp_field()
    last_error: str = Field(default="", max_length=500)
    idempotency_key: str = Field(max_length=80, unique=True)
    provider_message_id: str = Field(default="", max_length=100)
    created_at: datetime = created_at_field(index=True)
    sent_at: datetime | None = timestamp_field()
