"""Customer ids are never reused: SQLite AUTOINCREMENT on the customer table

A deleted customer's id, and so its customer number, must not go to the next sign-up.
PostgreSQL sequences never reuse values, so only SQLite changes.

Revision ID: 0002
Revises: 0001
"""
from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: Union[str, None] = "0001"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def _rebuild_customer(autoincrement: bool) -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    with op.batch_alter_table("customer", recreate="always",
                              table_kwargs={"sqlite_autoincrement": autoincrement}):
        pass
    # SQLite cannot reflect the expression index, so the rebuild leaves it out: create it again.
    op.execute(sa.text("CREATE UNIQUE INDEX IF NOT EXISTS uq_customer_email_lower ON customer (lower(email))"))


def upgrade() -> None:
    _rebuild_customer(True)


def downgrade() -> None:
    _rebuild_customer(False)
