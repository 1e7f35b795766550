"""The schema: migrations match the models, emails are unique regardless of case, sessions have one owner."""

import pytest
from alembic import command
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from shop.db import make_engine
from shop.migrate import alembic_config, upgrade_database
from shop.models import Customer, MerchantUser, SignInSession, utcnow


def test_migrations_build_the_schema_the_models_describe(tmp_path):
    url = f"sqlite:///{tmp_path / 'migrated.db'}"
    upgrade_database(url)
    command.check(alembic_config(url))  # raises if a model changed without a migration
    engine = make_engine(url)
    with Session(engine) as db:
        db.add(Customer(customer_number="C1", email="a@example.com"))
        db.commit()
        db.add(Customer(customer_number="C2", email="A@Example.com"))
        with pytest.raises(IntegrityError):
            db.commit()


def test_customer_email_is_unique_regardless_of_case(db):
    db.add(Customer(customer_number="C1", email="camille@example.com"))
    db.commit()
    db.add(Customer(customer_number="C2", email="Camille@EXAMPLE.com"))
    with pytest.raises(IntegrityError):
        db.commit()


def test_merchant_email_is_unique_regardless_of_case(db):
    db.add(MerchantUser(email="ops@example.com", password_hash="x"))
    db.commit()
    db.add(MerchantUser(email="OPS@example.com", password_hash="x"))
    with pytest.raises(IntegrityError):
        db.commit()


def test_a_session_belongs_to_exactly_one_subject(db):
    db.add(SignInSession(token_hash="a" * 64, expires_at=utcnow()))
    with pytest.raises(IntegrityError):
        db.commit()


def test_timestamps_come_back_timezone_aware(db):
    db.add(Customer(customer_number="C1", email="tz@example.com"))
    db.commit()
    db.expunge_all()
    customer = db.exec(select(Customer)).one()
    assert customer.created_at.tzinfo is not None


def test_upgrading_a_filled_database_keeps_every_row_and_never_reuses_ids(tmp_path):
    from alembic import command as alembic_command
    from sqlalchemy import text
    from sqlmodel import func

    from shop.models import Address

    url = f"sqlite:///{tmp_path / 'upgrade.db'}"
    alembic_command.upgrade(alembic_config(url), "0001")
    engine = make_engine(url)
    # Rows written as the first schema had them (today's models may have more columns).
    with engine.begin() as connection:
        for number in range(1, 6):
            connection.execute(text(
                "INSERT INTO customer (id, customer_number, email, first_name, last_name, company, vat_number, "
                "phone, language, newsletter_opt_in, is_blocked, approved_buyer, tax_exempt, source, notes, "
                "created_at, updated_at) VALUES (:id, :number, :email, 'Ana', 'Lopez', '', '', '', 'en', 0, 0, 1, "
                "0, 'signup', '', '2026-01-01 00:00:00', '2026-01-01 00:00:00')"),
                {"id": number, "number": f"C{number:05d}", "email": f"c{number}@example.com"})
            connection.execute(text(
                "INSERT INTO address (customer_id, name, company_name, street_address, city, city_area, "
                "postal_code, sorting_code, country_area, country_code, phone, is_default_billing, "
                "is_default_shipping, created_at, updated_at) VALUES (:id, 'Ana Lopez', '', '1 rue Mouffetard', "
                "'Paris', '', '75005', '', '', 'FR', '', 1, 1, '2026-01-01 00:00:00', '2026-01-01 00:00:00')"),
                {"id": number})
    with Session(engine) as db:
        before = db.exec(select(func.count()).select_from(Address)).one()
    assert before == 5
    engine.dispose()
    upgrade_database(url)
    engine = make_engine(url)
    with Session(engine) as db:
        assert db.exec(select(func.count()).select_from(Address)).one() == before
        last = db.exec(select(Customer).order_by(Customer.id.desc())).first()
        last_id = last.id
        db.delete(last)
        db.commit()
        db.add(Customer(customer_number="C-new", email="new@example.com"))
        db.commit()
        assert db.exec(select(Customer).where(Customer.email == "new@example.com")).one().id > last_id
        db.add(Customer(customer_number="C-dup", email="NEW@example.com"))
        with pytest.raises(IntegrityError):
            db.commit()
