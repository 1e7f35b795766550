"""The outbox and its sender: same transaction as the action, Resend SDK path against a local stub."""

from dataclasses import replace
from datetime import timedelta

import pytest
from sqlmodel import Session, select

from shop.config import get_settings
from shop.mail import outbox
from shop.mail.sender import deliver_due_emails
from shop.models import Customer, OutboxEmail, OutboxStatus, utcnow
from tests.resend_stub import ResendStub, StubResponse


def _queue(db, to="camille@example.com", lang="en"):
    row = outbox.queue_test_email(db, to, lang)
    db.commit()
    return row


def _settings_for(stub: ResendStub):
    return replace(get_settings(), resend_api_key="re_test_key", resend_api_url=stub.url)


def test_every_email_has_text_and_html_in_both_languages(db):
    english = _queue(db, lang="en")
    french = _queue(db, lang="fr")
    assert english.subject == "Test email from Maison Lumen"
    assert french.subject == "E-mail de test de Maison Lumen"
    for row in (english, french):
        assert row.text_body.strip() and row.html_body.startswith("<!doctype html>")
        assert row.status == OutboxStatus.PENDING.value and row.attempts == 0


def test_html_body_escapes_what_a_person_typed():
    rendered = outbox.render_email("en", shop_name="Shop", subject="Hi", paragraphs=["<b>bold</b>"],
                                 name="<script>alert(1)</script>", action_label="Open",
                                 action_url='https://shop.example/x?a=1&b="2"')
    assert "<script>" not in rendered.html_body
    assert "&lt;script&gt;" in rendered.html_body
    assert "&lt;b&gt;bold&lt;/b&gt;" in rendered.html_body
    assert "<script>alert(1)</script>" in rendered.text_body  # plain text stays as typed


def test_email_is_written_in_the_same_transaction_as_the_action(engine):
    with Session(engine) as db:
        db.add(Customer(customer_number="C1", email="camille@example.com"))
        outbox.queue_test_email(db, "camille@example.com", "en")
        db.rollback()  # the action failed: its email must not go out
    with Session(engine) as db:
        assert db.exec(select(OutboxEmail)).first() is None


def test_without_an_api_key_emails_are_captured(engine, db, capsys):
    row = _queue(db)
    report = deliver_due_emails(engine, settings=replace(get_settings(), resend_api_key=None, environment="dev"))
    assert report.captured == 1
    db.refresh(row)
    assert row.status == OutboxStatus.CAPTURED.value and row.sent_at is not None and row.attempts == 1
    assert "Test email from Maison Lumen" in capsys.readouterr().out


def test_resend_200_delivers_once_with_an_idempotency_key(engine, db):
    row = _queue(db)
    with ResendStub() as stub:
        report = deliver_due_emails(engine, settings=_settings_for(stub))
    assert report.sent == 1 and len(stub.delivered) == 1
    request = stub.requests[0]
    assert request["path"] == "/emails"
    assert request["headers"]["Idempotency-Key"] == row.idempotency_key
    assert request["headers"]["Authorization"] == "Bearer re_test_key"
    assert request["body"]["to"] == ["camille@example.com"]
    assert request["body"]["text"] and request["body"]["html"]
    db.refresh(row)
    assert row.status == OutboxStatus.SENT.value and row.provider_message_id == "msg_1"


def test_resend_500_then_200_gives_exactly_one_delivery(engine, db):
    row = _queue(db)
    with ResendStub() as stub:
        stub.queue.append(StubResponse(500, {"statusCode": 500, "name": "application_error", "message": "down"}))
        first = deliver_due_emails(engine, settings=_settings_for(stub))
        db.refresh(row)
        assert first.retried == 1 and row.status == OutboxStatus.PENDING.value
        assert row.next_attempt_at > utcnow() and "500" in row.last_error
        # Not due yet: a second pass right away sends nothing.
        assert deliver_due_emails(engine, settings=_settings_for(stub)).sent == 0
        later = row.next_attempt_at + timedelta(seconds=1)
        second = deliver_due_emails(engine, now=later, settings=_settings_for(stub))
    assert second.sent == 1 and len(stub.delivered) == 1 and len(stub.requests) == 2
    assert stub.requests[0]["headers"]["Idempotency-Key"] == stub.requests[1]["headers"]["Idempotency-Key"]
    db.refresh(row)
    assert row.status == OutboxStatus.SENT.value and row.attempts == 2 and row.last_error == ""


def test_resend_429_keeps_the_email_and_waits_at_least_retry_after(engine, db):
    row = _queue(db)
    start = utcnow()
    with ResendStub() as stub:
        stub.queue.append(StubResponse(429, {"statusCode": 429, "name": "rate_limit_exceeded", "message": "slow"},
                                       {"Retry-After": "600"}))
        report = deliver_due_emails(engine, now=start, settings=_settings_for(stub))
    assert report.retried == 1 and stub.delivered == []
    db.refresh(row)
    assert row.status == OutboxStatus.PENDING.value
    assert row.next_attempt_at >= start + timedelta(seconds=600)


def test_resend_422_is_a_permanent_failure_kept_for_the_merchant(engine, db):
    row = _queue(db)
    with ResendStub() as stub:
        stub.queue.append(StubResponse(422, {"statusCode": 422, "name": "validation_error", "message": "bad to"}))
        report = deliver_due_emails(engine, settings=_settings_for(stub))
    assert report.failed == 1
    db.refresh(row)
    assert row.status == OutboxStatus.FAILED.value and "422" in row.last_error


def test_provider_unreachable_is_retried_not_lost(engine, db):
    row = _queue(db)
    settings = replace(get_settings(), resend_api_key="re_test_key", resend_api_url="http://127.0.0.1:9")
    report = deliver_due_emails(engine, settings=settings)
    assert report.retried == 1
    db.refresh(row)
    assert row.status == OutboxStatus.PENDING.value


def test_gives_up_after_max_attempts(engine, db):
    from shop.mail import sender

    row = _queue(db)
    row.attempts = sender.MAX_ATTEMPTS - 1
    db.add(row)
    db.commit()
    with ResendStub() as stub:
        stub.queue.append(StubResponse(503, {"statusCode": 503, "name": "application_error", "message": "down"}))
        report = deliver_due_emails(engine, settings=_settings_for(stub))
    assert report.failed == 1
    db.refresh(row)
    assert row.status == OutboxStatus.FAILED.value


def test_a_crashed_sender_releases_its_claim(engine, db):
    row = _queue(db)
    row.status, row.claimed_until = OutboxStatus.SENDING.value, utcnow() - timedelta(seconds=1)
    db.add(row)
    db.commit()
    report = deliver_due_emails(engine, settings=replace(get_settings(), resend_api_key=None))
    assert report.captured == 1


@pytest.mark.parametrize("status", [OutboxStatus.SENT, OutboxStatus.CAPTURED, OutboxStatus.FAILED])
def test_finished_emails_are_never_sent_again(engine, db, status):
    row = _queue(db)
    row.status = status.value
    db.add(row)
    db.commit()
    with ResendStub() as stub:
        deliver_due_emails(engine, settings=_settings_for(stub))
    assert stub.requests == []
