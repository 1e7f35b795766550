"""The CLI: migrate, seed, create-merchant with the password read from stdin, invite, and its old address."""

import io
import os
import subprocess
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


def test_the_first_address_of_the_command_line_still_answers(cli_db):
    def storefront_cli(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "-m", "storefront.cli", *args], capture_output=True, text=True,
                              env={**os.environ, "REFLEX_DB_URL": cli_db}, timeout=120)

    migrated = storefront_cli("migrate")
    assert migrated.returncode == 0, migrated.stderr
    made = storefront_cli("fixtures", "customer", "--verified", "--group", "Trade")
    assert made.returncode == 1 and "no single customer group named 'Trade'" in made.stderr  # no demo data yet
    storefront_cli("seed")
    made = storefront_cli("fixtures", "customer", "--verified", "--group", "Trade")
    assert made.returncode == 0, made.stderr
    assert '"email": "qa-' in made.stdout
