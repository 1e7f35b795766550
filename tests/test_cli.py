"""The CLI: migrate, seed, and create-merchant with the password read from stdin."""

import io
import sys

from sqlmodel import Session, select

from shop import cli
from shop.db import make_engine
from shop.models import MerchantUser


def test_migrate_seed_and_create_merchant(cli_db, monkeypatch, capsys):
    assert cli.main(["migrate"]) == 0
    assert cli.main(["seed", "--if-empty"]) == 0
    assert "Demo merchant:" in capsys.readouterr().out
    assert cli.main(["seed", "--if-empty"]) == 0
    assert "left as it is" in capsys.readouterr().out
    monkeypatch.setattr(sys, "stdin", io.StringIO("a strong passphrase\n"))
    assert cli.main(["create-merchant", "Owner@Example.com"]) == 0
    with Session(make_engine(cli_db)) as db:
        owner = db.exec(select(MerchantUser).where(MerchantUser.email == "owner@example.com")).one()
        assert "a strong passphrase" not in owner.password_hash


def test_create_merchant_refuses_a_short_password(cli_db, monkeypatch, capsys):
    cli.main(["migrate"])
    monkeypatch.setattr(sys, "stdin", io.StringIO("short\n"))
    assert cli.main(["create-merchant", "owner@example.com"]) == 1
    assert "8 to 128" in capsys.readouterr().err


def test_invite_creates_the_record_once_and_emails_a_link(cli_db, capsys):
    from shop.models import Customer, OutboxEmail

    cli.main(["migrate"])
    assert cli.main(["invite", "New.Client@Example.com", "--first-name", "Lou", "--language", "fr"]) == 0
    assert cli.main(["invite", "new.client@example.com"]) == 0  # again: same record, new link
    with Session(make_engine(cli_db)) as db:
        assert len(db.exec(select(Customer)).all()) == 1
        emails = db.exec(select(OutboxEmail).order_by(OutboxEmail.id)).all()
        assert len(emails) == 2 and "/invite/" in emails[0].text_body
        assert emails[0].subject.startswith("Maison Lumen vous invite")


def test_invite_refuses_a_malformed_email(cli_db, capsys):
    cli.main(["migrate"])
    assert cli.main(["invite", "not-an-email"]) == 1
